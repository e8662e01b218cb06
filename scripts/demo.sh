#!/usr/bin/env bash
# The demo: builds what is missing, then runs the sample voice assistant under the Earshot agent
# with embedded defaults (Prometheus endpoint on :9464, no API key needed) and a little traffic
# so that the metrics move: HTTP requests every second and a few simulated voice callers on the
# realtime WebSocket (VOICE_CALLERS, default 3; 0 = none). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8080}"
METRICS_PORT="${OTEL_EXPORTER_PROMETHEUS_PORT:-9464}"
VOICE_CALLERS="${VOICE_CALLERS:-3}"

if ! command -v mvn >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven openjdk-17-jdk-headless
fi
if [ ! -f agent/target/earshot-agent.jar ] || [ ! -f sample-app/target/earshot-sample-app.jar ]; then
  echo "== building (first run only)"
  mvn -B -ntp -q -DskipTests package
fi

# Without an API key the assistant talks to the OpenAI simulator, run in its own JVM (not under
# the agent) so that the assistant's metrics show only the assistant's own traffic.
SIM=""
if [ -z "${OPENAI_API_KEY:-}" ]; then
  SIM_PORT="${SIM_PORT:-8090}"
  java -cp sample-app/target/earshot-sample-app.jar dev.earshot.sample.openai.simulator.OpenAiSimulator \
       --port "$SIM_PORT" --seed 1 --ttft-ms 250 --token-delay-ms 25 &
  SIM=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$SIM_PORT/_simulator/health" >/dev/null 2>&1 && break
    kill -0 $SIM 2>/dev/null || { echo "the OpenAI simulator exited" >&2; exit 1; }
    sleep 0.1
  done
  export OPENAI_BASE_URL="http://127.0.0.1:$SIM_PORT/v1" OPENAI_API_KEY="sk-earshot-demo"
fi

java -javaagent:agent/target/earshot-agent.jar \
     -Dotel.exporter.prometheus.port="$METRICS_PORT" \
     -jar sample-app/target/earshot-sample-app.jar --port "$PORT" &
APP=$!
CALLERS=""
trap 'kill $CALLERS $APP $SIM 2>/dev/null; wait $CALLERS $APP $SIM 2>/dev/null; exit 0' INT TERM EXIT

for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 $APP 2>/dev/null || { echo "the sample app exited" >&2; exit 1; }
  sleep 0.1
done
# Simulated callers talking to /ws/realtime in real time (speech, answers, ~20 % barge-ins), in
# their own JVM without the agent: the agent should see only the server side.
if [ "$VOICE_CALLERS" -gt 0 ]; then
  java -cp sample-app/target/earshot-sample-app.jar dev.earshot.sample.loadgen.VoiceCallers \
       --url "ws://127.0.0.1:$PORT/ws/realtime" --callers "$VOICE_CALLERS" --barge-in 0.2 \
       --duration-seconds 604800 --seed 1 &
  CALLERS=$!
fi

cat <<TXT

  Sample assistant: http://localhost:$PORT/health
  Voice WebSocket:  ws://localhost:$PORT/ws/realtime   (OpenAI Realtime events; $VOICE_CALLERS simulated callers talking)
  Metrics:          http://localhost:$METRICS_PORT/metrics   (try: curl -s localhost:$METRICS_PORT/metrics | grep -E '^(http_server|gen_ai)')
  OpenAI:           ${OPENAI_BASE_URL:-https://api.openai.com/v1}${SIM:+ (the simulator; its control API: http://127.0.0.1:$SIM_PORT/_simulator/config)}

  Sending a little traffic every second (sessions, lookups, a 404, an occasional 500, a streamed
  chat answer and a realtime token through the OpenAI SDK) while the callers talk. Ctrl-C stops.

TXT

while kill -0 $APP 2>/dev/null; do
  id=$(curl -fs -X POST "http://127.0.0.1:$PORT/api/sessions" -H 'Content-Type: application/json' -d '{"voice":"alloy"}' \
        | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' || true)
  [ -n "$id" ] && curl -fs "http://127.0.0.1:$PORT/api/sessions/$id" >/dev/null || true
  curl -s "http://127.0.0.1:$PORT/api/sessions/does-not-exist" >/dev/null || true
  curl -s "http://127.0.0.1:$PORT/health" >/dev/null || true
  [ $((RANDOM % 10)) -eq 0 ] && curl -s "http://127.0.0.1:$PORT/api/debug/fail" >/dev/null || true
  curl -s -N -X POST "http://127.0.0.1:$PORT/api/chat" -H 'Content-Type: application/json' \
       -d '{"message":"What can you do for me today?"}' >/dev/null || true
  curl -s -X POST "http://127.0.0.1:$PORT/rt-token" -H 'Content-Type: application/json' -d '{}' >/dev/null || true
  sleep 1
done
