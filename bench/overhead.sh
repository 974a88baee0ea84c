#!/usr/bin/env bash
# Deploy overhead: Manor against the psql floor and against Flyway, on the same PostgreSQL 15, in the same run.
#
#   bench/overhead.sh [ROUNDS]    (default 3; SIZES="250 500 1000", STATUS_ROUNDS=1, PORT=55601 by default;
#                                  STATUS_DRIFT=1 also times `status` with its drift check; BUILD=0 skips the build;
#                                  MANOR_ARGS adds deploy flags, e.g. "--traffic-guard off"; PG_OPTS adds server
#                                  options, e.g. "-c log_min_duration_statement=0", and keeps the server log in
#                                  bench/out/overhead-server.log)
#
# Builds the migration sets (bench/overhead/gen-migrations.py: blocks of 5 CREATE TABLE, 3 ADD COLUMN and
# 2 CREATE INDEX on the tables just created), starts Debian's PostgreSQL 15 in a temp dir (as user postgres,
# 127.0.0.1 only), and in every round, for every size, deploys each set into a fresh database with
#   psql   - the floor: one transaction and one history INSERT per migration (floor.sql, Debian's psql),
#   jdbc   - the same work through pgjdbc in a JVM (bench/overhead/flyway/JdbcFloor.java): a Java tool's floor,
#   flyway - Flyway 13.12.1 `migrate` (bench/overhead/flyway, a Maven project of the benchmark only),
#   manor  - `java -jar manor-cli/target/manor.jar deploy`,
# in an order that rotates each round. Then times `manor status` and `manor status --no-drift` (and
# Flyway `info`) on the largest set. Prints every run, the medians, the same-round ratios to the floor,
# and the marginal cost per migration between sizes. Wall times include each tool's process start.
set -euo pipefail
rounds="${1:-3}"
sizes="${SIZES:-250 500 1000}"
port="${PORT:-55601}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pgbin=/usr/lib/postgresql/15/bin
psql="$pgbin/psql"
jar="$here/manor-cli/target/manor.jar"
flyway_dir="$here/bench/overhead/flyway"
java_opts=${MANOR_JAVA_OPTS:-}

work="$(mktemp -d /tmp/manor-overhead.XXXXXX)"
chmod 755 "$work"
cleanup() {
  if [ -f "$work/pg/data/postmaster.pid" ]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "${PG_OPTS:-}" ] && [ -f "$work/pg/log" ]; then
    mkdir -p "$here/bench/out" && cp "$work/pg/log" "$here/bench/out/overhead-server.log"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "building Manor and the Flyway runner..." >&2
if [ "${BUILD:-1}" = 1 ]; then
  (cd "$here" && mvn -q -B -DskipTests -Dmaven.javadoc.skip=true -pl manor-cli -am package) >&2
fi
(cd "$flyway_dir" && mvn -q -B package dependency:copy-dependencies) >&2
flyway_cp="$flyway_dir/target/classes:$flyway_dir/target/dependency/*"

for n in $sizes; do
  python3 "$here/bench/overhead/gen-migrations.py" "$n" "$work/set$n"
done
chmod -R a+rX "$work"

mkdir "$work/pg" && chown postgres "$work/pg"
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 ${PG_OPTS:-}" start >/dev/null
admin() { "$psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "$1" >/dev/null; }
url() { echo "jdbc:postgresql://127.0.0.1:$port/$1"; }

now() { date +%s%N; }
results="$work/results.tsv"   # round, tool, size, ms
run() { # run ROUND TOOL SIZE: one deploy into a fresh database
  local round=$1 tool=$2 n=$3 db="b_$2_$3_$1" start end
  admin "CREATE DATABASE $db"
  start=$(now)
  case $tool in
    psql) "$psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d "$db" -f "$work/set$n/floor.sql" >/dev/null ;;
    jdbc) java -cp "$flyway_cp" JdbcFloor "$(url "$db")" postgres "$work/set$n/flyway" >/dev/null 2>&1 ;;
    flyway) java -cp "$flyway_cp" FlywayRun migrate "$(url "$db")" postgres "$work/set$n/flyway" >/dev/null 2>&1 ;;
    manor) java $java_opts -jar "$jar" deploy ${MANOR_ARGS:-} --url "$(url "$db")" --user postgres \
             --migrations "$work/set$n/migrations" >/dev/null 2>"$work/manor-$n-$round.err" ;;
  esac
  end=$(now)
  printf '%s\t%s\t%s\t%s\n' "$round" "$tool" "$n" $(( (end - start) / 1000000 )) | tee -a "$results" >&2
}

tools=(psql jdbc flyway manor)
for ((r = 1; r <= rounds; r++)); do
  for n in $sizes; do
    for ((k = 0; k < ${#tools[@]}; k++)); do
      run "$r" "${tools[$(( (k + r) % ${#tools[@]} ))]}" "$n"
    done
    # keep the last round's databases of the largest size for the status timings
    if [ "$r" -lt "$rounds" ]; then
      for t in "${tools[@]}"; do admin "DROP DATABASE b_${t}_${n}_$r"; done
    fi
  done
done

largest="${sizes##* }"
status_results="$work/status.tsv"
for ((r = 1; r <= ${STATUS_ROUNDS:-1}; r++)); do
  for what in "status --no-drift" "flyway info" ${STATUS_DRIFT:+"status"}; do
    start=$(now)
    if [ "$what" = "flyway info" ]; then
      java -cp "$flyway_cp" FlywayRun info "$(url "b_flyway_${largest}_$rounds")" postgres "$work/set$largest/flyway" >/dev/null 2>&1
    else
      # shellcheck disable=SC2086
      java $java_opts -jar "$jar" $what --url "$(url "b_manor_${largest}_$rounds")" --user postgres \
        --migrations "$work/set$largest/migrations" >/dev/null 2>&1 || true
    fi
    end=$(now)
    printf '%s\t%s\t%s\n' "$r" "$what" $(( (end - start) / 1000000 )) | tee -a "$status_results" >&2
  done
done

echo
echo "Server: $("$psql" -X -qAt -h 127.0.0.1 -p "$port" -U postgres -d postgres -c 'SHOW server_version')," \
  "$(nproc) cores; $rounds rounds; wall ms including process start"
python3 - "$results" "$status_results" "$largest" "$work" <<'PY'
import statistics, sys, collections, glob, re
rows = [l.split('\t') for l in open(sys.argv[1]).read().split('\n') if l]
t = collections.defaultdict(dict)
for r, tool, n, ms in rows:
    t[(tool, int(n))][int(r)] = int(ms)
sizes = sorted({n for _, n in t})
med = lambda xs: statistics.median(xs)
print("\n| migrations | psql floor | JDBC floor | Flyway migrate | Manor deploy | JDBC / floor | Flyway / floor"
      " | Manor / floor | Manor / JDBC | Manor / Flyway |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    p, j, f, m = (t[(x, n)] for x in ("psql", "jdbc", "flyway", "manor"))
    ratio = lambda a, b: med([a[r] / b[r] for r in a if r in b])
    print(f"| {n} | {med(p.values())/1000:.2f} s | {med(j.values())/1000:.2f} s | {med(f.values())/1000:.2f} s "
          f"| {med(m.values())/1000:.2f} s | {ratio(j, p):.2f}x | {ratio(f, p):.2f}x | {ratio(m, p):.2f}x "
          f"| {ratio(m, j):.2f}x | {ratio(m, f):.2f}x |")
print("\nmarginal cost per migration (median of same-round differences):")
print("| between | psql floor | JDBC floor | Flyway | Manor |")
print("|---|---:|---:|---:|---:|")
for a, b in zip(sizes, sizes[1:]):
    cells = []
    for tool in ("psql", "jdbc", "flyway", "manor"):
        x, y = t[(tool, a)], t[(tool, b)]
        cells.append(f"{med([(y[r] - x[r]) / (b - a) for r in x if r in y]):.2f} ms")
    print(f"| {a} → {b} | " + " | ".join(cells) + " |")
srows = [l.split('\t') for l in open(sys.argv[2]).read().split('\n') if l]
s = collections.defaultdict(list)
for r, what, ms in srows:
    s[what].append(int(ms))
print(f"\non the {sys.argv[3]}-migration result (median wall, process start included):")
for what, ms in s.items():
    print(f"  {what}: {med(ms)/1000:.2f} s")
errs = sorted(glob.glob(sys.argv[4] + f"/manor-{sys.argv[3]}-*.err"))
if errs:
    text = open(errs[-1]).read()
    print(f"\nManor deploy of {sys.argv[3]}: {len(re.findall(r'ERROR .*create-index-non-concurrent', text))}"
          f" 'ERROR [create-index-non-concurrent]' lines, {len(re.findall(r'^ *(ERROR|WARNING) ', text, re.M))}"
          " analysis warnings printed in all")
PY
