#!/usr/bin/env bash
# Start N phigate API processes and M pipeline workers on this machine (tests and benchmarks), and stop them.
#
#   scripts/scale.sh start  --data-dir DIR --database-url URL [--api N] [--workers M] [--base-port P] [--threads T]
#   scripts/scale.sh status --data-dir DIR
#   scripts/scale.sh stop   --data-dir DIR
#
# API process i listens on https://127.0.0.1:(P+i) (i = 0..N-1) and parses nothing ([pipeline] workers = 0).
# Worker j runs T pipeline threads and a loopback listener on P+100+j (only its /healthz is used) until
# `phigate worker` exists (issue 16, item 1). All share one data directory (keys, certificate, filesystem blobs)
# and one PostgreSQL: SQLite allows a single writing process, so more than one process needs --database-url.
# PIDs and logs are kept in DIR/run/. Processes are stopped by their recorded PID (TERM, then KILL of the
# process's group after 30 s), never by name. PHIGATE_BIN overrides the phigate executable.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
phigate=${PHIGATE_BIN:-}
if [[ -z $phigate ]]; then
  if [[ -x $here/.venv/bin/phigate ]]; then phigate=$here/.venv/bin/phigate; else phigate=$(command -v phigate); fi
fi

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

cmd=${1:-}; [[ -n $cmd ]] || usage; shift
data_dir= database_url= api=2 workers=1 base_port=8443 threads=2 wait_seconds=${PHIGATE_SCALE_WAIT:-90}
while [[ $# -gt 0 ]]; do
  case $1 in
    --data-dir) data_dir=$2; shift 2 ;;
    --database-url) database_url=$2; shift 2 ;;
    --api) api=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --base-port) base_port=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n $data_dir ]] || usage
run=$data_dir/run

healthy() {  # healthy PORT: /healthz answers 200 over TLS (the dev certificate is self-signed)
  curl -sk --max-time 2 -o /dev/null -w '%{http_code}' "https://127.0.0.1:$1/healthz" 2>/dev/null | grep -qx 200
}

wait_healthy() {  # wait_healthy NAME PORT PID
  local deadline=$((SECONDS + wait_seconds))
  until healthy "$2"; do
    if ! kill -0 "$3" 2>/dev/null; then echo "scale: $1 exited; see $run/$1.log" >&2; return 1; fi
    if ((SECONDS > deadline)); then echo "scale: $1 not healthy on port $2 after ${wait_seconds}s" >&2; return 1; fi
    sleep 0.3
  done
}

launch() {  # launch NAME PORT HOST PIPELINE_THREADS: a new session, so its group can be killed as one
  local name=$1 port=$2 host=$3 pipeline=$4
  PHIGATE_DATA_DIR=$data_dir PHIGATE_DATABASE__URL=$database_url PHIGATE_PIPELINE__WORKERS=$pipeline \
    OMP_THREAD_LIMIT=1 setsid "$phigate" serve --data-dir "$data_dir" --host "$host" --port "$port" \
    </dev/null >"$run/$name.log" 2>&1 &
  echo $! >"$run/$name.pid"
  echo "$port" >"$run/$name.port"
}

start() {
  if [[ -z $database_url && $((api + workers)) -gt 1 ]]; then
    echo "scale: more than one process needs PostgreSQL (--database-url postgresql+psycopg://...)" >&2; exit 2
  fi
  mkdir -p "$run"; chmod 700 "$data_dir"
  if compgen -G "$run/*.pid" >/dev/null; then echo "scale: already started here; stop it first" >&2; exit 1; fi
  # keys, migrations and the audit log once, before any process could race to create them
  PHIGATE_DATABASE__URL=$database_url "$phigate" init --data-dir "$data_dir" >"$run/init.log" 2>&1 \
    || { echo "scale: phigate init failed; see $run/init.log" >&2; exit 1; }
  local i name
  for ((i = 0; i < api; i++)); do
    name=api-$i
    launch "$name" $((base_port + i)) 127.0.0.1 0
    # the first one creates the admin account alone (it writes the secret once, to a 0600 file)
    if ((i == 0)); then wait_healthy "$name" "$base_port" "$(cat "$run/$name.pid")" || { stop; exit 1; }; fi
  done
  for ((i = 0; i < workers; i++)); do
    launch "worker-$i" $((base_port + 100 + i)) 127.0.0.1 "$threads"
  done
  for pidfile in "$run"/*.pid; do
    name=$(basename "$pidfile" .pid)
    wait_healthy "$name" "$(cat "$run/$name.port")" "$(cat "$pidfile")" || { stop; exit 1; }
  done
  status
}

status() {
  local pidfile name pid state
  for pidfile in "$run"/*.pid; do
    [[ -e $pidfile ]] || { echo "scale: nothing started in $data_dir"; return 0; }
    name=$(basename "$pidfile" .pid); pid=$(cat "$pidfile")
    if ! kill -0 "$pid" 2>/dev/null; then state=exited
    elif healthy "$(cat "$run/$name.port")"; then state=healthy
    else state=starting; fi
    printf '%-10s pid %-8s https://127.0.0.1:%-6s %s\n' "$name" "$pid" "$(cat "$run/$name.port")" "$state"
  done
}

stop() {
  local pidfile pid deadline
  for pidfile in "$run"/*.pid; do
    [[ -e $pidfile ]] || continue
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
  done
  deadline=$((SECONDS + 30))
  for pidfile in "$run"/*.pid; do
    [[ -e $pidfile ]] || continue
    pid=$(cat "$pidfile")
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    # the group too: the sandbox's fork server and any parsing child outlive nobody
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$pidfile" "${pidfile%.pid}.port"
  done
}

case $cmd in
  start) start ;;
  status) status ;;
  stop) stop ;;
  *) usage ;;
esac
