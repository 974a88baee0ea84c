#!/usr/bin/env bash
# Writes N small migrations into DIR/migrations, in blocks of ten: 5 CREATE TABLE, 3 ADD COLUMN and
# 2 CREATE INDEX on the tables the block just created (N=1000: 500, 300, 200). Also writes DIR/floor.sql,
# the same DDL as plain psql would run it: one transaction and one history INSERT per migration.
set -euo pipefail
n="${1:?usage: gen-migrations.sh N DIR}"
dir="${2:?usage: gen-migrations.sh N DIR}"
rm -rf "$dir/migrations"
mkdir -p "$dir/migrations"
floor="$dir/floor.sql"
{
  echo "\\set ON_ERROR_STOP on"
  echo "CREATE TABLE IF NOT EXISTS floor_history (id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());"
} >"$floor"
table=0
for ((i = 1; i <= n; i++)); do
  slot=$(( (i - 1) % 10 ))
  block_first=$(( ((i - 1) / 10) * 5 + 1 ))
  if (( slot < 5 )); then
    table=$(( block_first + slot ))
    t=$(printf 't%05d' "$table")
    name="create_$t"; up="CREATE TABLE $t (id bigint PRIMARY KEY, name text);"; down="DROP TABLE $t;"
  elif (( slot < 8 )); then
    t=$(printf 't%05d' $(( block_first + slot - 5 )))
    name="add_column_$t"; up="ALTER TABLE $t ADD COLUMN note text;"; down="ALTER TABLE $t DROP COLUMN note;"
  else
    t=$(printf 't%05d' $(( block_first + slot - 8 )))
    name="index_$t"; up="CREATE INDEX ${t}_name_idx ON $t (name);"; down="DROP INDEX ${t}_name_idx;"
  fi
  id=$(printf '2026%010d' "$i")
  m="$dir/migrations/${id}_$name"
  mkdir "$m"
  printf '%s\n' "$up" >"$m/migration.sql"
  printf '%s\n' "$down" >"$m/down.sql"
  printf 'BEGIN;\n%s\nINSERT INTO floor_history (id, checksum) VALUES (%s, md5(%s));\nCOMMIT;\n' \
    "$up" "'$id'" "'$up'" >>"$floor"
done
