#!/usr/bin/env bash
# Apache Kafka (KRaft, single node) from Maven Central jars, run with the installed Java.
# Usage: tools/kafka.sh install|start|stop|status|reset
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), INFRA_DIR (.infra)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
HOME_DIR="$INFRA_DIR/kafka"
LIBS="$HOME_DIR/libs"
DATA="$HOME_DIR/data"
PIDFILE="$HOME_DIR/kafka.pid"
LOGFILE="$HOME_DIR/server.log"
CONFIG="$HOME_DIR/server.properties"
POM="$ROOT/tools/kafka/pom.xml"
JAVA_OPTS="-Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true -Dlog4j2.configurationFile=$ROOT/tools/kafka/log4j2.properties"

install() {
  command -v java >/dev/null || die "java is not installed (Kafka 4.x needs Java 17+)"
  local stamp="$LIBS/.pom.sha256" want; want=$(sha256sum "$POM" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then log "jars already installed in $LIBS"; return 0; fi
  command -v mvn >/dev/null || die "mvn is not installed (needed once to fetch the Kafka jars from Maven Central)"
  log "fetching Kafka jars from Maven Central into $LIBS"
  rm -rf "$LIBS"; mkdir -p "$LIBS"
  mvn -B -q -f "$POM" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS" \
    || die "mvn could not fetch the Kafka jars (see output above)"
  echo "$want" > "$stamp"
}

ready() { port_open "$PORT" && grep -q "Kafka Server started" "$LOGFILE" 2>/dev/null; }

start() {
  install
  if is_running "$PIDFILE"; then
    # The pid file is per INFRA_DIR; make sure it is this server that answers on the port asked for.
    ready || die "a server from $HOME_DIR is running (pid $(cat "$PIDFILE")) but not on port $PORT; stop it or use another INFRA_DIR"
    log "already running on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"; return 0
  fi
  port_open "$PORT" && die "port $PORT is taken by another process; set KAFKA_PORT"
  mkdir -p "$DATA"
  sed -e "s#@PORT@#$PORT#g; s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g; s#@DATA_DIR@#$DATA#g" \
    "$ROOT/tools/kafka/server.properties" > "$CONFIG"
  if [ ! -f "$DATA/meta.properties" ]; then
    local id; id=$(java $JAVA_OPTS -cp "$LIBS/*" kafka.tools.StorageTool random-uuid | tail -1)
    java $JAVA_OPTS -cp "$LIBS/*" kafka.tools.StorageTool format -t "$id" -c "$CONFIG" --ignore-formatted >/dev/null \
      || die "formatting the KRaft storage failed"
  fi
  : > "$LOGFILE"
  # setsid: the broker must outlive the shell that started it (CI starts it, then runs the tests).
  setsid nohup java $JAVA_OPTS -cp "$LIBS/*" kafka.Kafka "$CONFIG" >> "$LOGFILE" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  if ! wait_for 90 kafka ready; then
    tail -n 30 "$LOGFILE" >&2
    die "Kafka did not become ready within 90 s (log: $LOGFILE)"
  fi
  log "ready on 127.0.0.1:$PORT (pid $(cat "$PIDFILE")); export KAFKA_BROKERS=127.0.0.1:$PORT"
}

stop() { stop_pidfile "$PIDFILE" kafka; }
status() { if is_running "$PIDFILE" && ready; then log "running on 127.0.0.1:$PORT"; else log "not running"; return 1; fi; }
reset() { stop; rm -rf "$DATA"; log "data removed"; }

case "${1:-}" in
  install) install ;; start) start ;; stop) stop ;; status) status ;; reset) reset ;;
  *) die "usage: $0 install|start|stop|status|reset" ;;
esac
