#!/usr/bin/env bash
# Smoke test of scripts/stack.sh (the native monitoring stack), loopback only, bounded in time:
#  1. builds / installs what is missing (scripts/stack.sh --prepare; not counted in the time bound)
#  2. runs the stack on free ports with its own data directory and waits until Prometheus has the
#     agent's metrics through the Collector (HTTP server histogram, conversation turns, the
#     `_ratio` gauge only a Collector produces), the rules are loaded and evaluated without
#     error, Prometheus knows the Alertmanager, Alertmanager is ready with local receivers routing
#     like the committed configuration
#  3. a second launcher on a port already taken must refuse to start, naming the variable
#  4. SIGTERM: the launcher exits 0, every port is closed, no process it started is left
#  5. a piece dying (the Collector, SIGKILL) stops the whole stack with exit 1, no orphans
#  6. Ctrl-C (SIGINT to the process group, as a terminal sends it): exit 0, no orphans
# Exits non-zero on the first failure; prints "N passed, 0 failed" at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
LIVE_BUDGET="${STACK_SMOKE_BUDGET:-170}"   # seconds for steps 2-5 together

PASSED=0
pass() { PASSED=$((PASSED + 1)); printf 'ok   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*" >&2; printf '%s passed, 1 failed\n' "$PASSED" >&2; exit 1; }

t0=$SECONDS
scripts/stack.sh --prepare 2> >(sed 's/^/  prepare: /' >&2) || fail "scripts/stack.sh --prepare"
pass "prepare (build / install what is missing): $((SECONDS - t0)) s"

WORK="$(mktemp -d /tmp/earshot-stack-smoke.XXXXXX)"
STACK_PID=""
cleanup() {
  local rc=$?
  if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2>/dev/null; then
    local kids; kids="$(descendants "$STACK_PID")"
    kill -TERM "$STACK_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 0.2; done
    # shellcheck disable=SC2086
    kill -KILL "$STACK_PID" $kids 2>/dev/null || true
  fi
  if [ $rc -eq 0 ]; then rm -rf "$WORK"; else echo "logs kept in $WORK" >&2; fi
}
trap cleanup EXIT

descendants() { # PID -> every descendant pid, one line
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2; pids[NR] = $1 }
    END { for (i in pids) { p = pids[i]; q = parent[p]
            while (q != "" && q != 0 && q != 1) { if (q == root) { print p; break } q = parent[q] } } }'
}

T_LIVE=$SECONDS
remaining() { echo $((LIVE_BUDGET - (SECONDS - T_LIVE))); }

source "$ROOT/scripts/lib/ports.sh" # pick_port VAR
PORT_VARS=(STACK_APP_PORT STACK_SIM_PORT STACK_OTLP_HTTP_PORT STACK_OTLP_GRPC_PORT STACK_COLLECTOR_METRICS_PORT
           STACK_COLLECTOR_TELEMETRY_PORT STACK_COLLECTOR_HEALTH_PORT STACK_PROMETHEUS_PORT STACK_ALERTMANAGER_PORT)
for v in "${PORT_VARS[@]}"; do pick_port "$v"; export "${v?}"; done
export STACK_DIR="$WORK/stack" STACK_VOICE_CALLERS=1 STACK_HTTP_TRAFFIC=1 STACK_ALERTMANAGER=local STACK_OPENAI=simulator
unset STACK_ALERT_WEBHOOK_URL STACK_SERVICE_NAME STACK_EXPORT_INTERVAL_MS
JOB=voice-assistant
PROM="http://127.0.0.1:$STACK_PROMETHEUS_PORT"
AM="http://127.0.0.1:$STACK_ALERTMANAGER_PORT"

# start_stack LOG [job-control]: runs scripts/stack.sh in the background, sets STACK_PID, waits for
# "ready". With job-control it runs in its own process group with SIGINT not ignored, as a command
# started from a terminal (where Ctrl-C sends SIGINT to the whole group).
start_stack() {
  if [ -n "${2:-}" ]; then set -m; fi
  scripts/stack.sh > "$1" 2>&1 < /dev/null &
  STACK_PID=$!
  set +m
  while ! grep -q '^\[stack\] ready$' "$1"; do
    kill -0 "$STACK_PID" 2>/dev/null || { cat "$1" >&2; fail "scripts/stack.sh exited before it was ready"; }
    [ "$(remaining)" -gt 0 ] || { cat "$1" >&2; fail "scripts/stack.sh not ready within the budget"; }
    sleep 0.2
  done
}

# ports_closed: every stack port free again
ports_closed() {
  local v open=""
  for v in "${PORT_VARS[@]}"; do
    ss -Htln "sport = :${!v}" | grep -q . && open+=" $v=${!v}"
  done
  [ -z "$open" ] || fail "ports still open:$open"
}

# ------------------------------------------------------------------------------ 2. the live stack
start_stack "$WORK/stack.out"
pass "stack ready after $((SECONDS - T_LIVE)) s (ports: $(for v in "${PORT_VARS[@]}"; do printf '%s ' "${!v}"; done))"
for v in "${PORT_VARS[@]}"; do
  grep -q "127.0.0.1:${!v}" "$WORK/stack.out" || fail "the printed URLs do not mention $v=${!v}"
done
pass "printed URLs name every port"

query() { # PROMQL -> JSON result array
  curl -fsS --max-time 5 "$PROM/api/v1/query" --data-urlencode "query=$1" | jq -c '.data.result'
}
wait_query() { # DESCRIPTION PROMQL: waits until the query returns a non-empty result
  local r="[]"
  while :; do
    r="$(query "$2" 2>/dev/null || echo '[]')"
    [ "$r" != "[]" ] && [ -n "$r" ] && break
    [ "$(remaining)" -gt 0 ] || fail "$1: '$2' still empty after $((SECONDS - T_LIVE)) s"
    kill -0 "$STACK_PID" 2>/dev/null || fail "the stack stopped while waiting for $1"
    sleep 1
  done
  RESULT="$r"
  pass "$1 after $((SECONDS - T_LIVE)) s: $(jq length <<<"$r") series"
}

wait_query "the Collector is scraped" "up{job=\"otel-collector\",instance=\"127.0.0.1:$STACK_COLLECTOR_METRICS_PORT\"} == 1"
wait_query "HTTP server histogram via the Collector" "http_server_request_duration_seconds_count{job=\"$JOB\",http_route=\"/health\",http_response_status_code=\"200\"} > 0"
inst="$(jq -r '.[0].metric.instance' <<<"$RESULT")"
[[ "$inst" =~ ^[0-9a-f-]{36}$ ]] || fail "instance should be the agent's service.instance.id (honor_labels), is '$inst'"
pass "instance = service.instance.id ($inst), not the Collector's address"
wait_query "conversation turns (user)" "conversation_turns_total{job=\"$JOB\",instance=\"$inst\",conversation_role=\"user\",websocket_side=\"server\",websocket_endpoint=\"/ws/realtime\"} > 0"
wait_query "conversation turns (assistant)" "conversation_turns_total{job=\"$JOB\",instance=\"$inst\",conversation_role=\"assistant\"} > 0"
# unit-1 gauges get _ratio only through a Collector (the embedded endpoint has no suffix)
wait_query "jvm_cpu_recent_utilization_ratio (only a Collector adds _ratio)" "jvm_cpu_recent_utilization_ratio{job=\"$JOB\",instance=\"$inst\"}"
wait_query "target_info with the resource" "target_info{job=\"$JOB\",instance=\"$inst\",deployment_environment_name=\"local\"}"
wait_query "recording rule evaluated on the agent's data" "job:target_info:max{job=\"$JOB\"}"
r="$(query "count by (__name__)({job=\"$JOB\",__name__=~\".+_bucket\"})")"
[ "$(jq length <<<"$r")" -ge 3 ] || fail "expected at least 3 histogram families, got $r"
pass "histogram families with buckets: $(jq -r '[.[].metric.__name__] | join(", ")' <<<"$r")"

# rules: exactly the groups of prometheus/rules/*.yml (not the *_test.yml files), every alert, no error
want_groups="$(grep -h '^  - name: ' prometheus/rules/recording.yml prometheus/rules/alerts.yml | sed 's/^  - name: *//' | sort | tr '\n' ' ')"
want_alerts="$(grep -c '^ *- alert: ' prometheus/rules/alerts.yml)"
want_records="$(grep -c '^ *- record: ' prometheus/rules/recording.yml)"
while :; do
  rules="$(curl -fsS --max-time 5 "$PROM/api/v1/rules")"
  health="$(jq -r '[.data.groups[].rules[].health] | unique | join(",")' <<<"$rules")"
  [ "$health" = ok ] && break
  [ "$(remaining)" -gt 0 ] || fail "rule health still '$health': $(jq -c '[.data.groups[].rules[] | select(.health != "ok") | {name, lastError}]' <<<"$rules")"
  sleep 1
done
got_groups="$(jq -r '.data.groups[].name' <<<"$rules" | sort | tr '\n' ' ')"
[ "$got_groups" = "$want_groups" ] || fail "rule groups: want '$want_groups', got '$got_groups'"
got_alerts="$(jq '[.data.groups[].rules[] | select(.type == "alerting")] | length' <<<"$rules")"
got_records="$(jq '[.data.groups[].rules[] | select(.type == "recording")] | length' <<<"$rules")"
[ "$got_alerts" = "$want_alerts" ] && [ "$got_records" = "$want_records" ] \
  || fail "rules: want $want_alerts alerting + $want_records recording, got $got_alerts + $got_records"
files="$(jq -r '[.data.groups[].file] | unique | join(" ")' <<<"$rules")"
[ "$files" = "$ROOT/prometheus/rules/alerts.yml $ROOT/prometheus/rules/recording.yml" ] \
  || fail "rules should be read from the repo's files, are read from: $files"
pass "rules loaded from prometheus/rules: $(wc -w <<<"$want_groups") groups, $got_alerts alerts, $got_records recording rules, all health ok"

firing="$(query 'ALERTS{alertstate="firing"}' | jq -r '[.[].metric.alertname] | join(",")')"
[ -z "$firing" ] || fail "alerts firing on a healthy stack: $firing"
pass "no alert firing on the healthy stack"

ams="$(curl -fsS --max-time 5 "$PROM/api/v1/alertmanagers" | jq -r '[.data.activeAlertmanagers[].url] | join(" ")')"
[ "$ams" = "$AM/api/v2/alerts" ] || fail "Prometheus' Alertmanagers: want $AM/api/v2/alerts, got '$ams'"
pass "Prometheus sends alerts to $ams"

code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$AM/-/ready")"
[ "$code" = 200 ] || fail "Alertmanager /-/ready answered $code"
cfg="$(curl -fsS --max-time 5 "$AM/api/v2/status" | jq -r '.config.original')"
receivers="$(sed -n "/^receivers:/,/^[a-z]/p" <<<"$cfg" | grep -v "^[a-z]" | tr "\n" " ")"
[ "$receivers" = "- name: pagerduty - name: slack-critical - name: slack-warnings - name: slack-notifications " ] \
  || fail "local Alertmanager should serve receivers with names only (nothing sent, no secret), serves: $receivers"
for labels in 'severity=critical' 'severity=warning' 'severity=info' 'alertname=ServiceDown severity=critical job=x'; do
  # shellcheck disable=SC2086
  want="$(amtool config routes test --config.file=alertmanager/alertmanager.yml $labels 2>/dev/null)"
  # shellcheck disable=SC2086
  got="$(amtool config routes test --config.file="$STACK_DIR/alertmanager.yml" $labels 2>/dev/null)"
  [ "$want" = "$got" ] || fail "route for $labels: committed config -> '$want', local copy -> '$got'"
done
pass "Alertmanager ready; local receivers (no integration, no secret) route like alertmanager/alertmanager.yml"

accepted="$(curl -fsS --max-time 5 "http://127.0.0.1:$STACK_COLLECTOR_TELEMETRY_PORT/metrics" \
  | awk '/^otelcol_receiver_accepted_metric_points(_total)?\{/ && /transport="http"/ { s += $NF } END { print s + 0 }')"
refused="$(curl -fsS --max-time 5 "http://127.0.0.1:$STACK_COLLECTOR_TELEMETRY_PORT/metrics" \
  | awk '/^otelcol_receiver_refused_metric_points(_total)?\{/ { s += $NF } END { print s + 0 }')"
[ "$accepted" -gt 0 ] && [ "$refused" = 0 ] || fail "Collector: accepted $accepted points over OTLP/HTTP, refused $refused"
pass "Collector accepted $accepted points over OTLP/HTTP, refused 0"

# ------------------------------------------------------------------------------ 3. port conflict
other="$(STACK_DIR="$WORK/other" timeout 60 scripts/stack.sh 2>&1 < /dev/null)" && fail "a second stack on the same ports started"
grep -q "port .* is in use: set STACK_[A-Z_]*_PORT to a free port" <<<"$other" || fail "second stack: unexpected message: $other"
[ ! -s "$WORK/other/pids" ] || fail "second stack started something: $(cat "$WORK/other/pids")"
pass "a second stack on taken ports refuses: $(grep -o 'port .* to a free port' <<<"$other" | head -1)"

# ------------------------------------------------------------------------------ 4. SIGTERM
kids="$(descendants "$STACK_PID" | tr '\n' ' ')"
n_kids="$(wc -w <<<"$kids")"
[ "$n_kids" -ge 7 ] || fail "expected at least 7 processes under the launcher, found $n_kids"
t_stop=$SECONDS
kill -TERM "$STACK_PID"
rc=0
for _ in $(seq 1 150); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 0.2; done
kill -0 "$STACK_PID" 2>/dev/null && fail "scripts/stack.sh still running 30 s after SIGTERM"
wait "$STACK_PID" || rc=$?
STACK_PID=""
[ "$rc" = 0 ] || fail "scripts/stack.sh exited $rc after SIGTERM (want 0)"
left=""
for p in $kids; do kill -0 "$p" 2>/dev/null && left+=" $p($(ps -o comm=,stat=,ppid= -p "$p"))"; done
[ -z "$left" ] || fail "processes left after SIGTERM:$left"
ports_closed
[ ! -e "$STACK_DIR/pids" ] || fail "$STACK_DIR/pids not removed"
pass "SIGTERM: exit 0 in $((SECONDS - t_stop)) s, all $n_kids processes gone, all ${#PORT_VARS[@]} ports closed"

# ------------------------------------------------------------------------------ 5. a piece dies
export STACK_VOICE_CALLERS=0 STACK_HTTP_TRAFFIC=0
start_stack "$WORK/stack2.out"
kids="$(descendants "$STACK_PID" | tr '\n' ' ')"
col="$(awk '$2 == "otel-collector" { print $1 }' "$STACK_DIR/pids")"
[ -n "$col" ] || fail "no otel-collector in $STACK_DIR/pids"
kill -KILL "$col"
for _ in $(seq 1 150); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 0.2; done
kill -0 "$STACK_PID" 2>/dev/null && fail "the stack kept running 30 s after the Collector died"
rc=0; wait "$STACK_PID" || rc=$?
STACK_PID=""
[ "$rc" = 1 ] || fail "scripts/stack.sh exited $rc after the Collector died (want 1)"
grep -q 'otel-collector exited' "$WORK/stack2.out" || fail "no 'otel-collector exited' message"
left=""
for p in $kids; do kill -0 "$p" 2>/dev/null && left+=" $p($(ps -o comm=,stat=,ppid= -p "$p"))"; done
[ -z "$left" ] || fail "processes left after the Collector died:$left"
ports_closed
pass "the Collector killed: the launcher stops the rest and exits 1, no process left, ports closed"

# ------------------------------------------------------------------------------ 6. Ctrl-C
export STACK_VOICE_CALLERS=1 STACK_HTTP_TRAFFIC=1
start_stack "$WORK/stack3.out" job-control
sleep 2   # the callers and the traffic loop running too
kids="$(descendants "$STACK_PID" | tr '\n' ' ')"
kill -INT -- "-$STACK_PID"
for _ in $(seq 1 150); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 0.2; done
kill -0 "$STACK_PID" 2>/dev/null && fail "the stack kept running 30 s after Ctrl-C"
rc=0; wait "$STACK_PID" || rc=$?
STACK_PID=""
[ "$rc" = 0 ] || fail "scripts/stack.sh exited $rc after Ctrl-C (want 0)"
left=""
for p in $kids; do kill -0 "$p" 2>/dev/null && left+=" $p($(ps -o comm=,stat=,ppid= -p "$p"))"; done
[ -z "$left" ] || fail "processes left after Ctrl-C:$left"
ports_closed
pass "Ctrl-C (SIGINT to the process group): exit 0, no process left, ports closed"

printf '%s passed, 0 failed (live part %s s, total %s s)\n' "$PASSED" "$((SECONDS - T_LIVE))" "$((SECONDS - t0))"
