#!/usr/bin/env bash
# Runs the GraphQL conformance harness (../shared/conformance) against the real wmpulse binary:
# http-audit.mjs (GraphQL over HTTP), introspection.mjs (with Subscription), differential.mjs
# over POST and GET against graphql-js, and our hints.mjs (misspelt names get graphql-js's very
# messages, "Did you mean" included). The harness is copied into the build tree first
# (../shared is read-only in CI) and `npm ci` runs there when its lockfile changed.
# Usage: run_conformance.sh <wmpulse binary> <harness source dir> <work dir>
set -euo pipefail
binary=$1 harness=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$work"
cp -R "$harness"/. "$work"/
cp "$here"/hints.mjs "$work"/wmpulse-hints.mjs
cd "$work"
if ! cmp -s package-lock.json node_modules/.wmpulse-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --prefer-offline --loglevel=error
  cp package-lock.json node_modules/.wmpulse-lock
fi

# --source none: no events, so every metric is a frozen zero and numbers can be compared exactly.
log=$(mktemp)
"$binary" --port 0 --bind 127.0.0.1 --source none >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

# Bounded wait for the first line, which carries the port.
url=
for _ in $(seq 1 200); do
  url=$(grep -o 'http://[^ ]*/graphql' "$log" | head -1 || true)
  [[ -n "$url" ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "wmpulse exited early"; exit 1; }
  sleep 0.05
done
[[ -n "$url" ]] || { cat "$log"; echo "wmpulse printed no URL"; exit 1; }
echo "conformance: wmpulse at $url"

export GRAPHQL_URL=$url
export DIFF_FIXED_METRICS='{"activeSessions":0,"totalConnections":0,"avgSessionDurationMs":0,"messagesPerMinute":0}'
export DIFF_EXACT_NUMBERS=1 DIFF_SCHEMA=server REQUIRE_SUBSCRIPTION=1
status=0
node http-audit.mjs || status=1
node introspection.mjs || status=1
node differential.mjs || status=1
DIFF_METHOD=GET node differential.mjs || status=1
DIFF_ACCEPT=application/json node differential.mjs || status=1
node wmpulse-hints.mjs || status=1
exit $status
