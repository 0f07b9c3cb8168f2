#!/usr/bin/env bash
# Starts the CallCenter Pro server for the end-to-end tests on a fresh,
# throw-away SQLite database (removed again when the server stops).
#
#   CALLCENTER_BIN     the server binary (default: ${CARGO_TARGET_DIR:-../target}/debug/callcenter)
#   CALLCENTER_E2E_PORT  the port (default 5199)
#
# Carrier webhooks are signed with the auth token e2e-auth-token against the
# public URL http://127.0.0.1:<port> (tests/helpers.ts signs them the same way).
# RTB targets may point at loopback (CALLCENTER_RTB_ALLOW_PRIVATE_ENDPOINTS), so
# tests/rtb.spec.ts can auction calls among local `callcenter mock-bidders`.
#
# Playwright's webServer runs this and stops it with SIGTERM (gracefulShutdown
# in playwright.config.ts), which lets the trap below delete the database.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

if [[ -n "${CALLCENTER_BIN:-}" ]]; then
  bin="$CALLCENTER_BIN"
else
  target="${CARGO_TARGET_DIR:-target}"
  # A relative CARGO_TARGET_DIR is relative to the workspace root, as for cargo.
  [[ "$target" = /* ]] || target="$repo/$target"
  bin="$target/debug/callcenter"
fi
if [[ ! -x "$bin" ]]; then
  echo "start-server.sh: no server binary at $bin; build it with 'cargo build' or set CALLCENTER_BIN" >&2
  exit 1
fi

port="${CALLCENTER_E2E_PORT:-5199}"
data="$(mktemp -d "${TMPDIR:-/tmp}/callcenter-e2e.XXXXXX")"

child=""
cleanup() {
  if [[ -n "$child" ]] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

echo "start-server.sh: $bin on 127.0.0.1:$port, database $data/e2e.db" >&2
CALLCENTER_PORT="$port" \
CALLCENTER_BIND=127.0.0.1 \
CALLCENTER_PUBLIC_URL="http://127.0.0.1:$port" \
CALLCENTER_TWILIO_AUTH_TOKEN=e2e-auth-token \
CALLCENTER_RTB_ALLOW_PRIVATE_ENDPOINTS=true \
DATABASE_URL="sqlite://$data/e2e.db" \
CALLCENTER_DATA_DIR="$data" \
CALLCENTER_DEMO=true \
CALLCENTER_API_REQUESTS_PER_MINUTE=100000000 \
CALLCENTER_API_REQUESTS_PER_ADDRESS_MINUTE=100000000 \
CALLCENTER_LOG_FORMAT=json \
  "$bin" &
child=$!
wait "$child"
