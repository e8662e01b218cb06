#!/usr/bin/env bash
# The whole test suite, on a fresh machine: unit tests, the sample app's tests, and the agent's
# integration tests with the instrumented applications on JDK 17, then again on JDK 25.
set -euo pipefail
cd "$(dirname "$0")/.."

JDK25_HOME="${EARSHOT_JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

need_apt=()
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v javac >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

echo "== build and test (JDK $(java -version 2>&1 | head -1))"
mvn -B -ntp verify

if [ -x "$JDK25_HOME/bin/java" ]; then
  echo "== agent integration tests with the applications on $("$JDK25_HOME/bin/java" -version 2>&1 | head -1)"
  mvn -B -ntp -pl agent failsafe:integration-test failsafe:verify -Dearshot.it.java.home="$JDK25_HOME"
else
  echo "== ERROR: no JDK 25 at $JDK25_HOME (set EARSHOT_JDK25_HOME): the agent is tested on JDK 17 and 25" >&2
  exit 1
fi
