#!/usr/bin/env bash
# FerretDB 1.24 (SQLite backend) as the MongoDB-wire server, built with the installed Go.
# Usage: tools/ferretdb.sh install|start|stop|status|reset
# Env: MONGO_PORT (27017), INFRA_DIR (.infra)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PORT="${MONGO_PORT:-27017}"
HOME_DIR="$INFRA_DIR/ferretdb"
BIN="$HOME_DIR/ferretdb"
DATA="$HOME_DIR/data"
PIDFILE="$HOME_DIR/ferretdb.pid"
LOGFILE="$HOME_DIR/server.log"
SRC="$ROOT/tools/ferretdb"

install() {
  local stamp="$HOME_DIR/.src.sha256" want
  want=$(cat "$SRC/main.go" "$SRC/go.mod" "$SRC/go.sum" | sha256sum | cut -d' ' -f1)
  if [ -x "$BIN" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then log "already built: $BIN"; return 0; fi
  command -v go >/dev/null || die "go is not installed (needed to build FerretDB from the Go module proxy)"
  log "building FerretDB from the Go module proxy (first time: a few minutes)"
  mkdir -p "$HOME_DIR"
  (cd "$SRC" && CGO_ENABLED=0 go build -o "$BIN" .) || die "go build of tools/ferretdb failed (see output above)"
  echo "$want" > "$stamp"
}

start() {
  install
  if is_running "$PIDFILE"; then
    # The pid file is per INFRA_DIR; make sure it is this server that answers on the port asked for.
    port_open "$PORT" || die "a server from $HOME_DIR is running (pid $(cat "$PIDFILE")) but not on port $PORT; stop it or use another INFRA_DIR"
    log "already running on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"; return 0
  fi
  port_open "$PORT" && die "port $PORT is taken by another process; set MONGO_PORT"
  mkdir -p "$DATA"
  setsid nohup "$BIN" --listen-addr "127.0.0.1:$PORT" --sqlite-dir "$DATA" > "$LOGFILE" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  if ! wait_for 30 ferretdb port_open "$PORT"; then
    tail -n 30 "$LOGFILE" >&2
    die "FerretDB did not listen on 127.0.0.1:$PORT within 30 s (log: $LOGFILE)"
  fi
  log "ready on 127.0.0.1:$PORT (pid $(cat "$PIDFILE")); export MONGODB_URL=mongodb://127.0.0.1:$PORT/"
}

stop() { stop_pidfile "$PIDFILE" ferretdb; }
status() { if is_running "$PIDFILE" && port_open "$PORT"; then log "running on 127.0.0.1:$PORT"; else log "not running"; return 1; fi; }
reset() { stop; rm -rf "$DATA"; log "data removed"; }

case "${1:-}" in
  install) install ;; start) start ;; stop) stop ;; status) status ;; reset) reset ;;
  *) die "usage: $0 install|start|stop|status|reset" ;;
esac
