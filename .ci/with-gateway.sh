#!/usr/bin/env bash
# Runs "$@" against a gateway started here on a fresh data directory (embedded stores), with
# LIFTGATE_URL and LIFTGATE_TOKEN (its bootstrap token) exported; stops the gateway afterwards.
# Fails when the gateway does not become ready within 5 minutes or the command fails.
set -euo pipefail
dir=$(mktemp -d)
token="ci_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# Its own process group, so the stop below ends npm and the node process it started.
PORT=0 HOST=127.0.0.1 LIFTGATE_DATA_DIR="$dir/data" LIFTGATE_METRICS_ADDR=off LIFTGATE_BOOTSTRAP_TOKEN="$token" \
  LIFTGATE_MONITORING_SCHEDULER=off LOG_LEVEL=warn setsid npm start >"$dir/gateway.log" 2>&1 &
pid=$!
stop() { kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap stop EXIT
url=""
for _ in $(seq 1 600); do
  url=$(sed -n 's#^Liftgate listening: \(http://[^/]*\)/graphql.*#\1#p' "$dir/gateway.log" | head -n 1)
  if [ -n "$url" ] && curl -sf "$url/readyz" >/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$dir/gateway.log" >&2; echo "gateway exited before it was ready" >&2; exit 1; fi
  sleep 0.5
done
if [ -z "$url" ] || ! curl -sf "$url/readyz" >/dev/null; then cat "$dir/gateway.log" >&2; echo "gateway not ready after 5 minutes" >&2; exit 1; fi
LIFTGATE_URL="$url" LIFTGATE_TOKEN="$token" "$@"
