#!/bin/sh
# Runs ../shared/conformance/ws-subscription.mjs against ws_conformance_server on an
# ephemeral loopback port. Usage: run_ws_conformance.sh <server-binary> <conformance-src> <work-dir>
set -eu
server=$1 src=$2 work=$3
if [ ! -d "$work/node_modules" ]; then
  mkdir -p "$work"
  cp -r "$src/." "$work/"
  (cd "$work" && npm ci --no-audit --no-fund >/dev/null)
fi
fifo=$(mktemp -u)
mkfifo "$fifo"
out=$(mktemp)
"$server" 0 3000 <"$fifo" >"$out" 2>&1 &
pid=$!
exec 7>"$fifo"   # the server runs until this is closed
port=""
for _ in $(seq 1 100); do
  port=$(awk '/^port /{print $2}' "$out")
  [ -n "$port" ] && break
  sleep 0.1
done
status=1
if [ -n "$port" ]; then
  cd "$work"
  GRAPHQL_WS_URL="ws://127.0.0.1:$port/graphql" WS_INIT_TIMEOUT_MS=6000 node ws-subscription.mjs && status=0
else
  echo "the server did not print its port:"; cat "$out"
fi
exec 7>&-
wait "$pid" || true
rm -f "$fifo" "$out"
exit $status
