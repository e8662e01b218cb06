#!/usr/bin/env bash
# The inhibition rules of alertmanager.yml on a running Alertmanager (0.25, loopback only):
# alerts are posted to its API and the test reads back which ones it reports suppressed, and
# by what. The configuration is a copy with two changes so that nothing is ever sent:
# group_wait 1h (no notification during the few seconds of the test) and secrets pointing at
# loopback (a Slack URL and a PagerDuty URL on 127.0.0.1 port 9, where nothing listens).
# Exits non-zero on the first mismatch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
am_bin=$(command -v prometheus-alertmanager || command -v alertmanager)

work=$(mktemp -d)
am_pid=""
cleanup() {
  if [ -n "$am_pid" ]; then kill "$am_pid" 2>/dev/null || true; wait "$am_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/secrets" "$work/data"
printf 'http://127.0.0.1:9/slack' > "$work/secrets/slack_api_url"
printf 'not-a-key' > "$work/secrets/pagerduty_routing_key"
sed -e 's/^  group_wait: .*/  group_wait: 1h/' \
    -e 's|^\( *\)- routing_key_file: \(.*\)$|\1- routing_key_file: \2\n\1  url: http://127.0.0.1:9/pagerduty|' \
    "$here/alertmanager.yml" > "$work/alertmanager.yml"
grep -q 'group_wait: 1h' "$work/alertmanager.yml"
grep -q 'url: http://127.0.0.1:9/pagerduty' "$work/alertmanager.yml"

source "$here/../scripts/lib/ports.sh"
pick_port port
url="http://127.0.0.1:$port"

# The *_file paths are relative to the working directory, as documented in alertmanager.yml.
(cd "$work" && exec "$am_bin" --config.file=alertmanager.yml --storage.path=data \
  --web.listen-address="127.0.0.1:$port" --cluster.listen-address= >"$work/am.log" 2>&1) &
am_pid=$!
for _ in $(seq 1 100); do
  curl -sf "$url/-/ready" >/dev/null 2>&1 && break
  kill -0 "$am_pid" 2>/dev/null || { cat "$work/am.log" >&2; exit 1; }
  sleep 0.1
done
curl -sf "$url/-/ready" >/dev/null || { echo "Alertmanager did not start" >&2; cat "$work/am.log" >&2; exit 1; }

post() { # alertname job severity ...
  local json="[" sep=""
  while [ $# -ge 3 ]; do
    json+="$sep{\"labels\":{\"alertname\":\"$1\",\"job\":\"$2\",\"severity\":\"$3\"},\"annotations\":{\"summary\":\"test\"}}"
    sep=","
    shift 3
  done
  json+="]"
  curl -sf -XPOST -H 'Content-Type: application/json' "$url/api/v2/alerts" -d "$json" >/dev/null
}

failures=0
cases=0
state_of() { # alertname job -> "active" or "suppressed by <alertname of the inhibiting alert>"
  local alerts fp
  alerts=$(curl -sf "$url/api/v2/alerts")
  fp=$(jq -r --arg a "$1" --arg j "$2" '.[] | select(.labels.alertname == $a and .labels.job == $j) | .status.inhibitedBy[]?' <<<"$alerts")
  if [ -z "$fp" ]; then
    jq -r --arg a "$1" --arg j "$2" '[.[] | select(.labels.alertname == $a and .labels.job == $j)] | if length == 0 then "missing" else .[0].status.state end' <<<"$alerts"
  else
    local by
    by=$(jq -r --arg f "$fp" '[.[] | select(.fingerprint as $x | ($f | split("\n")) | index($x)) | .labels.alertname] | sort | join(",")' <<<"$alerts")
    echo "suppressed by $by"
  fi
}
expect() { # alertname job expected-state
  local got=""
  # the inhibitor follows new alerts asynchronously: give it up to 5 s to agree
  for _ in $(seq 1 50); do
    got=$(state_of "$1" "$2")
    [ "$got" = "$3" ] && break
    sleep 0.1
  done
  cases=$((cases + 1))
  if [ "$got" = "$3" ]; then
    printf '  ok    %-28s job=%-14s %s\n' "$1" "$2" "$got"
  else
    printf '  FAIL  %-28s job=%-14s %s (expected %s)\n' "$1" "$2" "$got" "$3"
    failures=$((failures + 1))
  fi
}

echo "inhibitions of $here/alertmanager.yml on Alertmanager $("$am_bin" --version 2>&1 | head -1 | awk '{print $3}') at $url:"
# A service that is down mutes its own other alerts, critical or warning, not other services'.
# (Suppressions are checked first: once they show, the inhibitor has seen the alerts, and an
# alert still active then is really not inhibited.)
post ServiceDown voice-bot critical \
     HighErrorRate voice-bot critical \
     SlowTokenMinting voice-bot warning \
     HighErrorRate other-bot critical \
     SlowTokenMinting other-bot warning
expect HighErrorRate voice-bot "suppressed by ServiceDown"
expect SlowTokenMinting voice-bot "suppressed by ServiceDown"
expect ServiceDown voice-bot active
expect HighErrorRate other-bot active
expect SlowTokenMinting other-bot active
# A Collector that cannot be scraped mutes every ServiceDown (all services look silent), and
# nothing else.
post OtelCollectorDown otel-collector critical \
     ServiceDown third-bot critical
expect ServiceDown third-bot "suppressed by OtelCollectorDown"
expect ServiceDown voice-bot "suppressed by OtelCollectorDown"
expect OtelCollectorDown otel-collector active
expect HighErrorRate other-bot active

if grep -qiE 'level=(error|warn).*(notify|dispatch)' "$work/am.log"; then
  echo "  FAIL  Alertmanager tried to notify during the test:"; grep -iE 'level=(error|warn)' "$work/am.log" | head -5
  failures=$((failures + 1)); cases=$((cases + 1))
fi

echo "$((cases - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
