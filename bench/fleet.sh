#!/usr/bin/env bash
# The fleet figures of docs/benchmarks.md and the issue's 50-database acceptance run (docs/fleet.md):
#   bench/fleet.sh [SIZE]      (default 50 databases, alternating between an embedded PostgreSQL 15 and 17)
# 1. FleetDeployTest with SIZE databases: a failure planted in wave 2 halts the fleet before wave 3, every other
#    database is fully applied or untouched, status shows it, a rerun after the fix finishes the rest.
# 2. FleetBench: wall time of a fleet deploy of SIZE databases at wave sizes 1, 5 and 10 (table on stdout).
# Extra Maven flags (e.g. -o) in FLEET_MVN_FLAGS.
set -euo pipefail
size="${1:-50}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck disable=SC2086
mvn -q -B ${FLEET_MVN_FLAGS:-} -pl manor-core -am test -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='FleetDeployTest#aFailureHaltsBeforeTheNextWaveAndARerunFinishesTheRest,FleetBench' \
  -Dmanor.fleet.size="$size" -Dmanor.fleet.wave=5 -Dmanor.fleet.bench="$size" >&2
echo "fleet: the $size-database halt/status/rerun test passed" >&2
cat manor-core/target/fleet-bench.txt
