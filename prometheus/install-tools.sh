#!/usr/bin/env bash
# Installs promtool (Debian package prometheus) and amtool (prometheus-alertmanager) when missing
# (and curl, jq, ss for the live tests),
# without leaving their daemons running: a temporary policy-rc.d forbids service starts during
# the install, and whatever the package's scripts started anyway is stopped and disabled.
# Idempotent: does nothing when every tool is on the PATH.
set -euo pipefail

missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool   >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
# the live tests (test-live.sh, alertmanager/test-inhibition.sh) read the APIs with curl and jq
# and look for a free port with ss
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v jq   >/dev/null 2>&1 || missing+=(jq)
command -v ss   >/dev/null 2>&1 || missing+=(iproute2)
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

policy=/usr/sbin/policy-rc.d
own_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# temporary, from earshot prometheus/install-tools.sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  own_policy=1
fi
cleanup() { if [ -n "$own_policy" ]; then $SUDO rm -f "$policy"; fi; }
trap cleanup EXIT

echo "installing ${missing[*]} (Debian packages)" >&2
lock=(-o DPkg::Lock::Timeout=600)
if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
  $SUDO apt-get "${lock[@]}" update -qq
fi
if ! $SUDO apt-get "${lock[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  $SUDO apt-get "${lock[@]}" update -qq
  $SUDO apt-get "${lock[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The packages enable their services; keep them from grabbing ports 9090/9093 now or at boot.
for svc in prometheus prometheus-alertmanager; do
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || true
  else
    if [ -x "/etc/init.d/$svc" ]; then $SUDO "/etc/init.d/$svc" stop >/dev/null 2>&1 || true; fi
    $SUDO update-rc.d "$svc" disable >/dev/null 2>&1 || true
  fi
done

command -v promtool >/dev/null && command -v amtool >/dev/null && command -v curl >/dev/null \
  && command -v jq >/dev/null && command -v ss >/dev/null
