#!/usr/bin/env bash
# Start-up and memory overhead: no agent vs Earshot vs the OpenTelemetry Java agent (metrics only,
# default and trimmed). Builds the jars and downloads the OTel agent when missing, then runs
# StartupOverhead.java. Extra arguments go to the program (later options win), e.g.:
#   bench/startup/run.sh --runs 9 --java /usr/lib/jvm/temurin-25-jdk-amd64
#   bench/startup/run.sh --breakdown --runs 3
#   bench/startup/run.sh --app-jar /path/to/spring-boot-app.jar --variants none,earshot,otel-trimmed
# See bench/README.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The OTel agent version the parent pom names (otel-javaagent.version).
otel_version="$(sed -n 's:.*<otel-javaagent.version>\(.*\)</otel-javaagent.version>.*:\1:p' "$repo/pom.xml")"
if [[ -z "$otel_version" ]]; then
  echo "error: no <otel-javaagent.version> in $repo/pom.xml" >&2
  exit 1
fi
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
  --app-jar "$app_jar" \
  --earshot-agent "$agent_jar" \
  --otel-agent "$otel_jar" \
  --out "$repo/bench/results" \
  "$@"
