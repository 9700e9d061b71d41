#!/usr/bin/env bash
# CI: start a fresh `phigate serve`, run the README's quick start (scripts/quickstart.sh) verbatim against it,
# stop the server by its PID. Any failure fails CI; the server's log is shown when it does.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.venv/bin/phigate serve --data-dir "$work/data" --port "$port" > "$work/serve.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work" creds.json
}
trap cleanup EXIT
for _ in $(seq 120); do
  if [ -f "$work/data/tls/cert.pem" ] && curl -sf --cacert "$work/data/tls/cert.pem" "https://127.0.0.1:$port/healthz" > /dev/null
  then break; fi
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; echo "phigate serve exited" >&2; exit 1; }
  sleep 0.5
done
if ! PHIGATE_DATA_DIR="$work/data" PHIGATE_URL="https://127.0.0.1:$port" bash scripts/quickstart.sh; then
  echo "--- the quick start failed; the server's log:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi
echo "quick start: OK"
