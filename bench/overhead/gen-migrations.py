#!/usr/bin/env python3
"""gen-migrations.py N DIR: N small migrations in DIR/migrations (Manor) and DIR/flyway (Flyway), in blocks of
ten: 5 CREATE TABLE, 3 ADD COLUMN and 2 CREATE INDEX on the tables the block just created (N=1000: 500, 300,
200). Also DIR/floor.sql, the same DDL as plain psql runs it: one transaction and one history INSERT each."""
import os
import shutil
import sys

n, root = int(sys.argv[1]), sys.argv[2]
for sub in ("migrations", "flyway"):
    shutil.rmtree(os.path.join(root, sub), ignore_errors=True)
    os.makedirs(os.path.join(root, sub))
floor = ["\\set ON_ERROR_STOP on",
         "CREATE TABLE IF NOT EXISTS floor_history (id text PRIMARY KEY, checksum text NOT NULL,"
         " applied_at timestamptz NOT NULL DEFAULT now());"]
for i in range(1, n + 1):
    slot, first = (i - 1) % 10, ((i - 1) // 10) * 5 + 1
    if slot < 5:
        t = f"t{first + slot:05d}"
        name, up, down = f"create_{t}", f"CREATE TABLE {t} (id bigint PRIMARY KEY, name text);", f"DROP TABLE {t};"
    elif slot < 8:
        t = f"t{first + slot - 5:05d}"
        name, up, down = f"add_column_{t}", f"ALTER TABLE {t} ADD COLUMN note text;", f"ALTER TABLE {t} DROP COLUMN note;"
    else:
        t = f"t{first + slot - 8:05d}"
        name, up, down = f"index_{t}", f"CREATE INDEX {t}_name_idx ON {t} (name);", f"DROP INDEX {t}_name_idx;"
    mid = f"2026{i:010d}"
    folder = os.path.join(root, "migrations", f"{mid}_{name}")
    os.mkdir(folder)
    with open(os.path.join(folder, "migration.sql"), "w") as f:
        f.write(up + "\n")
    with open(os.path.join(folder, "down.sql"), "w") as f:
        f.write(down + "\n")
    with open(os.path.join(root, "flyway", f"V{mid}__{name}.sql"), "w") as f:
        f.write(up + "\n")
    floor += ["BEGIN;", up, f"INSERT INTO floor_history (id, checksum) VALUES ('{mid}', md5('{up}'));", "COMMIT;"]
with open(os.path.join(root, "floor.sql"), "w") as f:
    f.write("\n".join(floor) + "\n")
