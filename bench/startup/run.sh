#!/usr/bin/env bash
# Startup-overhead benchmark: no agent vs Earshot vs the OpenTelemetry Java agent (metrics only).
# Builds the jars and downloads the OTel agent when missing, then runs StartupOverhead.java.
# Extra arguments go to the program, e.g.:  bench/startup/run.sh --runs 9 --java /usr/lib/jvm/temurin-25-jdk-amd64
# See bench/README.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
otel_version="2.31.1"
app_jar="$repo/sample-app/target/earshot-sample-app.jar"
agent_jar="$repo/agent/target/earshot-agent.jar"
cache="$repo/bench/.cache"
otel_jar="$cache/opentelemetry-javaagent-$otel_version.jar"

if [[ ! -f "$app_jar" || ! -f "$agent_jar" ]]; then
  echo "Building the agent and the sample app (mvn -q -DskipTests package) ..." >&2
  (cd "$repo" && mvn -q -DskipTests package)
fi

if [[ ! -f "$otel_jar" ]]; then
  echo "Downloading io.opentelemetry.javaagent:opentelemetry-javaagent:$otel_version into $cache ..." >&2
  mkdir -p "$cache"
  # -N: only the root project, so the goal runs once rather than once per module.
  (cd "$repo" && mvn -q -N dependency:copy \
    "-Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$otel_version" \
    "-DoutputDirectory=$cache")
fi

# The JDK running the harness; the JDK under test is --java (default: this one).
java_cmd="java"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java_cmd="$JAVA_HOME/bin/java"
fi

cd "$repo"
exec "$java_cmd" bench/startup/StartupOverhead.java \
  --app "$app_jar" \
  --earshot-agent "$agent_jar" \
  --otel-agent "$otel_jar" \
  --out "$repo/bench/results" \
  "$@"
