#!/usr/bin/env bash
# The replica-lag figures of docs/benchmarks.md: a primary and two streaming standbys (Debian's PostgreSQL 15,
# pg_basebackup -R; "far" streams through a thin link), one backfill throttled on replay lag and one not.
#   bench/replica-lag.sh [ROWS=2000000] [CEILING_MS=1000] [LINK_MB_PER_S=4] [BATCH_ROWS=2000]
# Needs postgresql-15 (./run-tests installs it). Builds the test classes when the sources changed (Maven), then
# runs dev.manor.deploy.replica.ReplicaLagBench on the test classpath; its servers run on free loopback ports in a
# temp dir and are stopped by PID at the end. Table on stdout, progress on stderr. Extra Maven flags in
# REPLICA_BENCH_MVN_FLAGS (e.g. -o). REPLICA_BENCH_TRACE=1 prints every sample and Manor's notices, timestamped.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp_file="manor-core/target/replica-bench.classpath"
if [ ! -f "$cp_file" ] || [ -n "$(find pom.xml ./*/pom.xml ./manor-core/src -newer "$cp_file" -print -quit 2>/dev/null)" ]; then
  echo "replica-lag: building the test classes (mvn test-compile)..." >&2
  log="$(mktemp)"
  # shellcheck disable=SC2086
  if ! mvn -q -B ${REPLICA_BENCH_MVN_FLAGS:-} -pl manor-core -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$root/$cp_file" -Dmdep.includeScope=test >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "replica-lag: the build failed (output above)" >&2
    exit 1
  fi
  rm -f "$log"
fi
cp="$root/manor-core/target/test-classes:$root/manor-core/target/classes:$(cat "$cp_file")"
exec java -cp "$cp" dev.manor.deploy.replica.ReplicaLagBench "$@"
