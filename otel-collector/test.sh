#!/usr/bin/env bash
# Tests the Collector part of the monitoring stack (issue 5), on loopback only:
#  1. builds otelcol-earshot (build.sh, cached) and checks the manifest: one version for all
#     components, the builder at that version, every component used by some config;
#  2. `otelcol-earshot validate` on every Collector config in the repository (and with the
#     resource-to-labels switch on), plus a broken config that must be refused;
#  3. live: config.yaml on free ports; one OTLP/HTTP JSON request with an Earshot histogram, counter
#     and gauge; the Prometheus exporter's /metrics must show them with their exact names, labels
#     and values, health_check must answer, the Collector's own metrics must count 3 points, and
#     the series must leave /metrics once metric_expiration passes; OTELCOL_RESOURCE_TO_LABELS=true
#     must put the resource attributes on the series;
#  4. live: two "agents" feeding one gateway (gateway.yaml), one of them through a per-host
#     Collector (per-host.yaml), and a third through config-remote-write.yaml, remote-writing into
#     a real Prometheus (Debian package, --web.enable-remote-write-receiver); the series must
#     arrive with the expected names, job/instance labels and values.
# Exits non-zero on the first failure; prints "N passed, 0 failed" at the end.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
T0=$(date +%s)
PASSED=0
WORK="$(mktemp -d /tmp/earshot-otelcol-test.XXXXXX)"
PIDS=()

cleanup() {
  local rc=$? pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((rc != 0)); then
    echo "(logs kept in $WORK)" >&2
    echo "$PASSED passed, 1 failed"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "not ok - command failed at line $LINENO: $BASH_COMMAND" >&2' ERR

log()  { echo "[otelcol test] $*"; }
pass() { PASSED=$((PASSED + 1)); echo "ok $PASSED - $*"; }
fail() { echo "not ok - $*" >&2; exit 1; }

# --- tools ------------------------------------------------------------------------------------
need_apt=()
command -v curl >/dev/null || need_apt+=(curl)
command -v jq >/dev/null || need_apt+=(jq)
command -v ss >/dev/null || need_apt+=(iproute2)
command -v prometheus >/dev/null || need_apt+=(prometheus)
if ((${#need_apt[@]})); then
  log "installing ${need_apt[*]} (apt-get)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# --- 1. build and manifest ----------------------------------------------------------------------
BIN="$("$HERE/build.sh")" || fail "build.sh failed"
[[ -x "$BIN" ]] || fail "build.sh printed '$BIN', not an executable"
pass "otelcol-earshot built: $BIN ($(du -h "$BIN" | cut -f1)), $("$BIN" --version)"

MANIFEST="$HERE/builder-config.yaml"
builder_version="$(sed -n 's/^BUILDER_VERSION=\(v[0-9.]*\).*/\1/p' "$HERE/build.sh")"
component_versions="$(sed -n '/^providers:/q; s/^ *- gomod: [^ ]* \(v[^ ]*\)$/\1/p' "$MANIFEST" | sort -u)"
provider_versions="$(sed -n '/^providers:/,$ s/^ *- gomod: [^ ]* \(v[^ ]*\)$/\1/p' "$MANIFEST" | sort -u)"
[[ "$component_versions" == "$builder_version" ]] ||
  fail "components must all be at the builder's version $builder_version, found: $(echo $component_versions)"
[[ $(wc -l <<<"$provider_versions") == 1 && "$provider_versions" == v1.* ]] ||
  fail "providers must share one v1.x version, found: $(echo $provider_versions)"
pass "manifest: every component at $builder_version (= builder), providers at $provider_versions"

# Collector configs: everything in otel-collector/ but the manifest, and any other YAML file in the
# repository with top-level receivers: and service: keys.
mapfile -t CONFIGS < <(
  {
    find "$HERE" -maxdepth 1 \( -name '*.yaml' -o -name '*.yml' \) ! -name 'builder-config.yaml'
    (cd "$ROOT" && git ls-files --cached --others --exclude-standard -- '*.yaml' '*.yml' 2>/dev/null |
      sed "s|^|$ROOT/|") | while read -r f; do
        [[ -f "$f" ]] && grep -q '^receivers:' "$f" && grep -q '^service:' "$f" && echo "$f"
      done
  } | sort -u)
((${#CONFIGS[@]} >= 4)) || fail "expected at least 4 Collector configs, found ${#CONFIGS[@]}"

# Every component in the binary is used by at least one config ("exactly the components used").
all_configs_text="$(cat "${CONFIGS[@]}")"
for kind in receivers processors exporters extensions; do
  for name in $("$BIN" components | awk -v k="$kind:" '/^[a-z]+:/{s=($1==k)} s && /- name:/{print $3}'); do
    grep -qE "^  ${name}(/[A-Za-z0-9_-]+)?:" <<<"$all_configs_text" ||
      fail "$kind/$name is built into otelcol-earshot but no config uses it"
  done
done
pass "every component in the binary is used by a config"

# --- 2. validate ----------------------------------------------------------------------------------
for cfg in "${CONFIGS[@]}"; do
  rel="${cfg#"$ROOT"/}"
  out="$(env -u OTELCOL_RESOURCE_TO_LABELS "$BIN" validate --config="$cfg" 2>&1)" || fail "validate $rel: $out"
  out="$(OTELCOL_RESOURCE_TO_LABELS=true "$BIN" validate --config="$cfg" 2>&1)" ||
    fail "validate $rel with OTELCOL_RESOURCE_TO_LABELS=true: $out"
  pass "otelcol-earshot validate --config=$rel"
done
sed 's/^      processors: \[memory_limiter, batch\]/      processors: [memory_limiter, batch, attributes]/' \
  "$HERE/config.yaml" > "$WORK/broken.yaml"
if out="$("$BIN" validate --config="$WORK/broken.yaml" 2>&1)"; then
  fail "validate accepted a config naming a processor the binary lacks"
fi
grep -q 'attributes' <<<"$out" || fail "validate refused the broken config, but not for the missing processor: $out"
pass "validate refuses a config naming a component the binary lacks"

# --- helpers for the live tests ---------------------------------------------------------------
# pick_port VAR
source "$ROOT/scripts/lib/ports.sh"

# wait_http URL SECONDS PID: until URL answers 200, the process dies, or the time runs out.
wait_http() {
  local url="$1" deadline=$((SECONDS + $2)) pid="$3"
  while ((SECONDS < deadline)); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

# start_collector NAME CONFIG VAR=VALUE...: starts otelcol-earshot with its own free ports, sets
# <NAME>_HTTP, <NAME>_GRPC, <NAME>_HEALTH, <NAME>_PROM, <NAME>_TELEMETRY, and waits for health.
start_collector() {
  local name="$1" cfg="$2"; shift 2
  local http grpc health prom tele
  pick_port http; pick_port grpc; pick_port health; pick_port prom; pick_port tele
  env OTELCOL_OTLP_HTTP_ENDPOINT="127.0.0.1:$http" OTELCOL_OTLP_GRPC_ENDPOINT="127.0.0.1:$grpc" \
      OTELCOL_HEALTH_ENDPOINT="127.0.0.1:$health" OTELCOL_PROMETHEUS_ENDPOINT="127.0.0.1:$prom" \
      OTELCOL_TELEMETRY_HOST=127.0.0.1 OTELCOL_TELEMETRY_PORT="$tele" OTELCOL_MEMORY_LIMIT_MIB=256 \
      OTELCOL_MEMORY_SPIKE_MIB=64 "$@" \
      "$BIN" --config="$cfg" > "$WORK/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  printf -v "${name}_HTTP" '%s' "$http"; printf -v "${name}_GRPC" '%s' "$grpc"
  printf -v "${name}_HEALTH" '%s' "$health"; printf -v "${name}_PROM" '%s' "$prom"
  printf -v "${name}_TELEMETRY" '%s' "$tele"; printf -v "${name}_PID" '%s' "$pid"
  wait_http "http://127.0.0.1:$health/" 30 "$pid" ||
    fail "$name ($(basename "$cfg")) did not become healthy on 127.0.0.1:$health: $(tail -5 "$WORK/$name.log")"
}

# otlp_body SERVICE INSTANCE ERRORS: one OTLP/JSON metrics request as an Earshot agent sends it: a
# resource, the dev.earshot.agent scope with http.server.request.duration (3 requests of 0.09,
# 0.2 and 0.31 s) and application.errors (ERRORS), the runtime-telemetry scope with
# jvm.cpu.recent_utilization (0.25).
otlp_body() {
  local now start
  now="$(date +%s%N)"; start=$((now - 60000000000))
  cat <<JSON
{"resourceMetrics":[{
  "resource":{"attributes":[
    {"key":"service.name","value":{"stringValue":"$1"}},
    {"key":"service.instance.id","value":{"stringValue":"$2"}},
    {"key":"deployment.environment.name","value":{"stringValue":"smoke"}},
    {"key":"telemetry.sdk.language","value":{"stringValue":"java"}}]},
  "scopeMetrics":[
   {"scope":{"name":"dev.earshot.agent","version":"0.1.0"},
    "metrics":[
     {"name":"http.server.request.duration","unit":"s","description":"Duration of HTTP server requests.",
      "histogram":{"aggregationTemporality":2,"dataPoints":[{
        "attributes":[
          {"key":"http.request.method","value":{"stringValue":"POST"}},
          {"key":"url.scheme","value":{"stringValue":"http"}},
          {"key":"http.route","value":{"stringValue":"/chat"}},
          {"key":"http.response.status_code","value":{"intValue":"200"}}],
        "startTimeUnixNano":"$start","timeUnixNano":"$now","count":"3","sum":0.6,
        "explicitBounds":[0.005,0.01,0.025,0.05,0.075,0.1,0.25,0.5,0.75,1,2.5,5,7.5,10],
        "bucketCounts":["0","0","0","0","0","1","1","1","0","0","0","0","0","0","0"]}]}},
     {"name":"application.errors","unit":"{error}","description":"Exceptions that escaped the application's handlers.",
      "sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[{
        "attributes":[
          {"key":"error.type","value":{"stringValue":"java.lang.IllegalStateException"}},
          {"key":"error.source","value":{"stringValue":"http"}}],
        "startTimeUnixNano":"$start","timeUnixNano":"$now","asInt":"$3"}]}}]},
   {"scope":{"name":"io.opentelemetry.runtime-telemetry","version":"2.31.1-alpha"},
    "metrics":[
     {"name":"jvm.cpu.recent_utilization","unit":"1","description":"Recent CPU utilization for the process as reported by the JVM.",
      "gauge":{"dataPoints":[{"timeUnixNano":"$now","asDouble":0.25}]}}]}]}]}
JSON
}

# post_otlp PORT BODY: POST /v1/metrics (OTLP/HTTP JSON); the receiver must answer 200.
post_otlp() {
  local code
  code="$(curl -sS -o "$WORK/post.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data-binary "$2" "http://127.0.0.1:$1/v1/metrics")" || fail "POST to 127.0.0.1:$1/v1/metrics failed"
  [[ "$code" == 200 ]] || fail "POST /v1/metrics answered $code: $(cat "$WORK/post.out")"
}

# series_value TEXT NAME LABEL=VALUE...: the value of the one exposition line of NAME carrying all
# those labels ("" when there is none, fails when more than one matches).
series_value() {
  local text="$1" name="$2"; shift 2
  local lines l
  lines="$(grep -E "^${name}\{" <<<"$text" || true)"
  for l in "$@"; do lines="$(grep -F "${l%%=*}=\"${l#*=}\"" <<<"$lines" || true)"; done
  [[ -z "$lines" ]] && { echo ""; return; }
  (($(wc -l <<<"$lines") == 1)) || fail "more than one $name series with $*: $lines"
  awk '{print $NF}' <<<"$lines"
}

expect_series() {  # TEXT EXPECTED NAME LABELS...
  local text="$1" want="$2" name="$3"; shift 3
  local got
  got="$(series_value "$text" "$name" "$@")"
  [[ "$got" == "$want" ]] || fail "$name{$*}: expected $want, got '${got:-no such series}'"
}

# --- 3. config.yaml live -------------------------------------------------------------------------
log "live test of config.yaml"
EXPIRY=12
start_collector C "$HERE/config.yaml" OTELCOL_METRIC_EXPIRATION="${EXPIRY}s"
pass "config.yaml: Collector started on 127.0.0.1 (otlp http $C_HTTP, prometheus $C_PROM, health $C_HEALTH)"

health="$(curl -sS -w ' %{http_code}' "http://127.0.0.1:$C_HEALTH/")"
[[ "$health" == *'"status":"Server available"'*' 200' ]] || fail "health_check answered: $health"
pass "health_check: 200 Server available"

post_otlp "$C_HTTP" "$(otlp_body voice-bot smoke-1 3)"
posted_at=$SECONDS
# The batch processor forwards within its 1 s timeout.
metrics=""
for _ in $(seq 1 50); do
  metrics="$(curl -fsS "http://127.0.0.1:$C_PROM/metrics")" || fail "GET /metrics on the Prometheus exporter failed"
  grep -q '^application_errors_total{' <<<"$metrics" && break
  sleep 0.2
done
printf '%s\n' "$metrics" > "$WORK/metrics.txt"

JOB=(job=voice-bot instance=smoke-1)
H=(http_request_method=POST url_scheme=http http_route=/chat http_response_status_code=200 otel_scope_name=dev.earshot.agent otel_scope_version=0.1.0)
grep -qx '# TYPE http_server_request_duration_seconds histogram' <<<"$metrics" || fail "no histogram http_server_request_duration_seconds"
expect_series "$metrics" 3   http_server_request_duration_seconds_count "${JOB[@]}" "${H[@]}"
expect_series "$metrics" 0.6 http_server_request_duration_seconds_sum   "${JOB[@]}" "${H[@]}"
expect_series "$metrics" 0   http_server_request_duration_seconds_bucket "${JOB[@]}" "${H[@]}" le=0.075
expect_series "$metrics" 1   http_server_request_duration_seconds_bucket "${JOB[@]}" "${H[@]}" le=0.1
expect_series "$metrics" 2   http_server_request_duration_seconds_bucket "${JOB[@]}" "${H[@]}" le=0.25
expect_series "$metrics" 3   http_server_request_duration_seconds_bucket "${JOB[@]}" "${H[@]}" le=0.5
expect_series "$metrics" 3   http_server_request_duration_seconds_bucket "${JOB[@]}" "${H[@]}" le=+Inf
pass "http_server_request_duration_seconds{job=voice-bot,instance=smoke-1,http_route=/chat,...}: count 3, sum 0.6, buckets 0/1/2/3/3"

grep -qx '# TYPE application_errors_total counter' <<<"$metrics" || fail "no counter application_errors_total"
expect_series "$metrics" 3 application_errors_total "${JOB[@]}" error_type=java.lang.IllegalStateException error_source=http otel_scope_name=dev.earshot.agent
pass "application_errors_total{job=voice-bot,instance=smoke-1,error_type,error_source}: 3"

# Unit "1" on a gauge: the Collector's exporter appends _ratio (the agent's embedded endpoint does
# not: jvm_cpu_recent_utilization there, see docs/scaling.md).
expect_series "$metrics" 0.25 jvm_cpu_recent_utilization_ratio "${JOB[@]}" otel_scope_name=io.opentelemetry.runtime-telemetry
[[ -z "$(series_value "$metrics" jvm_cpu_recent_utilization "${JOB[@]}")" ]] || fail "unexpected jvm_cpu_recent_utilization without _ratio"
pass "jvm_cpu_recent_utilization_ratio{job=voice-bot,instance=smoke-1}: 0.25 (unit 1 -> _ratio)"

expect_series "$metrics" 1 target_info "${JOB[@]}" deployment_environment_name=smoke telemetry_sdk_language=java
if grep -E '^(http_server|application_errors|jvm_cpu)' <<<"$metrics" | grep -qE 'service_name=|deployment_environment_name='; then
  fail "resource attributes copied onto metric series although OTELCOL_RESOURCE_TO_LABELS is off"
fi
pass "resource attributes: job/instance on every series, the rest only in target_info"

tele="$(curl -fsS "http://127.0.0.1:$C_TELEMETRY/metrics")" || fail "Collector's own metrics endpoint failed"
expect_series "$tele" 3 "otelcol_receiver_accepted_metric_points(_total)?" receiver=otlp transport=http
expect_series "$tele" 0 "otelcol_receiver_refused_metric_points(_total)?" receiver=otlp transport=http
pass "Collector's own metrics: otlp receiver accepted 3 points, refused 0"

# A silent agent's series leave /metrics once metric_expiration (here ${EXPIRY} s) has passed.
sleep $((EXPIRY + 2 - (SECONDS - posted_at) > 0 ? EXPIRY + 2 - (SECONDS - posted_at) : 0))
metrics="$(curl -fsS "http://127.0.0.1:$C_PROM/metrics")"
if grep -qE '^(application_errors_total|http_server_request_duration_seconds_count|jvm_cpu_recent_utilization_ratio)\{' <<<"$metrics"; then
  fail "series still exposed $((SECONDS - posted_at)) s after the last push (metric_expiration ${EXPIRY}s)"
fi
pass "series expire from /metrics ${EXPIRY} s after the last push (OTELCOL_METRIC_EXPIRATION)"

kill "$C_PID"; wait "$C_PID" 2>/dev/null || true
grep -q 'Shutdown complete' "$WORK/C.log" || fail "config.yaml Collector did not shut down cleanly: $(tail -3 "$WORK/C.log")"
pass "config.yaml Collector stopped cleanly"

# OTELCOL_RESOURCE_TO_LABELS=true: every resource attribute on every series as well.
start_collector CR "$HERE/config.yaml" OTELCOL_RESOURCE_TO_LABELS=true
post_otlp "$CR_HTTP" "$(otlp_body voice-bot smoke-2 4)"
got=""
for _ in $(seq 1 50); do
  metrics="$(curl -fsS "http://127.0.0.1:$CR_PROM/metrics")" || fail "GET /metrics (resource labels) failed"
  got="$(series_value "$metrics" application_errors_total job=voice-bot instance=smoke-2 service_name=voice-bot \
    service_instance_id=smoke-2 deployment_environment_name=smoke telemetry_sdk_language=java error_source=http)"
  [[ -n "$got" ]] && break
  sleep 0.2
done
[[ "$got" == 4 ]] || fail "OTELCOL_RESOURCE_TO_LABELS=true: application_errors_total with resource labels: '${got:-no such series}', expected 4"
pass "OTELCOL_RESOURCE_TO_LABELS=true: service_name, service_instance_id, deployment_environment_name, telemetry_sdk_language on the series"
kill "$CR_PID"; wait "$CR_PID" 2>/dev/null || true

# --- 4. remote write: gateway, per-host, config-remote-write --------------------------------------
log "live test of gateway.yaml, per-host.yaml and config-remote-write.yaml into Prometheus $(prometheus --version 2>&1 | sed -n '1s/^prometheus, version \([^ ]*\).*/\1/p')"
pick_port PROM
mkdir -p "$WORK/prom"
printf 'global:\n  scrape_interval: 15s\n' > "$WORK/prom/prometheus.yml"
prometheus --config.file="$WORK/prom/prometheus.yml" --storage.tsdb.path="$WORK/prom/data" \
  --web.listen-address="127.0.0.1:$PROM" --web.enable-remote-write-receiver \
  > "$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
PIDS+=("$PROM_PID")
wait_http "http://127.0.0.1:$PROM/-/ready" 60 "$PROM_PID" || fail "Prometheus did not start: $(tail -5 "$WORK/prometheus.log")"
pass "Prometheus started with the remote-write receiver on 127.0.0.1:$PROM"

RW="http://127.0.0.1:$PROM/api/v1/write"
start_collector GW "$HERE/gateway.yaml" OTELCOL_REMOTE_WRITE_URL="$RW" OTELCOL_TENANT=earshot-test
start_collector PH "$HERE/per-host.yaml" OTELCOL_GATEWAY_ENDPOINT="http://127.0.0.1:$GW_HTTP"
start_collector RWC "$HERE/config-remote-write.yaml" OTELCOL_REMOTE_WRITE_URL="$RW"
pass "gateway.yaml, per-host.yaml (-> gateway) and config-remote-write.yaml Collectors started"

post_otlp "$GW_HTTP" "$(otlp_body voice-bot gw-direct 5)"   # agent 1 -> gateway
post_otlp "$PH_HTTP" "$(otlp_body voice-bot via-host 7)"    # agent 2 -> per-host -> gateway
post_otlp "$RWC_HTTP" "$(otlp_body voice-bot single 11)"    # agent 3 -> config-remote-write

# query_vector PROMQL: "labels value" lines of an instant query, sorted.
query_vector() {
  curl -fsS --get --data-urlencode "query=$1" "http://127.0.0.1:$PROM/api/v1/query" |
    jq -r '.data.result[] | "\(.metric | to_entries | map("\(.key)=\(.value)") | join(",")) \(.value[1])"' | sort
}
got=""
for _ in $(seq 1 75); do
  got="$(query_vector 'sort(application_errors_total)')"
  (($(grep -c . <<<"$got") >= 3)) && break
  sleep 0.2
done
want="__name__=application_errors_total,error_source=http,error_type=java.lang.IllegalStateException,instance=gw-direct,job=voice-bot,otel_scope_name=dev.earshot.agent,otel_scope_version=0.1.0 5
__name__=application_errors_total,error_source=http,error_type=java.lang.IllegalStateException,instance=single,job=voice-bot,otel_scope_name=dev.earshot.agent,otel_scope_version=0.1.0 11
__name__=application_errors_total,error_source=http,error_type=java.lang.IllegalStateException,instance=via-host,job=voice-bot,otel_scope_name=dev.earshot.agent,otel_scope_version=0.1.0 7"
[[ "$got" == "$want" ]] || fail "application_errors_total in Prometheus:
--- expected
$want
--- got
$got
--- gateway log: $(grep -iE 'error|warn' "$WORK/GW.log" | tail -3)"
pass "remote write: application_errors_total for instances gw-direct (5), via-host (7, through per-host), single (11), exact label sets"

got="$(query_vector 'http_server_request_duration_seconds_bucket{http_route="/chat",le="0.25"}' | awk '{print $NF}' | tr '\n' ' ')"
[[ "$got" == "2 2 2 " ]] || fail "http_server_request_duration_seconds_bucket{le=0.25} in Prometheus: '$got', expected 2 for each of 3 instances"
got="$(query_vector 'sum(http_server_request_duration_seconds_count{job="voice-bot"})' | awk '{print $NF}')"
[[ "$got" == 9 ]] || fail "sum of http_server_request_duration_seconds_count: '$got', expected 9"
got="$(query_vector 'count(jvm_cpu_recent_utilization_ratio{job="voice-bot"} == 0.25)' | awk '{print $NF}')"
[[ "$got" == 3 ]] || fail "jvm_cpu_recent_utilization_ratio: count '$got', expected 3"
got="$(query_vector 'count(target_info{job="voice-bot",deployment_environment_name="smoke"})' | awk '{print $NF}')"
[[ "$got" == 3 ]] || fail "target_info: count '$got', expected 3"
pass "remote write: histogram buckets, counts, _ratio gauge and target_info for all three instances"

# metric_sum TEXT NAME: the sum over every series of NAME (with or without _total).
metric_sum() {
  { grep -E "^$2(_total)?\{" <<<"$1" || true; } | awk '{s+=$NF} END {print s+0}'
}
declare -A WANT_SENT=([GW]=6 [PH]=3 [RWC]=3)  # data points: gateway got 2 requests of 3 points
for c in GW PH RWC; do
  tele_var="${c}_TELEMETRY"
  for _ in $(seq 1 25); do  # the counters move just after the request returned
    tele="$(curl -fsS "http://127.0.0.1:${!tele_var}/metrics")" || fail "$c: own metrics endpoint failed"
    sent="$(metric_sum "$tele" otelcol_exporter_sent_metric_points)"
    failed="$(metric_sum "$tele" otelcol_exporter_send_failed_metric_points)"
    [[ "$sent" == "${WANT_SENT[$c]}" ]] && break
    sleep 0.2
  done
  [[ "$sent" == "${WANT_SENT[$c]}" && "$failed" == 0 ]] ||
    fail "$c: exporter sent $sent points (expected ${WANT_SENT[$c]}), failed $failed (expected 0)"
done
pass "exporters sent 6 (gateway), 3 (per-host), 3 (remote-write) points, 0 failed"

echo "Collector tests took $(( $(date +%s) - T0 )) s"
echo "$PASSED passed, 0 failed"
