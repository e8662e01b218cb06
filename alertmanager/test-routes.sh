#!/usr/bin/env bash
# Routing of alertmanager.yml, checked with `amtool config routes test`: each severity, a label
# set without severity, and every alert of prometheus/rules/alerts.yml (with the severity it
# carries) reach exactly the expected receivers. Exits non-zero on the first mismatch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
config=$here/alertmanager.yml
alerts=$here/../prometheus/rules/alerts.yml

failures=0
cases=0
expect() { # expected-receivers label=value...
  local want=$1; shift
  local got
  # stdout only: amtool warns on stderr that --config.file overrides --alertmanager.url
  got=$(amtool config routes test --config.file="$config" "$@" 2>/dev/null) || got="amtool failed: $(amtool config routes test --config.file="$config" "$@" 2>&1 | tail -1)"
  cases=$((cases + 1))
  if [ "$got" = "$want" ]; then
    printf '  ok    %-60s -> %s\n' "$*" "$got"
  else
    printf '  FAIL  %-60s -> %s (expected %s)\n' "$*" "$got" "$want"
    failures=$((failures + 1))
  fi
}

receivers_for() { # severity -> receivers
  case "$1" in
    critical) echo "pagerduty,slack-critical" ;;
    warning) echo "slack-warnings" ;;
    *) echo "slack-notifications" ;;
  esac
}

echo "routes of $config:"
expect "pagerduty,slack-critical" severity=critical alertname=HighErrorRate job=voice-bot
expect "slack-warnings" severity=warning alertname=SlowTokenMinting job=voice-bot
expect "slack-notifications" severity=info alertname=SomethingInformative job=voice-bot
expect "slack-notifications" alertname=NoSeverity job=voice-bot
expect "slack-notifications" severity=Critical alertname=WrongCase

# Every alert of the rules file, with its own severity label.
n=0
while read -r name severity; do
  [ -n "$severity" ] || { echo "  FAIL  alert $name has no severity label"; failures=$((failures + 1)); continue; }
  case "$severity" in critical|warning) ;; *) echo "  FAIL  alert $name has severity $severity"; failures=$((failures + 1)) ;; esac
  expect "$(receivers_for "$severity")" alertname="$name" severity="$severity" job=voice-bot
  n=$((n + 1))
done < <(awk '/^ *- alert:/ { if (name != "") print name, sev; name = $3; sev = "" }
              /^ *severity:/ { sev = $2 }
              END { if (name != "") print name, sev }' "$alerts")
[ "$n" -ge 13 ] || { echo "  FAIL  only $n alerts read from $alerts"; failures=$((failures + 1)); }

echo "$((cases - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
