#!/usr/bin/env bash
# Zero-downtime benchmark: traffic latency while each kind of schema change runs, naively (psql) and
# through Manor. Starts its own PostgreSQL 15 on 127.0.0.1:$PORT in a temp dir, stops it by PID at exit.
# Usage: bench/run-zero-downtime.sh            (from anywhere; builds the jar first)
# Env:   ROWS (2000000) RATE (300 tps) WINDOW (20 s) LONG_WINDOW (50 s, backfill and type change) PORT (55432)
#        ONLY (regex of the changes to run, e.g. ONLY=backfill; the baseline always runs). The change plans
#        (rename and type change written by manor new --change) run only when asked: ONLY=plans
#        SKIP (regex of scenario names not to run, e.g. SKIP=naive)
#        DIAG=1: the server logs DDL and every statement over 50 ms with timestamps, and bench/out keeps the
#        server log and the pgbench transaction logs, to tell which step of a change stalled the traffic (autovacuums
#        and checkpoints are logged too)
#        PIN (1): pin the database side and the client side to separate cores with `taskset -c`, as in
#        production where Manor runs on another machine than the database: the PostgreSQL server (postmaster;
#        its backends, checkpointer and WAL writer inherit the affinity) and pgbench on core $DB_CORE (0), the
#        Manor JVM and every psql (the naive changes too, for fairness, and the setup) on core $CLIENT_CORE (1).
#        PIN=0 runs everything unpinned (the figures before this knob).
#        TYPE_BACKFILL (batch=1000 target=50ms): the backfill settings of the type change
#        WAITS=1: while the change runs, sample what the traffic's backends wait for every 10 ms
#        (pg_stat_activity.wait_event; "CPU" when running or runnable) and print the commonest waits under each
#        scenario's line; bench/out/<scenario>/waits keeps the timestamped samples
#        WARM_WAL (1): start the server with min_wal_size=4GB (= max_wal_size) and ~4 GB of recycled WAL segments,
#        as a server that has run with that setting under write load has (the type change writes ~1 GB of WAL).
#        WARM_WAL=0 keeps the defaults (80MB) of a fresh, quiet server, where every 16 MB of WAL a change writes
#        creates a segment file and stalls every commit meanwhile (WAITS=1 shows them as IO:WALInitWrite;
#        Manor's backfills warn about it)
#        PG_OPTS: more server options, e.g. "-c autovacuum=off" (no '|' in them)
#        MANOR_JAVA_OPTS (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto): JVM options for Manor's CLI
#        that cut its start-up CPU burst (C1 only, one GC thread, class data sharing); MANOR_JAVA_OPTS= for none
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PGBIN=/usr/lib/postgresql/15/bin
PORT="${PORT:-55432}"
ROWS="${ROWS:-2000000}"
RATE="${RATE:-300}"
WINDOW="${WINDOW:-20}"
LONG_WINDOW="${LONG_WINDOW:-50}"
ONLY="${ONLY:-.}"
SKIP="${SKIP:-}"
DIAG="${DIAG:-}"
WAITS="${WAITS:-}"
WARM_WAL="${WARM_WAL:-1}"
PIN="${PIN:-1}"
DB_CORE="${DB_CORE:-0}"
CLIENT_CORE="${CLIENT_CORE:-1}"
MANOR_JAVA_OPTS="${MANOR_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto}"
TYPE_BACKFILL="${TYPE_BACKFILL:-batch=1000 target=50ms}"
CHANGE_AT=5
WORK="$(mktemp -d /tmp/manor-bench.XXXXXX)"
chmod 755 "$WORK"
PG_PID=""

cleanup() {
    if [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; then
        kill -INT "$PG_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.2; done
    fi
    if [ -d "$WORK/logs" ]; then # keep what each change printed, for reading the figures
        rm -rf "$ROOT/bench/out"; mkdir -p "$ROOT/bench/out"
        (cd "$WORK/logs" && find . \( -name '*.out' -o -name waits \) -exec cp --parents {} "$ROOT/bench/out/" \;) || true
        if [ -n "$DIAG" ]; then
            (cd "$WORK/logs" && find . -name 'tx*' -exec cp --parents {} "$ROOT/bench/out/" \;) || true
            cp "$WORK/server.log" "$ROOT/bench/out/server.log" 2>/dev/null || true
        fi
        cp "$WORK/results.txt" "$ROOT/bench/out/results.txt" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# on_db_core / on_client_core <command...>: run on that side's core (a no-op with PIN=0)
if [ "$PIN" = 1 ]; then
    command -v taskset >/dev/null || { echo "PIN=1 needs taskset (util-linux)" >&2; exit 1; }
    on_db_core() { taskset -c "$DB_CORE" "$@"; }
    on_client_core() { taskset -c "$CLIENT_CORE" "$@"; }
else
    on_db_core() { "$@"; }
    on_client_core() { "$@"; }
fi
as_pg() { runuser -u postgres -- "$@"; }
psql_() { on_client_core "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d bench "$@"; }
now_ms() { date +%s%3N; }
want() { [[ "$1" =~ $ONLY ]]; }

echo "== building Manor"
(cd "$ROOT" && mvn -q -B -o -DskipTests package) # package, never install: ~/.m2 is shared
JAR="$ROOT/manor-cli/target/manor.jar"

echo "== starting PostgreSQL 15 in $WORK"
mkdir -p "$WORK/data" "$WORK/logs" "$WORK/project/migrations"
chown -R postgres "$WORK"
as_pg "$PGBIN/initdb" -D "$WORK/data" -U postgres --auth=trust >/dev/null
DIAG_OPTS=""
if [ "$WARM_WAL" = 1 ]; then DIAG_OPTS="-c min_wal_size=4GB"; fi
if [ -n "$DIAG" ]; then
    DIAG_OPTS="$DIAG_OPTS -c log_line_prefix='%m [%p] %a ' -c log_statement=ddl -c log_min_duration_statement=50 -c log_autovacuum_min_duration=0 -c log_checkpoints=on"
fi
on_db_core runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w start \
    -o "$DIAG_OPTS -p $PORT -c listen_addresses=127.0.0.1 -k $WORK -c shared_buffers=256MB -c max_wal_size=4GB -c max_connections=50 ${PG_OPTS:-}" >/dev/null
PG_PID="$(head -1 "$WORK/data/postmaster.pid")"
echo "== server pid $PG_PID: $(taskset -cp "$PG_PID" 2>/dev/null | sed 's/.*: /cores /'); Manor: java $MANOR_JAVA_OPTS"
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres bench
PGVERSION="$(psql_ -At -c 'SHOW server_version')"

echo "== loading $ROWS rows"
psql_ <<SQL
CREATE TABLE ref (id int PRIMARY KEY);
INSERT INTO ref SELECT g FROM generate_series(1, 1000) g;
CREATE TABLE bench (id bigint PRIMARY KEY, v int NOT NULL DEFAULT 0, r1 int DEFAULT 0, r2 int DEFAULT 0,
                    t1 int DEFAULT 1, t2 int DEFAULT 1, ref_id int, b1 int, b2 int);
INSERT INTO bench (id, ref_id) SELECT g, g % 1000 + 1 FROM generate_series(1, $ROWS) g;
VACUUM ANALYZE bench;
SQL
if [ "$WARM_WAL" = 1 ]; then
    echo "== warming the WAL: ~4.5 GB written, then recycled by checkpoints"
    for _ in 1 2 3 4; do
        psql_ -c "CREATE TABLE wal_filler AS SELECT g, repeat('x', 500) AS pad FROM generate_series(1, 2000000) g" \
            -c "DROP TABLE wal_filler" >/dev/null
    done
    psql_ -c "CHECKPOINT" -c "SELECT pg_switch_wal()" -c "CHECKPOINT" >/dev/null
fi
psql_ -c "CHECKPOINT" >/dev/null; sync # the baseline starts settled, as every scenario does (see scenario)
echo "== WAL segments ready: $(psql_ -At -c "SELECT pg_size_pretty(count(*) FILTER (WHERE name > pg_walfile_name(pg_current_wal_insert_lsn())) * pg_size_bytes(current_setting('wal_segment_size'))) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}\$'")"

cat > "$WORK/traffic.sql" <<SQL
\set id random(1, $ROWS)
SELECT v FROM bench WHERE id = :id;
UPDATE bench SET v = v + 1 WHERE id = :id;
SQL
# WAITS: one line per sample and waiting-or-running traffic backend
cat > "$WORK/waits.sql" <<'SQL'
SELECT to_char(clock_timestamp(), 'HH24:MI:SS.MS'), coalesce(wait_event_type || ':' || wait_event, 'CPU')
FROM pg_stat_activity WHERE application_name = 'pgbench' AND state = 'active'
\watch 0.01
SQL
chown -R postgres "$WORK"

URL="jdbc:postgresql://127.0.0.1:$PORT/bench?user=postgres"
# DIAG: every statement of Manor's own connections is logged with its duration
if [ -n "$DIAG" ]; then URL="$URL&options=-c%20log_min_duration_statement%3D0"; fi
# MANOR_JAVA_OPTS unquoted on purpose: several options in one variable
manor() { on_client_core java $MANOR_JAVA_OPTS -jar "$JAR" -C "$WORK/project" deploy --url "$URL" "$@"; }
migration() { # migration <folder> <up sql> [backfill sql]
    mkdir -p "$WORK/project/migrations/$1"
    printf '%s\n' "$2" > "$WORK/project/migrations/$1/migration.sql"
    printf 'SELECT 1;\n' > "$WORK/project/migrations/$1/down.sql"
    if [ $# -ge 3 ]; then printf '%s\n' "$3" > "$WORK/project/migrations/$1/backfill.sql"; fi
}

RESULTS="$WORK/results.txt"
: > "$RESULTS"
# scenario <name> <window s> <command...>: traffic for the window, the change starts CHANGE_AT s in.
scenario() {
    local name="$1" window="$2"; shift 2
    if [ -n "$SKIP" ] && [[ "$name" =~ $SKIP ]]; then return 0; fi
    local logdir="$WORK/logs/$name"; mkdir -p "$logdir"; chown postgres "$logdir"
    on_db_core "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PORT" -U postgres -c 8 -j 2 -R "$RATE" -T "$window" \
        -f "$WORK/traffic.sql" -l --log-prefix="$logdir/tx" bench > "$logdir/pgbench.out" 2>&1 &
    local bench_pid=$! sampler_pid="" lsn0
    lsn0="$(psql_ -At -c "SELECT pg_current_wal_insert_lsn()")"
    sleep "$CHANGE_AT"
    if [ -n "$WAITS" ]; then
        # timeout runs programs, not shell functions: psql_ spelled out
        timeout "$(( window - CHANGE_AT ))" $( [ "$PIN" = 1 ] && echo taskset -c "$CLIENT_CORE" ) "$PGBIN/psql" -X -q \
            -h 127.0.0.1 -p "$PORT" -U postgres -d bench -At -F ' ' -f "$WORK/waits.sql" > "$logdir/waits" 2>&1 &
        sampler_pid=$!
    fi
    local t0 t1 outcome=ok
    t0=$(now_ms)
    if [ $# -gt 0 ]; then "$@" > "$logdir/change.out" 2>&1 || outcome=FAILED; fi
    t1=$(now_ms)
    wait "$bench_pid" || true
    if [ -n "$sampler_pid" ]; then wait "$sampler_pid" || true; fi
    local aborted
    aborted=$(grep -c "aborted" "$logdir/pgbench.out" || true)
    read -r n p99 max over gap < <(python3 "$ROOT/bench/analyze_pgbench.py" "$logdir/tx")
    local took=$(( $# > 0 ? t1 - t0 : 0 ))
    # a change that outlasts the traffic's window was not measured whole: said in the outcome, not hidden
    if [ "$took" -gt $(( (window - CHANGE_AT) * 1000 )) ] && [ "$outcome" = ok ]; then outcome=OUTLASTED; fi
    local wal_mb # WAL written on the server during the window, the traffic's included
    wal_mb="$(psql_ -At -c "SELECT round(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '$lsn0') / 1048576)")"
    printf '%-28s %7s %9s %9s %6s %9s %9s %7s %8s %s\n' "$name" "$n" "$p99" "$max" "$over" "$gap" "$took" "$wal_mb" "$outcome" \
        "$( [ "$aborted" != 0 ] && echo "aborted-clients=$aborted" )" | tee -a "$RESULTS"
    if [ -n "$sampler_pid" ]; then
        echo "    waits: $(awk 'NF == 2 { print $2 }' "$logdir/waits" | sort | uniq -c | sort -rn | head -5 \
            | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')" | tee -a "$RESULTS"
    fi
    # the next scenario starts settled: dead rows vacuumed, dirty pages written by a checkpoint (which also
    # recycles this one's WAL segments) and flushed by the kernel, so that no change pays for the one before
    psql_ -c "VACUUM bench" -c "CHECKPOINT" >/dev/null
    sync
}

printf '%-28s %7s %9s %9s %6s %9s %9s %7s %8s\n' scenario txns p99_ms max_ms '>1s' gap_ms change_ms wal_mb outcome | tee -a "$RESULTS"
scenario baseline "$WINDOW"

# Initialise Manor's history with a no-op so that the first timed deploy does not create tables.
migration 20240101000000_init 'SELECT 1;'
manor > /dev/null

# 1. add a column
if want add-column; then
scenario add-column/naive "$WINDOW" psql_ -c "ALTER TABLE bench ADD COLUMN a_naive int DEFAULT 0"
migration 20240102000000_add_column 'ALTER TABLE bench ADD COLUMN a_manor int DEFAULT 0;'
scenario add-column/manor "$WINDOW" manor
fi

# 2. make a column required
if want set-not-null; then
scenario set-not-null/naive "$WINDOW" psql_ -c "ALTER TABLE bench ALTER COLUMN r1 SET NOT NULL"
migration 20240103000000_r2_check 'ALTER TABLE bench ADD CONSTRAINT r2_nn CHECK (r2 IS NOT NULL) NOT VALID;'
migration 20240103000001_r2_validate 'ALTER TABLE bench VALIDATE CONSTRAINT r2_nn;'
migration 20240103000002_r2_required 'ALTER TABLE bench ALTER COLUMN r2 SET NOT NULL;
ALTER TABLE bench DROP CONSTRAINT r2_nn;'
scenario set-not-null/manor "$WINDOW" manor
fi

# 3. add an index
if want add-index; then
scenario add-index/naive "$WINDOW" psql_ -c "CREATE INDEX bench_r1_naive ON bench (r1)"
migration 20240104000000_add_index '-- manor:no-transaction
CREATE INDEX CONCURRENTLY bench_r2_manor ON bench (r2);'
scenario add-index/manor "$WINDOW" manor
fi

# 4. add a foreign key
if want add-fk; then
scenario add-fk/naive "$WINDOW" psql_ -c "ALTER TABLE bench ADD CONSTRAINT fk_naive FOREIGN KEY (ref_id) REFERENCES ref (id)"
migration 20240105000000_fk 'ALTER TABLE bench ADD CONSTRAINT fk_manor FOREIGN KEY (ref_id) REFERENCES ref (id) NOT VALID;'
migration 20240105000001_fk_validate 'ALTER TABLE bench VALIDATE CONSTRAINT fk_manor;'
scenario add-fk/manor "$WINDOW" manor
fi

# 5. change a type (int -> bigint): naive rewrite vs new column + sync trigger + batched backfill + switch
if want change-type; then
scenario change-type/naive "$LONG_WINDOW" psql_ -c "ALTER TABLE bench ALTER COLUMN t1 TYPE bigint"
# the function first (no lock on bench), then the two brief steps that lock bench, each under a short lock_timeout
migration 20240106000000_t2_expand '-- manor:lock-timeout 100ms
CREATE FUNCTION bench_t2_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.t2_new := NEW.t2; RETURN NEW; END $$;
ALTER TABLE bench ADD COLUMN t2_new bigint;
CREATE TRIGGER bench_t2_sync BEFORE INSERT OR UPDATE ON bench FOR EACH ROW EXECUTE FUNCTION bench_t2_sync();' \
"-- manor:backfill $TYPE_BACKFILL
UPDATE bench SET t2_new = t2 WHERE t2_new IS DISTINCT FROM t2;"
# the switch alone: ACCESS EXCLUSIVE for three catalog updates, given up after 100 ms and retried rather than queued behind
migration 20240106000001_t2_switch '-- manor:lock-timeout 100ms
ALTER TABLE bench RENAME COLUMN t2 TO t2_old;
ALTER TABLE bench RENAME COLUMN t2_new TO t2;
DROP TRIGGER bench_t2_sync ON bench;'
migration 20240106000002_t2_cleanup 'DROP FUNCTION bench_t2_sync();'
scenario change-type/manor "$LONG_WINDOW" manor
fi

# control: a Manor deploy with nothing pending (JVM start, connect, analysis, history read; no DDL), to tell
# what running Manor's JVM on this 2-core box costs the traffic from what a change costs it
if want jvm-start; then
scenario jvm-start/manor-nothing-pending "$WINDOW" manor
fi

# 6. backfill 2M rows: one big UPDATE vs Manor's batched backfill
if want backfill; then
# each variant starts from a freshly packed table: free space left by the previous run would let this
# one's updates stay on their page (HOT) and flatter whichever runs later
# and right after a checkpoint, so that no variant meets a checkpoint (and its full-page writes) the others miss
pack() { psql_ -c "VACUUM FULL bench" -c "ANALYZE bench" -c "CHECKPOINT"; }
pack
scenario backfill/naive "$LONG_WINDOW" psql_ -c "UPDATE bench SET b1 = v"
# Manor's default throttle (no settings: adaptive, each batch under 100 ms)
migration 20240107000000_backfill 'SELECT 1;' 'UPDATE bench SET b2 = v;'
pack
scenario backfill/manor "$LONG_WINDOW" manor
# the same backfill with other throttles: fixed batches without pause, and a shorter adaptive target
migration 20240107000001_backfill_fixed 'SELECT 1;' '-- manor:backfill batch=5000
UPDATE bench SET b2 = v + 1;'
pack
scenario backfill/manor-batch5000 "$LONG_WINDOW" manor
migration 20240107000002_backfill_t50 'SELECT 1;' '-- manor:backfill batch=2000 target=50ms
UPDATE bench SET b2 = v + 2;'
pack
scenario backfill/manor-target50 "$LONG_WINDOW" manor
fi

# 7. lock queue: a 15 s transaction holds ACCESS SHARE on bench when the ALTER arrives
if want lock-queue; then
hold() { psql_ -c "BEGIN; SELECT count(*) FROM ref; SELECT 1 FROM bench LIMIT 1; SELECT pg_sleep(15); COMMIT;" >/dev/null; }
queued() { hold & local h=$!; sleep 1; "$@"; local rc=$?; wait $h; return $rc; }
scenario lock-queue/naive 25 queued psql_ -c "ALTER TABLE bench ADD COLUMN q_naive int"
migration 20240108000000_queue 'ALTER TABLE bench ADD COLUMN q_manor int;'
scenario lock-queue/manor 25 queued manor
fi

# 8. change plans written by `manor new --change` (opt-in: ONLY=plans; the default run leaves them out):
# a rename and a type change of a 2M-row column, each step deployed under the traffic as a person would,
# the expand (new column, sync trigger, batched backfill) and the contract (after manor confirm)
if [[ "$ONLY" =~ plans ]]; then
psql_ -c "ALTER TABLE bench ADD COLUMN p1 int DEFAULT 1" -c "ALTER TABLE bench ADD COLUMN p2 int DEFAULT 1" >/dev/null
manor_cli() { on_client_core java $MANOR_JAVA_OPTS -jar "$JAR" -C "$WORK/project" "$@"; }
step_id() { ls "$WORK/project/migrations" | grep "_$1\$" | cut -c1-14; }
manor_cli new --change rename-column --table bench --column p1 --to p1_renamed --type integer --wait 0s \
    > "$WORK/logs/plan-rename.new" 2>&1
scenario plan-rename/expand "$LONG_WINDOW" manor --to "$(step_id rename_bench_p1_to_p1_renamed_expand)"
manor_cli confirm rename_bench_p1_to_p1_renamed --reason "benchmark: no old reader" --url "$URL" >/dev/null
scenario plan-rename/contract "$WINDOW" manor --to "$(step_id rename_bench_p1_to_p1_renamed_contract)"
# the rename's drop waits 7 days (a deploy --to past it is refused): it leaves the project, and the type
# change is written after it, so its steps come later
rm -r "$WORK/project/migrations/"*_rename_bench_p1_to_p1_renamed_drop
manor_cli new --change change-type --table bench --column p2 --to p2_big --type bigint --from-type integer --wait 0s \
    > "$WORK/logs/plan-type.new" 2>&1
scenario plan-type/expand "$LONG_WINDOW" manor --to "$(step_id change_bench_p2_type_expand)"
manor_cli confirm change_bench_p2_type --reason "benchmark: no old reader" --url "$URL" >/dev/null
scenario plan-type/contract "$WINDOW" manor --to "$(step_id change_bench_p2_type_contract)"
fi

echo
echo "PIN=$PIN (server and pgbench on core $DB_CORE, Manor and psql on core $CLIENT_CORE), MANOR_JAVA_OPTS=$MANOR_JAVA_OPTS"
echo "PostgreSQL $PGVERSION, $(nproc) cores, $ROWS rows, $RATE tps over 8 clients; change starts ${CHANGE_AT}s into each window"
if [ "$(psql_ -At -c "SELECT to_regclass('manor.manor_backfills') IS NOT NULL")" = t ]; then
    echo "Manor backfills: $(psql_ -At -F ' ' -c "SELECT migration_id, rows_done, round(extract(epoch FROM finished_at - started_at)::numeric, 1) FROM manor.manor_backfills ORDER BY started_at" | tr '\n' ';')"
fi
