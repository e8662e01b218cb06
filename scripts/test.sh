#!/usr/bin/env bash
# The whole test suite, on a fresh machine: unit tests, the sample app's tests, the agent's
# integration tests with the instrumented applications on JDK 17 and the short soak of
# scripts/bench.sh (bench's SoakCommandIT, about 2 minutes), then the agent's again on JDK 25; then the
# monitoring stack: the Grafana dashboard, the docker-compose file, the Collector (built from its
# Go modules), the Prometheus rules and Alertmanager routes, the native launcher, and the
# end-to-end test of all of it together (docs/stack.md). Installs what is missing (Debian
# packages, the Collector build); every server it starts listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

JDK25_HOME="${EARSHOT_JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

need_apt=()
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v javac >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

section() { echo; echo "== $* ($(date -u +%H:%M:%S), $SECONDS s in)"; }

section "build and test (JDK $(java -version 2>&1 | head -1))"
mvn -B -ntp verify

if [ -x "$JDK25_HOME/bin/java" ]; then
  section "agent integration tests with the applications on $("$JDK25_HOME/bin/java" -version 2>&1 | head -1)"
  mvn -B -ntp -pl agent failsafe:integration-test failsafe:verify -Dearshot.it.java.home="$JDK25_HOME"
else
  echo "== ERROR: no JDK 25 at $JDK25_HOME (set EARSHOT_JDK25_HOME): the agent is tested on JDK 17 and 25" >&2
  exit 1
fi

section "monitoring stack: Grafana dashboard (lint, provisioning, every query parsed by promtool)"
bash grafana/test.sh
section "monitoring stack: docker-compose.yml checked without Docker"
bash docker/test.sh
section "monitoring stack: the Collector (build from Go modules, validate every config, live pipelines)"
bash otel-collector/test.sh
section "monitoring stack: Prometheus rules (promtool tests) and Alertmanager routes"
bash prometheus/test.sh
section "monitoring stack: the native launcher (scripts/stack.sh)"
bash scripts/stack-smoke.sh
section "monitoring stack: end to end (agent -> Collector -> Prometheus -> Alertmanager -> webhook; dashboard queries; gateway)"
node scripts/stack-e2e.mjs
section "all tests passed"
