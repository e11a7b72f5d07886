# Shared helpers for the infra scripts in tools/. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INFRA_DIR="${INFRA_DIR:-$ROOT/.infra}"
mkdir -p "$INFRA_DIR"

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# is_running PIDFILE: true when the pid in PIDFILE is alive.
is_running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND once a second.
wait_for() {
  local secs=$1 what=$2; shift 2
  for _ in $(seq "$secs"); do "$@" && return 0; sleep 1; done
  return 1
}

# stop_pidfile PIDFILE NAME: TERM, wait up to 30 s, then KILL.
stop_pidfile() {
  local pidfile=$1 name=$2
  if ! is_running "$pidfile"; then log "$name is not running"; rm -f "$pidfile"; return 0; fi
  local pid; pid=$(cat "$pidfile")
  kill -TERM "$pid"
  for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; log "$name stopped"; return 0; }; sleep 1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"; log "$name killed after 30 s"
}
