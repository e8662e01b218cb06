#!/usr/bin/env bash
# prometheus.yml and the rules on a running Prometheus (2.42, loopback only): every rule group
# loads and evaluates without error, the Collector job is scraped with honor_labels, a directly
# scraped agent listed in targets/agents.yml gets the `job` label of its target group, and the
# Alertmanager is discovered. The configuration is a copy with 1 s intervals and every target
# moved to 127.0.0.1 port 9 (nothing listens there), so that the test touches no other process.
# Exits non-zero on the first mismatch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d)
prom_pid=""
cleanup() {
  if [ -n "$prom_pid" ]; then kill "$prom_pid" 2>/dev/null || true; wait "$prom_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cp -r "$here/rules" "$here/targets" "$work/"
sed -e 's/^  scrape_interval: .*/  scrape_interval: 1s/' \
    -e 's/^  scrape_timeout: .*/  scrape_timeout: 1s/' \
    -e 's/^  evaluation_interval: .*/  evaluation_interval: 1s/' \
    -e "s/targets: \['localhost:9093'\]/targets: ['127.0.0.1:9']/" \
    -e "s/targets: \['localhost:8889'\]/targets: ['127.0.0.1:9']/" \
    "$here/prometheus.yml" > "$work/prometheus.yml"
grep -c "127.0.0.1:9'" "$work/prometheus.yml" | grep -qx 2
cat > "$work/targets/agents.yml" <<'EOF'
- targets: ['127.0.0.2:9']
  labels:
    job: voice-bot
EOF

source "$here/../scripts/lib/ports.sh"
pick_port port
url="http://127.0.0.1:$port"

prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$port" >"$work/prometheus.log" 2>&1 &
prom_pid=$!
for _ in $(seq 1 200); do
  curl -sf "$url/-/ready" >/dev/null 2>&1 && break
  kill -0 "$prom_pid" 2>/dev/null || { cat "$work/prometheus.log" >&2; exit 1; }
  sleep 0.1
done
curl -sf "$url/-/ready" >/dev/null || { echo "Prometheus did not start" >&2; tail -20 "$work/prometheus.log" >&2; exit 1; }

failures=0
cases=0
check() { # description jq-filter expected [api path]
  local got=""
  for _ in $(seq 1 100); do # up to 10 s: the first scrapes and evaluations
    got=$(curl -sf "$url$4" | jq -r "$2" 2>/dev/null || true)
    [ "$got" = "$3" ] && break
    sleep 0.1
  done
  cases=$((cases + 1))
  if [ "$got" = "$3" ]; then
    printf '  ok    %-62s %s\n' "$1" "$got"
  else
    printf '  FAIL  %-62s %s (expected %s)\n' "$1" "$got" "$3"
    failures=$((failures + 1))
  fi
}

groups=$(( $(grep -c '^  - name:' "$here/rules/recording.yml") + $(grep -c '^  - name:' "$here/rules/alerts.yml") ))
rules=$(( $(grep -cE '^ *- (record|alert):' "$here/rules/recording.yml") + $(grep -cE '^ *- (record|alert):' "$here/rules/alerts.yml") ))
echo "prometheus.yml on Prometheus $(prometheus --version 2>&1 | head -1 | awk '{print $3}') at $url:"
check "rule groups loaded" '.data.groups | length' "$groups" /api/v1/rules
check "rules loaded" '[.data.groups[].rules[]] | length' "$rules" /api/v1/rules
check "rules evaluated, none with an error" \
  '[.data.groups[].rules[] | select(.health != "ok" or (.lastError // "") != "")] | length' 0 /api/v1/rules
check "groups evaluated every second" \
  '[.data.groups[] | select(.interval != 1 or .lastEvaluation == "0001-01-01T00:00:00Z")] | length' 0 /api/v1/rules
check "Collector job scraped (nothing listens on the test port)" \
  '.data.activeTargets[] | select(.scrapePool == "otel-collector") | .discoveredLabels.__address__ + " " + (.health)' \
  "127.0.0.1:9 down" /api/v1/targets
check "Collector job: up is 0 (nothing listens)" \
  '.data.result[0].value[1]' 0 '/api/v1/query?query=up%7Bjob%3D%22otel-collector%22%7D'
check "agents job: the target group's job label wins" \
  '.data.activeTargets[] | select(.scrapePool == "earshot-agents") | .labels.job + " " + .labels.instance' \
  "voice-bot 127.0.0.2:9" /api/v1/targets
check "Alertmanager discovered" '.data.activeAlertmanagers[0].url' "http://127.0.0.1:9/api/v2/alerts" /api/v1/alertmanagers
check "honor_labels set on the Collector job only" \
  '[.data.yaml | capture("(?<x>honor_labels: true)"; "g")] | length' 1 /api/v1/status/config

echo "$((cases - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
