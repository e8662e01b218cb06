#!/usr/bin/env bash
# Tests the Grafana part of the stack without Grafana: the dashboard's JSON model is lint-clean
# (grafana/dashboard-linter's rules and Earshot's own, grafana/test/dashboard-lint.mjs), every
# rule catches its mistake, the provisioning files have the expected structure, and every panel
# query is valid PromQL for Prometheus' own parser (promtool check rules). Needs node (18+) and
# promtool (Debian package prometheus, installed here when missing). Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null
fi
if ! command -v promtool >/dev/null 2>&1; then
  # The package's maintainer scripts would start a Prometheus server listening on all interfaces:
  # forbid service starts while installing (policy-rc.d exit 101), then remove the guard.
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    guard=/usr/sbin/policy-rc.d
    trap 'rm -f "$guard"' EXIT
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  if [ -n "$guard" ]; then rm -f "$guard"; trap - EXIT; fi
fi

major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 18 ]; then echo "node $major is too old: need 18+ for node --test" >&2; exit 1; fi

start=$(date +%s%N)
node --test test/lint.test.mjs
echo "grafana: lint tests passed in $(( ($(date +%s%N) - start) / 1000000 )) ms"
