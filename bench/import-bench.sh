#!/usr/bin/env bash
# Import time for a long history: N generated Flyway migrations (default 300) applied by real Flyway, then
# 'manor import flyway' (files only, with the history, again) timed in-process. Starts its own embedded
# PostgreSQL. Figures on stderr and in manor-cli/target/import-bench.txt. Extra Maven flags in IMPORT_BENCH_MVN_FLAGS.
#   bench/import-bench.sh [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck disable=SC2086
mvn -q -B ${IMPORT_BENCH_MVN_FLAGS:-} -pl manor-cli -am test -Dtest=ImportBenchTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dmanor.bench.import="${1:-300}" -Dmanor.test.majors=15
cat manor-cli/target/import-bench.txt
