#!/usr/bin/env bash
# Runs squawk and Manor's static analysis on the same SQL files and prints both lists of findings.
# Usage: bench/squawk-compare.sh [file.sql ...]   (default: bench/sql/*.sql)
# squawk-cli comes from npm into bench/.squawk (its platform binary ships inside the npm package).
set -euo pipefail
cd "$(dirname "$0")/.."
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(bench/sql/*.sql)

if [ ! -x bench/.squawk/node_modules/.bin/squawk ]; then
  npm install --silent --prefix bench/.squawk squawk-cli >/dev/null
  echo '*' > bench/.squawk/.gitignore   # the install stays out of git
fi
squawk=bench/.squawk/node_modules/.bin/squawk

mvn -q -B -o -Dstyle.color=never -pl manor-core test-compile >/dev/null || { echo "build failed: run mvn -pl manor-core test-compile" >&2; exit 1; }
cp_file="$PWD/manor-core/target/analyze-bench.classpath"
mvn -q -B -o -Dstyle.color=never -pl manor-core dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
cp="manor-core/target/classes:manor-core/target/test-classes:$(cat "$cp_file")"

echo "== squawk $($squawk --version | awk '{print $2}') (--assume-in-transaction, as Manor runs migrations; squawk lines are 0-based)"
"$squawk" --assume-in-transaction --reporter gcc "${files[@]}" || true
echo
echo "== manor (static)"
java -cp "$cp" dev.manor.analyze.bench.AnalyzeFiles "${files[@]}"
