#!/usr/bin/env bash
# Runs the GraphQL conformance harness (../shared/conformance) against the real wmpulse binary:
# http-audit.mjs (GraphQL over HTTP), introspection.mjs (with Subscription), differential.mjs
# over POST and GET against graphql-js, our hints.mjs (misspelt names get graphql-js's very
# messages, "Did you mean" included) and numbers.mjs (metric bodies byte for byte as graphql-js
# writes them). The harness is copied into the build tree first
# (../shared is read-only in CI) and `npm ci` runs there when its lockfile changed.
# Usage: run_conformance.sh <wmpulse binary> <harness source dir> <work dir>
set -euo pipefail
binary=$1 harness=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$work"
cp -R "$harness"/. "$work"/
cp "$here"/hints.mjs "$work"/wmpulse-hints.mjs
cp "$here"/numbers.mjs "$work"/wmpulse-numbers.mjs
cd "$work"
if ! cmp -s package-lock.json node_modules/.wmpulse-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --prefer-offline --loglevel=error
  cp package-lock.json node_modules/.wmpulse-lock
fi

# A short recording (replay.jsonl) read on the event clock: once ingested, the figures are
# frozen, non-zero and fractional (DIFF_FIXED_METRICS below), so numbers are compared exactly.
log=$(mktemp)
"$binary" --port 0 --bind 127.0.0.1 --source replay --replay-file "$here"/replay.jsonl --clock event --window 80s \
  >"$log" 2>&1 &
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
# replay.jsonl: 5 connects, 2 still open; 3 ended after 1234, 2345 and 3457 ms (mean 7036/3);
# 7 messages in an 80 s window (7 × 60/80 per minute).
export DIFF_FIXED_METRICS='{"activeSessions":2,"totalConnections":5,"avgSessionDurationMs":2345.3333333333335,"messagesPerMinute":5.25}'
export DIFF_EXACT_NUMBERS=1 DIFF_SCHEMA=server REQUIRE_SUBSCRIPTION=1
status=0
node wmpulse-numbers.mjs || status=1  # first: it also waits until the replay is ingested
node http-audit.mjs || status=1
node introspection.mjs || status=1
node differential.mjs || status=1
DIFF_METHOD=GET node differential.mjs || status=1
DIFF_ACCEPT=application/json node differential.mjs || status=1
node wmpulse-hints.mjs || status=1
exit $status
