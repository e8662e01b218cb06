#!/usr/bin/env bash
# Every check of the Prometheus and Alertmanager configuration, with the real tools:
#   promtool check config / check rules, promtool test rules (alerts and recording rules),
#   the alert rules' conventions (severity, annotations, runbook section, a test each),
#   each alert's `for:` pinned by its test (one evaluation shorter or longer fails it),
#   prometheus.yml and the rules on a running Prometheus (test-live.sh),
#   amtool check-config, routes of every severity and alert (alertmanager/test-routes.sh),
#   inhibitions on a running Alertmanager (alertmanager/test-inhibition.sh),
#   no Alertmanager secret tracked by git.
# Installs promtool and amtool (Debian packages prometheus, prometheus-alertmanager) when missing,
# without leaving their services running. Loopback only. Exits non-zero when anything fails.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
am=$root/alertmanager
start=$SECONDS

bash "$here/install-tools.sh" || { echo "FAILED: installing promtool/amtool" >&2; exit 1; }
echo "promtool $(promtool --version 2>&1 | head -1 | awk '{print $3}'), amtool $(amtool --version 2>&1 | head -1 | awk '{print $3}')"

failed=()
passed=0
step() { # name command...
  local name=$1; shift
  echo "== $name"
  if "$@"; then passed=$((passed + 1)); else echo "FAILED: $name"; failed+=("$name"); fi
}

# ---------------------------------------------------------------- static checks and unit tests
step "promtool check config prometheus.yml" promtool check config "$here/prometheus.yml"
step "promtool check rules" promtool check rules "$here/rules/recording.yml" "$here/rules/alerts.yml"
step "promtool test rules (recording rules)" bash -c "cd '$here/rules' && promtool test rules recording_test.yml"
step "promtool test rules (alerts)" bash -c "cd '$here/rules' && promtool test rules alerts_test.yml"

alert_names() { awk '/^ *- alert:/ { print $3 }' "$here/rules/alerts.yml"; }

conventions() {
  local bad=0 n=0 name block lower
  for name in $(alert_names); do
    n=$((n + 1))
    block=$(awk -v a="$name" '/^ *- alert:/ { on = ($3 == a) } on' "$here/rules/alerts.yml")
    lower=$(tr '[:upper:]' '[:lower:]' <<<"$name")
    grep -qE '^ +severity: (critical|warning)$' <<<"$block" || { echo "  $name: severity is not critical or warning"; bad=1; }
    grep -qE '^ +for: [0-9]+[ms]$' <<<"$block" || { echo "  $name: no for: duration"; bad=1; }
    grep -qE '^ +summary: ' <<<"$block" || { echo "  $name: no summary"; bad=1; }
    grep -qE '^ +description: ' <<<"$block" || { echo "  $name: no description"; bad=1; }
    grep -qE "^ +runbook_url: \"docs/alerts.md#$lower\"$" <<<"$block" || { echo "  $name: runbook_url is not docs/alerts.md#$lower"; bad=1; }
    grep -qx "## $name" "$root/docs/alerts.md" || { echo "  $name: no section '## $name' in docs/alerts.md"; bad=1; }
    for part in '\*\*Means.\*\*' '\*\*Likely causes.\*\*' '\*\*Check.\*\*' '\*\*Silence.\*\*'; do
      awk -v h="## $name" '$0 == h { on = 1; next } /^## / { on = 0 } on' "$root/docs/alerts.md" | grep -q "$part" \
        || { echo "  $name: its docs/alerts.md section has no ${part//\\/}"; bad=1; }
    done
    grep -q "alertname: $name\$" "$here/rules/alerts_test.yml" || { echo "  $name: no test in alerts_test.yml"; bad=1; }
  done
  [ "$n" -ge 13 ] || { echo "  only $n alerts"; bad=1; }
  [ "$bad" -eq 0 ] && echo "  $n alerts: severity, for:, summary, description, runbook section and test each"
  return "$bad"
}
step "alert conventions (labels, annotations, runbooks, tests)" conventions

# An alert's test pins its `for:` when the suite fails with `for:` one evaluation (15 s) shorter
# (the alert then fires at the evaluation the test expects it not to) and one longer (it has not
# fired yet when the test expects it).
for_pinned() {
  local bad=0 name delta tmp secs out
  tmp=$(mktemp -d)
  for name in $(alert_names); do
    for delta in -15 15; do
      cp "$here/rules/recording.yml" "$here/rules/alerts_test.yml" "$tmp/"
      awk -v a="$name" -v d="$delta" '
        /^ *- alert:/ { on = ($3 == a) }
        on && /^ +for: / {
          v = $2; s = v + 0
          if (v ~ /m$/) s = s * 60
          sub(/for: .*/, "for: " (s + d) "s")
          on = 0
        }
        { print }' "$here/rules/alerts.yml" > "$tmp/alerts.yml"
      if cmp -s "$tmp/alerts.yml" "$here/rules/alerts.yml"; then echo "  $name: could not change its for:"; bad=1; continue; fi
      if out=$(cd "$tmp" && promtool test rules alerts_test.yml 2>&1); then
        echo "  $name: tests still pass with for: ${delta}s"; bad=1
      elif ! grep -q "alertname: $name," <<<"$out"; then
        echo "  $name: for: ${delta}s broke other tests, not its own"; bad=1
      fi
    done
  done
  rm -rf "$tmp"
  [ "$bad" -eq 0 ] && echo "  every alert's test fails with its for: 15s shorter and 15s longer"
  return "$bad"
}
step "each alert's for: is pinned by its test" for_pinned

step "Prometheus running the configuration" "$here/test-live.sh"

# ---------------------------------------------------------------- Alertmanager
step "amtool check-config alertmanager.yml" amtool check-config "$am/alertmanager.yml"
step "amtool config routes test (every severity and alert)" "$am/test-routes.sh"
step "inhibitions on a running Alertmanager" "$am/test-inhibition.sh"

secrets() {
  local bad=0
  if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    if [ -n "$(git -C "$root" ls-files alertmanager/secrets)" ]; then echo "  alertmanager/secrets/ is tracked by git"; bad=1; fi
    git -C "$root" check-ignore -q alertmanager/secrets/slack_api_url || { echo "  alertmanager/secrets/ is not git-ignored"; bad=1; }
  fi
  grep -qE '^[^#]*(api_url|routing_key|service_key):' "$am/alertmanager.yml" && { echo "  a secret is written inline in alertmanager.yml"; bad=1; }
  for f in "$am"/secrets.example/slack_api_url "$am"/secrets.example/pagerduty_routing_key; do
    grep -q REPLACE "$f" || { echo "  $f does not hold a placeholder"; bad=1; }
  done
  [ "$bad" -eq 0 ] && echo "  secrets only from git-ignored files; placeholders in secrets.example/"
  return "$bad"
}
step "no secret committed" secrets

echo
echo "prometheus/test.sh: $((SECONDS - start)) s"
echo "${passed} passed, ${#failed[@]} failed"
if [ "${#failed[@]}" -gt 0 ]; then printf '  failed: %s\n' "${failed[@]}"; exit 1; fi
