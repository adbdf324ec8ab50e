#!/usr/bin/env bash
# Runs COMMAND with a real Neo4j 5.26 (Neo4j's own test harness, no Docker) listening on 127.0.0.1, and
# NEO4J_URI set to its Bolt address; stops Neo4j afterwards. The Maven download is cached in ~/.m2.
#   tools/neo4j/with-neo4j.sh python -m pytest
# NEO4J_HEAP (default 1g) and NEO4J_PAGECACHE_MB (default 64) size it; benchmarks give it more.
# With CI=true, any failure to build or start Neo4j fails the run. Elsewhere, missing Java or Maven runs
# COMMAND without Neo4j (the Neo4j-marked tests are then skipped, with a loud notice).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$HERE/target/test-neo4j-1.0.jar"
START_TIMEOUT="${NEO4J_START_TIMEOUT:-180}"

notice() { printf '\n%s\n!! %s\n%s\n\n' "$(printf '!%.0s' {1..90})" "$*" "$(printf '!%.0s' {1..90})" >&2; }

without_neo4j() {
  if [[ "${CI:-}" == "true" ]]; then
    echo "with-neo4j: $* -- and CI=true, so this run fails." >&2
    exit 1
  fi
  notice "No test Neo4j: $*. Neo4j tests will be SKIPPED. Install Java 17 and Maven to run them."
  exec "${CMD[@]}"
}

CMD=("$@")
command -v java >/dev/null 2>&1 || without_neo4j "java not found"
command -v mvn >/dev/null 2>&1 || without_neo4j "mvn (Maven) not found"

if [[ ! -f "$JAR" || "$HERE/pom.xml" -nt "$JAR" || -n "$(find "$HERE/src" -newer "$JAR" -name '*.java' 2>/dev/null)" ]]; then
  echo "with-neo4j: building the test Neo4j launcher (first run downloads Neo4j from Maven Central)..." >&2
  mvn -q -B -f "$HERE/pom.xml" package -DskipTests >&2 || without_neo4j "the Maven build of tools/neo4j failed"
fi

WORK="$(mktemp -d -t familygraph-neo4j.XXXXXX)"
LOG="$WORK/neo4j.log"
started=$(date +%s%N)
java -Xms256m -Xmx"${NEO4J_HEAP:-1g}" -XX:+UseSerialGC -cp "$JAR:$HERE/target/lib/*" familygraph.TestNeo4j 0 "$WORK/db" >"$LOG" 2>&1 &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

URI=""
for _ in $(seq 1 $((START_TIMEOUT * 5))); do
  if ! kill -0 "$PID" 2>/dev/null; then
    tail -n 30 "$LOG" >&2
    without_neo4j "the test Neo4j exited during start-up (log above)"
  fi
  URI="$(sed -n 's/^NEO4J READY \(bolt:[^ ]*\).*/\1/p' "$LOG" | head -n1)"
  [[ -n "$URI" ]] && break
  sleep 0.2
done
if [[ -z "$URI" ]]; then
  tail -n 30 "$LOG" >&2
  without_neo4j "the test Neo4j did not start within ${START_TIMEOUT}s"
fi
export NEO4J_URI="${URI%/}"
echo "with-neo4j: test Neo4j 5.26 ready at $NEO4J_URI in $(( ($(date +%s%N) - started) / 1000000 )) ms" >&2
"${CMD[@]}"
