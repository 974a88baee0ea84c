#!/usr/bin/env bash
# The kill test of docs/crash-safety.md: SIGKILLs a real deployer process at random and aimed moments and
# compares every end state with a deploy that was never killed.
#   bench/kill-test.sh [TRIALS] [SEED] [--rows N] [--migrations N] [--major 15|17] [--kinds k1,k2] [--trial I] [--work DIR]
# Builds the test classes when the sources changed (Maven), then runs dev.manor.killtest.KillTestMain on
# the test classpath. It starts its own embedded PostgreSQL. Table on stdout, progress on stderr; exits 1
# when a trial failed. Extra Maven flags (e.g. -o) in KILL_TEST_MVN_FLAGS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp_file="manor-cli/target/kill-test.classpath"
if [ ! -f "$cp_file" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$cp_file" -print -quit 2>/dev/null)" ]; then
  echo "kill-test: building the test classes (mvn test-compile)..." >&2
  log="$(mktemp)"
  # shellcheck disable=SC2086
  if ! mvn -q -B ${KILL_TEST_MVN_FLAGS:-} -pl manor-cli -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$root/$cp_file" -Dmdep.includeScope=test >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "kill-test: the build failed (output above)" >&2
    exit 1
  fi
  rm -f "$log"
fi
cp="$root/manor-cli/target/test-classes:$root/manor-cli/target/classes:$(cat "$cp_file")"
exec java -cp "$cp" dev.manor.killtest.KillTestMain "$@"
