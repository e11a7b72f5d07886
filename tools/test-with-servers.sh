#!/usr/bin/env bash
# The project's test command: starts the real servers the tests need (Kafka from Maven Central jars,
# FerretDB built from the Go module proxy), then runs lint, typecheck and every test tier.
# Servers it started are stopped at the end in CI; on a developer machine they stay up for the next run.
# Env: KAFKA_PORT, KAFKA_CONTROLLER_PORT, MONGO_PORT to move the servers; ESDB_URL for EventStoreDB.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

started=()
cleanup() {
  if [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; then
    for server in "${started[@]}"; do bash "tools/$server.sh" stop || true; done
  fi
}
# Set before the first start, so a server that did start is stopped even if the next one fails.
trap cleanup EXIT
for server in kafka ferretdb; do
  if ! bash "tools/$server.sh" status >/dev/null 2>&1; then started+=("$server"); fi
  bash "tools/$server.sh" start
done

export KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT:-9092}"
export MONGODB_URL="mongodb://127.0.0.1:${MONGO_PORT:-27017}/"
export NX_DAEMON=false NX_NO_CLOUD=true

npm run lint
npm run typecheck
report="$INFRA_DIR/vitest-report.json"
status=0
npx vitest run --reporter=default --reporter=./libs/test-support/src/tier-order-reporter.ts --reporter=json --outputFile.json="$report" || status=$?
# One plain closing line that any reader of the log understands.
node -e '
  const r = require(process.argv[1]);
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$report" || true
exit $status
