#!/usr/bin/env bash
# The whole monitoring stack on this machine, without Docker (docs/stack.md):
#
#   OpenAI simulator <- sample assistant + Earshot agent --OTLP/HTTP every 15 s--> Collector
#   voice callers + HTTP traffic ----^                      Prometheus (rules) <-scrape-'
#                                                                 '--> Alertmanager
#
# Builds what is missing (mvn package, otel-collector/build.sh), installs prometheus and
# prometheus-alertmanager with apt-get when missing (their system services stay stopped:
# prometheus/install-tools.sh), then starts every piece on 127.0.0.1, prints the URLs and waits.
# Ctrl-C or SIGTERM stops everything it started; if one piece exits on its own, the others are
# stopped too and the script exits non-zero.
#
#   scripts/stack.sh              run the stack
#   scripts/stack.sh --prepare    only build / install what is missing, then exit
#
# Ports (127.0.0.1 only), each overridable from the environment:
#   STACK_APP_PORT=8080 STACK_SIM_PORT=8090 STACK_OTLP_HTTP_PORT=4318 STACK_OTLP_GRPC_PORT=4317
#   STACK_COLLECTOR_METRICS_PORT=8889 STACK_COLLECTOR_TELEMETRY_PORT=8888
#   STACK_COLLECTOR_HEALTH_PORT=13133 STACK_PROMETHEUS_PORT=9090 STACK_ALERTMANAGER_PORT=9093
# Other settings:
#   STACK_DIR=.stack               data (Prometheus TSDB, Alertmanager state), generated configs, logs
#   STACK_SERVICE_NAME=voice-assistant   the agent's service.name (the `job` label)
#   STACK_EXPORT_INTERVAL_MS=15000 the agent's OTLP push interval
#   STACK_VOICE_CALLERS=3          simulated voice callers (0 = none)
#   STACK_BARGE_IN=0.2             probability that a caller interrupts an answer (0..1)
#   STACK_HTTP_TRAFFIC=1           a few HTTP requests per second, as scripts/demo.sh sends (0 = none)
#   STACK_OPENAI=simulator         or `real`: the assistant calls api.openai.com with $OPENAI_API_KEY
#   STACK_ALERTMANAGER=local       receivers without integrations (nothing is sent; alerts are in
#                                  the Alertmanager UI), or `real`: alertmanager/alertmanager.yml as
#                                  committed, with the secrets in alertmanager/secrets/
#   STACK_ALERT_WEBHOOK_URL=       local mode: also POST every notification to this webhook URL
#   STACK_SCRAPE_INTERVAL=15s      Prometheus scrape and rule evaluation interval (whole seconds)
#   STACK_RULES_DIR=prometheus/rules  the rule files Prometheus loads (recording.yml, alerts.yml); the
#                                  end-to-end test points it at a copy with shorter `for:` durations
# The Collector reads its own OTELCOL_* variables (otel-collector/README.md), e.g.
# OTELCOL_METRIC_EXPIRATION.
#
# The assistant, the voice callers and the HTTP traffic may stop (or crash) while the rest keeps
# running, so that the alerts about it (ServiceDown) can be seen; if the Collector, Prometheus,
# Alertmanager or the simulator exits, everything is stopped and the script exits 1.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

APP_PORT="${STACK_APP_PORT:-8080}"
SIM_PORT="${STACK_SIM_PORT:-8090}"
OTLP_HTTP_PORT="${STACK_OTLP_HTTP_PORT:-4318}"
OTLP_GRPC_PORT="${STACK_OTLP_GRPC_PORT:-4317}"
COLLECTOR_METRICS_PORT="${STACK_COLLECTOR_METRICS_PORT:-8889}"
COLLECTOR_TELEMETRY_PORT="${STACK_COLLECTOR_TELEMETRY_PORT:-8888}"
COLLECTOR_HEALTH_PORT="${STACK_COLLECTOR_HEALTH_PORT:-13133}"
PROMETHEUS_PORT="${STACK_PROMETHEUS_PORT:-9090}"
ALERTMANAGER_PORT="${STACK_ALERTMANAGER_PORT:-9093}"
STACK_DIR="${STACK_DIR:-$ROOT/.stack}"
SERVICE_NAME="${STACK_SERVICE_NAME:-voice-assistant}"
EXPORT_INTERVAL_MS="${STACK_EXPORT_INTERVAL_MS:-15000}"
VOICE_CALLERS="${STACK_VOICE_CALLERS:-3}"
BARGE_IN="${STACK_BARGE_IN:-0.2}"
HTTP_TRAFFIC="${STACK_HTTP_TRAFFIC:-1}"
OPENAI_MODE="${STACK_OPENAI:-simulator}"
AM_MODE="${STACK_ALERTMANAGER:-local}"
WEBHOOK_URL="${STACK_ALERT_WEBHOOK_URL:-}"
SCRAPE_INTERVAL="${STACK_SCRAPE_INTERVAL:-15s}"
RULES_DIR="${STACK_RULES_DIR:-$ROOT/prometheus/rules}"

say() { printf '[stack] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

case "$OPENAI_MODE" in simulator|real) ;; *) die "STACK_OPENAI must be simulator or real, not '$OPENAI_MODE'";; esac
case "$AM_MODE" in local|real) ;; *) die "STACK_ALERTMANAGER must be local or real, not '$AM_MODE'";; esac
[[ "$VOICE_CALLERS" =~ ^[0-9]+$ ]] || die "STACK_VOICE_CALLERS must be a number"
[[ "$BARGE_IN" =~ ^(0(\.[0-9]+)?|1(\.0+)?)$ ]] || die "STACK_BARGE_IN must be a probability from 0 to 1, not '$BARGE_IN'"
[[ "$EXPORT_INTERVAL_MS" =~ ^[0-9]+$ ]] || die "STACK_EXPORT_INTERVAL_MS must be a number of milliseconds"
[[ "$SCRAPE_INTERVAL" =~ ^[1-9][0-9]*s$ ]] || die "STACK_SCRAPE_INTERVAL must be whole seconds such as 15s, not '$SCRAPE_INTERVAL'"
[ -f "$RULES_DIR/recording.yml" ] && [ -f "$RULES_DIR/alerts.yml" ] \
  || die "STACK_RULES_DIR=$RULES_DIR must hold recording.yml and alerts.yml"
RULES_DIR="$(cd "$RULES_DIR" && pwd)"

# ---------------------------------------------------------------- build and install what is missing
prepare() {
  if ! command -v mvn >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
    say "installing maven and a JDK 17 (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven openjdk-17-jdk-headless >/dev/null
  fi
  if [ ! -f agent/target/earshot-agent.jar ] || [ ! -f sample-app/target/earshot-sample-app.jar ]; then
    say "building the agent and the sample app (mvn package, first run only)"
    mvn -B -ntp -q -DskipTests package >&2
  fi
  # prometheus, prometheus-alertmanager (+ curl, jq, ss), services kept stopped
  prometheus/install-tools.sh
  command -v prometheus >/dev/null 2>&1 || die "prometheus is not on the PATH after prometheus/install-tools.sh"
  command -v prometheus-alertmanager >/dev/null 2>&1 || command -v alertmanager >/dev/null 2>&1 \
    || die "alertmanager is not on the PATH after prometheus/install-tools.sh"
  # cached: prints the binary's path, builds only when the manifest or Go changed
  COLLECTOR_BIN="$(otel-collector/build.sh)"
}

prepare
if [ "${1:-}" = "--prepare" ]; then exit 0; fi
[ $# -eq 0 ] || die "unknown argument '$1' (only --prepare)"
AM_BIN="$(command -v prometheus-alertmanager || command -v alertmanager)"
if [ "$OPENAI_MODE" = real ] && [ -z "${OPENAI_API_KEY:-}" ]; then die "STACK_OPENAI=real needs OPENAI_API_KEY"; fi

# ---------------------------------------------------------------- ports, data directory
declare -A PORT_VARS=(
  [STACK_APP_PORT]=$APP_PORT [STACK_OTLP_HTTP_PORT]=$OTLP_HTTP_PORT [STACK_OTLP_GRPC_PORT]=$OTLP_GRPC_PORT
  [STACK_COLLECTOR_METRICS_PORT]=$COLLECTOR_METRICS_PORT [STACK_COLLECTOR_TELEMETRY_PORT]=$COLLECTOR_TELEMETRY_PORT
  [STACK_COLLECTOR_HEALTH_PORT]=$COLLECTOR_HEALTH_PORT [STACK_PROMETHEUS_PORT]=$PROMETHEUS_PORT
  [STACK_ALERTMANAGER_PORT]=$ALERTMANAGER_PORT)
[ "$OPENAI_MODE" = simulator ] && PORT_VARS[STACK_SIM_PORT]=$SIM_PORT
declare -A SEEN=()
for var in "${!PORT_VARS[@]}"; do
  p="${PORT_VARS[$var]}"
  [[ "$p" =~ ^[0-9]+$ ]] && [ "$p" -ge 1 ] && [ "$p" -le 65535 ] || die "$var='$p' is not a port"
  [ -z "${SEEN[$p]:-}" ] || die "$var and ${SEEN[$p]} are both $p"
  SEEN[$p]=$var
  if ss -Htln "sport = :$p" | grep -q .; then die "port $p is in use: set $var to a free port"; fi
done

mkdir -p "$STACK_DIR"/{logs,prometheus,alertmanager}
STACK_DIR="$(cd "$STACK_DIR" && pwd)"
LOGS="$STACK_DIR/logs"
exec 9>"$STACK_DIR/lock"
flock -n 9 || die "another scripts/stack.sh uses $STACK_DIR (set STACK_DIR for a second stack)"

# ---------------------------------------------------------------- process bookkeeping
PIDS=()      # every process started, in start order
NAMES=()
STOPPING=""
stop_all() {
  [ -n "$STOPPING" ] && return
  STOPPING=1
  local i pid
  # newest first: load generators before the app, the app (last OTLP push) before the Collector
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid="${PIDS[$i]}"
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      say "${NAMES[$i]} (pid $pid) did not stop within 10 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  rm -f "$STACK_DIR/pids"
}
on_signal() { say "stopping"; stop_all; say "stopped"; exit 0; }
trap on_signal INT TERM
trap stop_all EXIT

started() { # NAME PID
  NAMES+=("$1"); PIDS+=("$2")
  printf '%s %s\n' "$2" "$1" >> "$STACK_DIR/pids"
}
: > "$STACK_DIR/pids"

wait_http() { # NAME URL PID SECONDS
  local i
  for ((i = 0; i < $4 * 5; i++)); do
    curl -fs -o /dev/null --max-time 2 "$2" && return 0
    kill -0 "$3" 2>/dev/null || { tail -20 "$LOGS/$1.log" >&2; die "$1 exited (log: $LOGS/$1.log)"; }
    sleep 0.2
  done
  tail -20 "$LOGS/$1.log" >&2
  die "$1 did not answer $2 within $4 s (log: $LOGS/$1.log)"
}

# ---------------------------------------------------------------- generated configs
# Prometheus: prometheus/prometheus.yml with the Collector and Alertmanager on this stack's
# ports; rule files and the file_sd list stay the repo's own (absolute paths), so the rules have
# one source of truth (or STACK_RULES_DIR's copy); STACK_SCRAPE_INTERVAL for both intervals.
SCRAPE_TIMEOUT=10s
if [ "${SCRAPE_INTERVAL%s}" -lt 10 ]; then SCRAPE_TIMEOUT="$SCRAPE_INTERVAL"; fi # timeout <= interval
sed -e "s|'localhost:8889'|'127.0.0.1:$COLLECTOR_METRICS_PORT'|" \
    -e "s|'localhost:9093'|'127.0.0.1:$ALERTMANAGER_PORT'|" \
    -e "s|^  - rules/|  - $RULES_DIR/|" \
    -e "s|^  scrape_interval: 15s|  scrape_interval: $SCRAPE_INTERVAL|" \
    -e "s|^  evaluation_interval: 15s|  evaluation_interval: $SCRAPE_INTERVAL|" \
    -e "s|^  scrape_timeout: 10s|  scrape_timeout: $SCRAPE_TIMEOUT|" \
    -e "s|files: \['targets/|files: ['$ROOT/prometheus/targets/|" \
    prometheus/prometheus.yml > "$STACK_DIR/prometheus.yml"
for want in "127.0.0.1:$COLLECTOR_METRICS_PORT" "127.0.0.1:$ALERTMANAGER_PORT" \
            "$RULES_DIR/alerts.yml" "$ROOT/prometheus/targets/agents.yml" "scrape_interval: $SCRAPE_INTERVAL" \
            "evaluation_interval: $SCRAPE_INTERVAL" "scrape_timeout: $SCRAPE_TIMEOUT"; do
  grep -qF "$want" "$STACK_DIR/prometheus.yml" || die "prometheus/prometheus.yml changed shape: generated copy lacks $want"
done
promtool check config "$STACK_DIR/prometheus.yml" > "$LOGS/promtool.log" 2>&1 \
  || { cat "$LOGS/promtool.log" >&2; die "promtool check config failed on $STACK_DIR/prometheus.yml"; }

# Alertmanager, local mode: alertmanager/alertmanager.yml with the same routes, grouping and
# inhibitions, but its receivers keep only their names (nothing is sent, no secret needed), plus
# a webhook when STACK_ALERT_WEBHOOK_URL is set. Real mode: the committed file, run from
# alertmanager/ so that secrets/... resolve.
if [ "$AM_MODE" = local ]; then
  AM_DIR="$STACK_DIR"
  AM_CONFIG="$STACK_DIR/alertmanager.yml"
  {
    echo "# Generated by scripts/stack.sh from alertmanager/alertmanager.yml: receivers without integrations."
    sed -e '/^receivers:/,$d' -e '/^  slack_api_url_file:/d' alertmanager/alertmanager.yml
    echo "receivers:"
    sed -n '/^receivers:/,$p' alertmanager/alertmanager.yml | sed -n 's/^  - name: *\([A-Za-z0-9_-]*\) *$/\1/p' |
      while read -r name; do
        echo "  - name: $name"
        if [ -n "$WEBHOOK_URL" ]; then
          echo "    webhook_configs:"
          echo "      - url: '$WEBHOOK_URL'"
          echo "        send_resolved: true"
        fi
      done
  } > "$AM_CONFIG"
else
  AM_DIR="$ROOT/alertmanager"
  AM_CONFIG="$ROOT/alertmanager/alertmanager.yml"
  for f in slack_api_url pagerduty_routing_key; do
    [ -s "alertmanager/secrets/$f" ] || die "STACK_ALERTMANAGER=real needs alertmanager/secrets/$f (see alertmanager/secrets.example/)"
  done
fi
amtool check-config "$AM_CONFIG" > "$LOGS/amtool.log" 2>&1 \
  || { cat "$LOGS/amtool.log" >&2; die "amtool check-config failed on $AM_CONFIG"; }

# ---------------------------------------------------------------- start
JAR=sample-app/target/earshot-sample-app.jar

if [ "$OPENAI_MODE" = simulator ]; then
  # in its own JVM, not under the agent: the assistant's metrics show only the assistant
  java -cp "$JAR" dev.earshot.sample.openai.simulator.OpenAiSimulator \
       --host 127.0.0.1 --port "$SIM_PORT" --seed 1 --ttft-ms 250 --token-delay-ms 25 \
       > "$LOGS/openai-simulator.log" 2>&1 &
  started openai-simulator $!
  SIM_PID=$!
  OPENAI_ENV=(OPENAI_BASE_URL="http://127.0.0.1:$SIM_PORT/v1" OPENAI_API_KEY=sk-earshot-demo)
else
  OPENAI_ENV=(OPENAI_API_KEY="$OPENAI_API_KEY")
fi

# Collector: otel-collector/config.yaml as is, every address on loopback
env OTELCOL_OTLP_HTTP_ENDPOINT="127.0.0.1:$OTLP_HTTP_PORT" OTELCOL_OTLP_GRPC_ENDPOINT="127.0.0.1:$OTLP_GRPC_PORT" \
    OTELCOL_PROMETHEUS_ENDPOINT="127.0.0.1:$COLLECTOR_METRICS_PORT" OTELCOL_HEALTH_ENDPOINT="127.0.0.1:$COLLECTOR_HEALTH_PORT" \
    OTELCOL_TELEMETRY_HOST=127.0.0.1 OTELCOL_TELEMETRY_PORT="$COLLECTOR_TELEMETRY_PORT" \
    "$COLLECTOR_BIN" --config="$ROOT/otel-collector/config.yaml" > "$LOGS/otel-collector.log" 2>&1 &
started otel-collector $!
COLLECTOR_PID=$!

(cd "$AM_DIR" && exec "$AM_BIN" --config.file="$AM_CONFIG" --storage.path="$STACK_DIR/alertmanager" \
   --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" --cluster.listen-address= \
   --web.external-url="http://127.0.0.1:$ALERTMANAGER_PORT/") > "$LOGS/alertmanager.log" 2>&1 &
started alertmanager $!
AM_PID=$!

prometheus --config.file="$STACK_DIR/prometheus.yml" --storage.tsdb.path="$STACK_DIR/prometheus" \
   --storage.tsdb.retention.time=7d --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" \
   --web.external-url="http://127.0.0.1:$PROMETHEUS_PORT/" > "$LOGS/prometheus.log" 2>&1 &
started prometheus $!
PROM_PID=$!

[ "$OPENAI_MODE" = simulator ] && wait_http openai-simulator "http://127.0.0.1:$SIM_PORT/_simulator/health" "$SIM_PID" 30
wait_http otel-collector "http://127.0.0.1:$COLLECTOR_HEALTH_PORT/" "$COLLECTOR_PID" 30

# The assistant under the agent, pushing OTLP (http/protobuf) to the Collector only
env "${OPENAI_ENV[@]}" OTEL_SERVICE_NAME="$SERVICE_NAME" OTEL_RESOURCE_ATTRIBUTES=deployment.environment.name=local \
    OTEL_METRICS_EXPORTER=otlp OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
    OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$OTLP_HTTP_PORT" OTEL_METRIC_EXPORT_INTERVAL="$EXPORT_INTERVAL_MS" \
    java -javaagent:agent/target/earshot-agent.jar -jar "$JAR" --host 127.0.0.1 --port "$APP_PORT" \
    > "$LOGS/voice-assistant.log" 2>&1 &
started voice-assistant $!
APP_PID=$!

wait_http alertmanager "http://127.0.0.1:$ALERTMANAGER_PORT/-/ready" "$AM_PID" 30
wait_http prometheus "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" "$PROM_PID" 60
wait_http voice-assistant "http://127.0.0.1:$APP_PORT/health" "$APP_PID" 60
# the agent starts its instrumentation in the background: give it a moment before the callers
sleep 2

if [ "$VOICE_CALLERS" -gt 0 ]; then
  # their own JVM without the agent: the agent sees only the server side
  java -cp "$JAR" dev.earshot.sample.loadgen.VoiceCallers \
       --url "ws://127.0.0.1:$APP_PORT/ws/realtime" --callers "$VOICE_CALLERS" --barge-in "$BARGE_IN" \
       --duration-seconds 604800 --seed 1 > "$LOGS/voice-callers.log" 2>&1 &
  started voice-callers $!
fi

if [ "$HTTP_TRAFFIC" != 0 ]; then
  # scripts/demo.sh's requests: sessions, a lookup, a 404, an occasional 500, a streamed chat
  # answer, a realtime token. Each step is bounded; SIGTERM ends the loop between two steps.
  (
    trap 'exit 0' TERM
    # waits with the read builtin on a FIFO nobody writes to: no child process to leave behind
    rm -f "$STACK_DIR/tick"; mkfifo "$STACK_DIR/tick"; exec 8<>"$STACK_DIR/tick"
    base="http://127.0.0.1:$APP_PORT"
    c=(curl -s --max-time 5 -o /dev/null)
    while :; do
      id=$(curl -fs --max-time 5 -X POST "$base/api/sessions" -H 'Content-Type: application/json' -d '{"voice":"alloy"}' \
            | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' || true)
      [ -n "$id" ] && "${c[@]}" "$base/api/sessions/$id" || true
      "${c[@]}" "$base/api/sessions/does-not-exist" || true
      "${c[@]}" "$base/health" || true
      [ $((RANDOM % 10)) -eq 0 ] && "${c[@]}" "$base/api/debug/fail" || true
      "${c[@]}" -N -X POST "$base/api/chat" -H 'Content-Type: application/json' \
           -d '{"message":"What can you do for me today?"}' || true
      "${c[@]}" -X POST "$base/rt-token" -H 'Content-Type: application/json' -d '{}' || true
      read -r -t 1 -u 8 _ || true
    done
  ) > "$LOGS/http-traffic.log" 2>&1 &
  started http-traffic $!
fi

cat <<TXT

  Earshot stack (all on 127.0.0.1; data, generated configs and logs in $STACK_DIR)

  Sample assistant   http://127.0.0.1:$APP_PORT/health   (service.name $SERVICE_NAME; $VOICE_CALLERS voice callers on ws://127.0.0.1:$APP_PORT/ws/realtime)
  OpenAI             $([ "$OPENAI_MODE" = simulator ] && echo "http://127.0.0.1:$SIM_PORT/v1 (simulator; control: http://127.0.0.1:$SIM_PORT/_simulator/config)" || echo "https://api.openai.com/v1 (real, OPENAI_API_KEY)")
  Collector OTLP     http://127.0.0.1:$OTLP_HTTP_PORT (http/protobuf, agent pushes every $((EXPORT_INTERVAL_MS / 1000)) s), grpc 127.0.0.1:$OTLP_GRPC_PORT
  Collector metrics  http://127.0.0.1:$COLLECTOR_METRICS_PORT/metrics (scraped by Prometheus), own: http://127.0.0.1:$COLLECTOR_TELEMETRY_PORT/metrics, health: http://127.0.0.1:$COLLECTOR_HEALTH_PORT/
  Prometheus         http://127.0.0.1:$PROMETHEUS_PORT   (rules: http://127.0.0.1:$PROMETHEUS_PORT/rules, alerts: /alerts)
  Alertmanager       http://127.0.0.1:$ALERTMANAGER_PORT   ($([ "$AM_MODE" = local ] && echo "local receivers: nothing is sent${WEBHOOK_URL:+ except to $WEBHOOK_URL}" || echo "real receivers: Slack and PagerDuty"))
  Grafana            not started natively (no binary); docker compose runs it, see docs/stack.md

  Ctrl-C stops everything.
TXT
say "ready"

# Wait. The assistant and its load may exit (the stack keeps watching, so ServiceDown shows it);
# if a piece of the monitoring itself exits, stop the rest and fail.
declare -A GONE=()
while :; do
  wait -n || true
  [ -n "$STOPPING" ] && exit 0
  for i in "${!PIDS[@]}"; do
    [ -z "${GONE[$i]:-}" ] || continue
    kill -0 "${PIDS[$i]}" 2>/dev/null && continue
    case "${NAMES[$i]}" in
      voice-assistant|voice-callers|http-traffic)
        GONE[$i]=1
        say "${NAMES[$i]} exited (log: $LOGS/${NAMES[$i]}.log); the monitoring keeps running (Ctrl-C stops it)"
        ;;
      *)
        say "${NAMES[$i]} exited (log: $LOGS/${NAMES[$i]}.log); stopping the stack"
        tail -5 "$LOGS/${NAMES[$i]}.log" >&2 || true
        stop_all
        exit 1
        ;;
    esac
  done
done
