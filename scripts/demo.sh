#!/usr/bin/env bash
# The demo: builds what is missing, then runs the sample voice assistant under the Earshot agent
# with embedded defaults (Prometheus endpoint on :9464, no API key needed) and a little traffic
# so that the metrics move. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8080}"
METRICS_PORT="${OTEL_EXPORTER_PROMETHEUS_PORT:-9464}"

if ! command -v mvn >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven openjdk-17-jdk-headless
fi
if [ ! -f agent/target/earshot-agent.jar ] || [ ! -f sample-app/target/earshot-sample-app.jar ]; then
  echo "== building (first run only)"
  mvn -B -ntp -q -DskipTests package
fi

java -javaagent:agent/target/earshot-agent.jar \
     -Dotel.exporter.prometheus.port="$METRICS_PORT" \
     -jar sample-app/target/earshot-sample-app.jar --port "$PORT" &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; exit 0' INT TERM EXIT

for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 $APP 2>/dev/null || { echo "the sample app exited" >&2; exit 1; }
  sleep 0.1
done

cat <<TXT

  Sample assistant: http://localhost:$PORT/health
  Metrics:          http://localhost:$METRICS_PORT/metrics   (try: curl -s localhost:$METRICS_PORT/metrics | grep http_server)

  Sending a little traffic every second (sessions, lookups, a 404, an occasional 500). Ctrl-C stops.

TXT

while kill -0 $APP 2>/dev/null; do
  id=$(curl -fs -X POST "http://127.0.0.1:$PORT/api/sessions" -H 'Content-Type: application/json' -d '{"voice":"alloy"}' \
        | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' || true)
  [ -n "$id" ] && curl -fs "http://127.0.0.1:$PORT/api/sessions/$id" >/dev/null || true
  curl -s "http://127.0.0.1:$PORT/api/sessions/does-not-exist" >/dev/null || true
  curl -s "http://127.0.0.1:$PORT/health" >/dev/null || true
  [ $((RANDOM % 10)) -eq 0 ] && curl -s "http://127.0.0.1:$PORT/api/debug/fail" >/dev/null || true
  sleep 1
done
