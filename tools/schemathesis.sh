#!/usr/bin/env bash
# Schemathesis (PyPI, pinned) in a virtualenv of its own, for the property-based fuzzing of our HTTP
# APIs from their OpenAPI documents. Quiet when nothing is wrong: pip's output is kept in a log that is
# printed only when the install fails.
# Usage: tools/schemathesis.sh install|run ARGS...|path
# Env: INFRA_DIR (.infra), PYTHON (python3; 3.9 or newer)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
VERSION="4.32.5"
HOME_DIR="$INFRA_DIR/schemathesis"
VENV="$HOME_DIR/venv"
BIN="$VENV/bin/schemathesis"
STAMP="$HOME_DIR/.version"
LOGFILE="$HOME_DIR/install.log"
PYTHON="${PYTHON:-python3}"

install() {
  if [ -x "$BIN" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$VERSION" ]; then return 0; fi
  command -v "$PYTHON" >/dev/null || die "$PYTHON is not installed (schemathesis needs Python 3.9+)"
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 9))' || die "$PYTHON is older than 3.9 (schemathesis $VERSION needs 3.9+); set PYTHON"
  log "installing schemathesis $VERSION from PyPI into $VENV"
  mkdir -p "$HOME_DIR"
  rm -rf "$VENV"
  if ! { "$PYTHON" -m venv "$VENV" && "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"; } > "$LOGFILE" 2>&1; then
    tail -n 30 "$LOGFILE" >&2
    die "installing schemathesis $VERSION failed (log: $LOGFILE)"
  fi
  echo "$VERSION" > "$STAMP"
}

case "${1:-}" in
  install) install ;;
  run) shift; install; exec "$BIN" "$@" ;;
  path) install; echo "$BIN" ;;
  *) die "usage: $0 install|run ARGS...|path" ;;
esac
