#!/usr/bin/env bash
# Checks docker-compose.yml, its Dockerfile and prometheus/prometheus.compose.yml without Docker
# (docker/test-compose.mjs). Installs node and promtool (Debian packages) when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v node >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs >/dev/null
fi
"$ROOT/prometheus/install-tools.sh"
exec node "$ROOT/docker/test-compose.mjs"
