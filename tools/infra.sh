#!/usr/bin/env bash
# Starts (up) or stops (down) every real server the tests use, and prints the env to export.
# Usage: tools/infra.sh up|down|env
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-}" in
  up)
    bash "$ROOT/tools/kafka.sh" start
    bash "$ROOT/tools/ferretdb.sh" start
    echo "export KAFKA_BROKERS=127.0.0.1:${KAFKA_PORT:-9092} MONGODB_URL=mongodb://127.0.0.1:${MONGO_PORT:-27017}/"
    ;;
  down)
    bash "$ROOT/tools/ferretdb.sh" stop
    bash "$ROOT/tools/kafka.sh" stop
    ;;
  env) echo "export KAFKA_BROKERS=127.0.0.1:${KAFKA_PORT:-9092} MONGODB_URL=mongodb://127.0.0.1:${MONGO_PORT:-27017}/" ;;
  *) die "usage: $0 up|down|env" ;;
esac
