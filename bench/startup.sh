#!/usr/bin/env bash
# Start-up and status figures of docs/benchmarks.md ("Start-up and status"):
#   bench/startup.sh [ROUNDS] [MIGRATIONS]      (defaults 5 and 1000; SKIP_STARTS=1: status part only)
# Times, through the ./manor launcher, each as the median of ROUNDS runs:
#   - the JVM alone (manor --version) and manor --help, with and without the AppCDS archive;
#   - the embedded PostgreSQL: a cold first start (no initdb template in the cache), a new project's first
#     start with the template, and a warm start of an existing project cluster (manor db start);
#   - manor status on MIGRATIONS applied migrations (500 CREATE TABLE, 300 ADD COLUMN, 200 CREATE INDEX per
#     1,000), server already running: --no-drift, the first drift check (rebuilds, fills .manor/drift/), and
#     the warm drift check (cached), each also as work after the JVM start (minus the --version median).
# Everything happens in a temp folder with its own cache (MANOR_CACHE_DIR), deleted at the end. Table on stdout.
set -euo pipefail
rounds="${1:-5}"
count="${2:-1000}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manor="$root/manor"
work="$(mktemp -d)"
export MANOR_CACHE_DIR="$work/cache"
cleanup() {
  for p in "$work"/p*; do [ -d "$p/.manor/pgdata" ] && "$manor" -C "$p" db stop >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
"$manor" --version >/dev/null # builds on first use, and makes the CDS archive

now() { date +%s%N; }
# Wall milliseconds of one command (its output discarded; a failure stops the benchmark).
ms() {
  local start end
  start=$(now)
  if ! "$@" >"$work/out" 2>"$work/err"; then
    echo "startup.sh: failed: $*" >&2; cat "$work/err" >&2; exit 1
  fi
  end=$(now)
  echo "startup.sh: $(((end - start) / 1000000)) ms  ${MANOR_CDS:+MANOR_CDS=$MANOR_CDS }$*" >&2
  echo $(((end - start) / 1000000))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
row() { printf '| %s | %s ms | %s |\n' "$1" "$2" "$3"; }
project() { mkdir -p "$1" && "$manor" -C "$1" init >/dev/null 2>&1; }

declare -A t
if [ "${SKIP_STARTS:-0}" = 0 ]; then
for _ in $(seq "$rounds"); do
  t[version]+="$(MANOR_CDS=off ms "$manor" --version) "
  t[version_cds]+="$(ms "$manor" --version) "
  t[help]+="$(MANOR_CDS=off ms "$manor" --help) "
  t[help_cds]+="$(ms "$manor" --help) "
done
for i in $(seq "$rounds"); do
  rm -rf "$MANOR_CACHE_DIR/pgdata"
  project "$work/p-cold-$i"
  t[cold]+="$(ms "$manor" -C "$work/p-cold-$i" db start) "
  "$manor" -C "$work/p-cold-$i" db stop >/dev/null
  project "$work/p-tpl-$i"
  t[template]+="$(ms "$manor" -C "$work/p-tpl-$i" db start) "
  "$manor" -C "$work/p-tpl-$i" db stop >/dev/null
  t[warm]+="$(ms "$manor" -C "$work/p-tpl-$i" db start) "
  "$manor" -C "$work/p-tpl-$i" db stop >/dev/null
done
fi

p="$work/p-status"
project "$p"
echo "startup.sh: writing and deploying $count migrations..." >&2
for i in $(seq "$count"); do
  id=$(printf '2024%010d' "$i")
  n=$(((i - 1) % 1000))
  table="t$(((i - 1) / 1000))_$((n % 500))"
  if [ "$n" -lt 500 ]; then
    up="CREATE TABLE $table (id bigint PRIMARY KEY, note text);"; down="DROP TABLE $table;"
  elif [ "$n" -lt 800 ]; then
    up="ALTER TABLE $table ADD COLUMN extra_$n int;"; down="ALTER TABLE $table DROP COLUMN extra_$n;"
  else
    up="CREATE INDEX ${table}_note_$n ON $table (note);"; down="DROP INDEX ${table}_note_$n;"
  fi
  mkdir -p "$p/migrations/${id}_m$i"
  echo "$up" >"$p/migrations/${id}_m$i/migration.sql"
  echo "$down" >"$p/migrations/${id}_m$i/down.sql"
done
"$manor" -C "$p" db start >/dev/null 2>&1
"$manor" -C "$p" deploy >/dev/null 2>&1
for _ in $(seq "$rounds"); do
  t[nodrift]+="$(ms "$manor" -C "$p" status --no-drift) "
  rm -rf "$p/.manor/drift"
  t[drift_cold]+="$(ms "$manor" -C "$p" status) "
  t[drift_warm]+="$(ms "$manor" -C "$p" status) "
done
"$manor" -C "$p" db stop >/dev/null 2>&1

m() { tr ' ' '\n' <<<"${t[$1]:-}" | grep . | median || true; }
[ -n "${t[version_cds]:-}" ] || t[version_cds]="$(ms "$manor" --version)"
jvm=$(m version_cds)
after() { echo "$(($(m "$1") - jvm)) ms after the JVM start"; }
echo "bench/startup.sh: $rounds rounds, medians; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| | wall | |"
echo "|---|---:|---|"
row "manor --version, no CDS" "$(m version)" "the JVM and picocli"
row "manor --version, CDS" "$(m version_cds)" ""
row "manor --help, no CDS" "$(m help)" ""
row "manor --help, CDS" "$(m help_cds)" ""
row "db start: cold first start (no template)" "$(m cold)" "$(after cold); makes the template"
row "db start: new project, template cached" "$(m template)" "$(after template)"
row "db start: warm (existing cluster)" "$(m warm)" "$(after warm)"
row "status --no-drift, $count applied" "$(m nodrift)" "$(after nodrift)"
row "status, $count applied, first drift check" "$(m drift_cold)" "$(after drift_cold); rebuilds in a shadow"
row "status, $count applied, drift cached" "$(m drift_warm)" "$(after drift_warm)"
