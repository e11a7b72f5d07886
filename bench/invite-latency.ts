/**
 * SR stage move → Willo invite call received, p50 and p99, through SR's webhooks and through polling
 * alone, on the embedded adapters and on Kafka + the Mongo-wire server when KAFKA_BROKERS and
 * MONGODB_URL are set. The measurement composes the whole product, which only the launcher project
 * may import (apps/all-in-one/src/invite-latency.bench.ts): this runs it and passes its output on,
 * the last line one JSON object of its figures. Target through webhooks: p99 < 5 s.
 * Usage: KAFKA_BROKERS=localhost:9092 MONGODB_URL=mongodb://localhost:27017 npx tsx bench/invite-latency.ts [webhookMoves] [pollMoves] [intervalSeconds]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const measurement = fileURLToPath(new URL('../apps/all-in-one/src/invite-latency.bench.ts', import.meta.url));
const result = spawnSync(process.execPath, ['--import', 'tsx', measurement, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
