# Sourced by the monitoring stack's test scripts (bash).
#
# pick_port VAR: sets VAR to a loopback TCP port that nothing listens on and that this script has
# not handed out before; a script picks all its ports first and binds them later, so the second
# check matters. Ports come from 20000-31999, below Linux's ephemeral range (32768-60999), so that
# the outgoing connections of the test itself cannot take one between the pick and the bind.
declare -gA EARSHOT_PICKED_PORTS=()
pick_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 12000))
    [ -z "${EARSHOT_PICKED_PORTS[$p]:-}" ] || continue
    ss -Htln "sport = :$p" | grep -q . && continue
    EARSHOT_PICKED_PORTS[$p]=1
    printf -v "$1" '%s' "$p"
    return 0
  done
  echo "pick_port: no free loopback port in 200 tries" >&2
  return 1
}
