#!/usr/bin/env bash
# The benchmark commands (bench/README.md): a thin wrapper over the Java CLI in the bench module,
#   scripts/bench.sh soak [--duration 60m] [--callers 4] [--http-rate 10] ...   (scripts/bench.sh --help)
# Builds the agent, the sample app and the bench jar when one is missing (it does not rebuild
# stale jars: rebuild with mvn -q -DskipTests package after changing the agent).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [[ ! -f agent/target/earshot-agent.jar || ! -f sample-app/target/earshot-sample-app.jar || ! -f bench/target/benchmarks.jar ]]; then
  echo "building the agent, the sample app and the benchmarks (mvn -q -DskipTests package) ..." >&2
  mvn -B -ntp -q -DskipTests package
fi
java_cmd="java"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java_cmd="$JAVA_HOME/bin/java"
fi
# Run from a copy: a rebuild while an hour-long soak runs must not pull classes from under it.
jar="$(mktemp -t earshot-bench-XXXXXX.jar)"
trap 'rm -f "$jar"' EXIT
cp bench/target/benchmarks.jar "$jar"
"$java_cmd" -cp "$jar" dev.earshot.bench.cli.BenchCli "$@"
