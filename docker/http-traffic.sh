#!/bin/sh
# docker-compose's http-traffic service (curlimages/curl, POSIX sh): scripts/demo.sh's requests
# to the sample assistant every second: a session and its lookup, a 404, the health check, an
# occasional deliberate 500, a streamed chat answer, a realtime token.
base="${APP_URL:-http://voice-assistant:8080}"
trap 'exit 0' TERM INT
n=0
while :; do
  id=$(curl -fs --max-time 5 -X POST -H 'Content-Type: application/json' -d '{"voice":"alloy"}' "$base/api/sessions" \
       | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
  [ -n "$id" ] && curl -s -o /dev/null --max-time 5 "$base/api/sessions/$id"
  curl -s -o /dev/null --max-time 5 "$base/api/sessions/does-not-exist"
  curl -s -o /dev/null --max-time 5 "$base/health"
  n=$((n + 1))
  [ $((n % 10)) -eq 0 ] && curl -s -o /dev/null --max-time 5 "$base/api/debug/fail"
  curl -s -o /dev/null --max-time 10 -N -X POST -H 'Content-Type: application/json' \
       -d '{"message":"What can you do for me today?"}' "$base/api/chat"
  curl -s -o /dev/null --max-time 5 -X POST -H 'Content-Type: application/json' -d '{}' "$base/rt-token"
  sleep 1
done
