#!/usr/bin/env bash
# Start N phigate API processes and M `phigate worker` processes on this machine (tests and benchmarks), and stop them.
#
#   scripts/scale.sh start  --data-dir DIR --database-url URL [--api N] [--workers M] [--base-port P] [--threads T] [--respawn]
#   scripts/scale.sh add-workers --data-dir DIR --database-url URL --workers M [--threads T] [--respawn]
#   scripts/scale.sh status --data-dir DIR
#   scripts/scale.sh stop   --data-dir DIR
#
# Every process runs with [jobs] backend = "procrastinate" (PostgreSQL): API process i listens on
# https://127.0.0.1:(P+i) (i = 0..N-1) and only defers jobs; worker j runs T jobs at once and touches
# DIR/run/worker-j.alive every heartbeat (its health). All share one data directory (keys, certificate,
# filesystem blobs unless PHIGATE_STORAGE__* says otherwise) and one PostgreSQL. --respawn: a supervising shell
# restarts a process that died (the chaos test SIGKILLs the pid in DIR/run/NAME.child). PIDs and logs are kept in
# DIR/run/. Processes are stopped by their recorded PID (TERM, then KILL of the process's group after 30 s),
# never by name. PHIGATE_BIN overrides the phigate executable; other PHIGATE_* variables pass through.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
phigate=${PHIGATE_BIN:-}
if [[ -z $phigate ]]; then
  if [[ -x $here/.venv/bin/phigate ]]; then phigate=$here/.venv/bin/phigate; else phigate=$(command -v phigate); fi
fi

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

cmd=${1:-}; [[ -n $cmd ]] || usage; shift
data_dir= database_url= api=2 workers=1 base_port=8443 threads=2 respawn=0 wait_seconds=${PHIGATE_SCALE_WAIT:-90}
while [[ $# -gt 0 ]]; do
  case $1 in
    --data-dir) data_dir=$2; shift 2 ;;
    --database-url) database_url=$2; shift 2 ;;
    --api) api=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --base-port) base_port=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --respawn) respawn=1; shift ;;
    *) usage ;;
  esac
done
[[ -n $data_dir ]] || usage
run=$data_dir/run

healthy() {  # healthy NAME: an API's /healthz answers 200 over TLS (self-signed); a worker's health file is fresh
  if [[ $1 == worker-* ]]; then
    [[ -e $run/$1.alive ]] && (($(date +%s) - $(stat -c %Y "$run/$1.alive") < 60))
  else
    curl -sk --max-time 2 -o /dev/null -w '%{http_code}' "https://127.0.0.1:$(cat "$run/$1.port")/healthz" \
      2>/dev/null | grep -qx 200
  fi
}

wait_healthy() {  # wait_healthy NAME PID
  local deadline=$((SECONDS + wait_seconds))
  until healthy "$1"; do
    if ! kill -0 "$2" 2>/dev/null; then echo "scale: $1 exited; see $run/$1.log" >&2; return 1; fi
    if ((SECONDS > deadline)); then echo "scale: $1 not healthy after ${wait_seconds}s" >&2; return 1; fi
    sleep 0.3
  done
}

supervise() {  # supervise NAME CMD...: run CMD, again whenever it dies, until TERM (then TERM it and wait)
  local name=$1; shift
  local child=
  trap '[[ -n $child ]] && kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM INT
  while true; do
    "$@" &
    child=$!
    echo "$child" >"$run/$name.child"
    wait "$child" || true
    sleep 0.5
  done
}

launch() {  # launch NAME PORT CMD...: a new session, so its group can be killed as one
  local name=$1 port=$2; shift 2
  if ((respawn)); then
    PHIGATE_DATA_DIR=$data_dir PHIGATE_DATABASE__URL=$database_url PHIGATE_JOBS__BACKEND=procrastinate \
      OMP_THREAD_LIMIT=1 setsid bash -c "$(declare -f supervise); run=$(printf %q "$run"); supervise \"\$@\"" \
      supervise "$name" "$@" </dev/null >"$run/$name.log" 2>&1 &
  else
    PHIGATE_DATA_DIR=$data_dir PHIGATE_DATABASE__URL=$database_url PHIGATE_JOBS__BACKEND=procrastinate \
      OMP_THREAD_LIMIT=1 setsid "$@" </dev/null >"$run/$name.log" 2>&1 &
  fi
  echo $! >"$run/$name.pid"
  echo "$port" >"$run/$name.port"
}

start() {
  if [[ -z $database_url ]]; then
    echo "scale: workers need PostgreSQL (--database-url postgresql+psycopg://...)" >&2; exit 2
  fi
  mkdir -p "$run"; chmod 700 "$data_dir"
  if compgen -G "$run/*.pid" >/dev/null; then echo "scale: already started here; stop it first" >&2; exit 1; fi
  # keys, migrations and the audit log once, before any process could race to create them
  PHIGATE_DATABASE__URL=$database_url PHIGATE_JOBS__BACKEND=procrastinate \
    "$phigate" init --data-dir "$data_dir" >"$run/init.log" 2>&1 \
    || { echo "scale: phigate init failed; see $run/init.log" >&2; exit 1; }
  local i name
  for ((i = 0; i < api; i++)); do
    name=api-$i
    launch "$name" $((base_port + i)) "$phigate" serve --data-dir "$data_dir" --host 127.0.0.1 --port $((base_port + i))
    # the first one creates the admin account alone (it writes the secret once, to a 0600 file)
    if ((i == 0)); then wait_healthy "$name" "$(cat "$run/$name.pid")" || { stop; exit 1; }; fi
  done
  launch_workers 0
  for pidfile in "$run"/*.pid; do
    name=$(basename "$pidfile" .pid)
    wait_healthy "$name" "$(cat "$pidfile")" || { stop; exit 1; }
  done
  status
}

launch_workers() {  # launch_workers FIRST: workers FIRST .. FIRST+M-1
  local i name
  for ((i = $1; i < $1 + workers; i++)); do
    name=worker-$i
    launch "$name" - "$phigate" worker --data-dir "$data_dir" --concurrency "$threads" --health-file "$run/$name.alive"
  done
}

add_workers() {  # M more workers on a running set-up (the load benchmark starts them on a waiting backlog)
  if [[ -z $database_url ]]; then echo "scale: add-workers needs --database-url" >&2; exit 2; fi
  compgen -G "$run/api-*.pid" >/dev/null || { echo "scale: nothing started in $data_dir" >&2; exit 1; }
  local first=0 i
  while [[ -e $run/worker-$first.pid ]]; do first=$((first + 1)); done
  launch_workers "$first"
  for ((i = first; i < first + workers; i++)); do
    wait_healthy "worker-$i" "$(cat "$run/worker-$i.pid")" || exit 1
  done
}

status() {
  local pidfile name pid state
  for pidfile in "$run"/*.pid; do
    [[ -e $pidfile ]] || { echo "scale: nothing started in $data_dir"; return 0; }
    name=$(basename "$pidfile" .pid); pid=$(cat "$pidfile")
    if ! kill -0 "$pid" 2>/dev/null; then state=exited
    elif healthy "$name"; then state=healthy
    else state=starting; fi
    printf '%-10s pid %-8s %-24s %s\n' "$name" "$pid" "$(port_of "$name")" "$state"
  done
}

port_of() {
  local port; port=$(cat "$run/$1.port")
  if [[ $port == - ]]; then echo "(jobs)"; else echo "https://127.0.0.1:$port"; fi
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
    rm -f "$pidfile" "${pidfile%.pid}.port" "${pidfile%.pid}.child" "${pidfile%.pid}.alive"
  done
}

case $cmd in
  start) start ;;
  add-workers) add_workers ;;
  status) status ;;
  stop) stop ;;
  *) usage ;;
esac
