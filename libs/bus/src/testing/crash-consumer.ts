/**
 * A consumer in its own process, for the "killed mid-batch" contract tests: the parent kills it with
 * SIGKILL while it is handling messages. Prints `start <id>` and `done <id>` around each message, and
 * hangs in the handler of message `<hangOn>`, so that the kill lands mid-handler. With a batch size,
 * messages come through `handleBatch` (at most that many at a time) and a batch holding `<hangOn>` hangs.
 * Usage: tsx crash-consumer.ts '<BusConfig json>' <topic> <groupId> <hangOn> [batchSize]
 */
import type { BusMessage } from '../bus.port';
import { openBus, type BusConfig } from './bus-factory';

const [configJson, topic, groupId, hangOn, batchSize] = process.argv.slice(2);
const bus = await openBus(JSON.parse(configJson!) as BusConfig, 'crash-consumer');
const handleAll = async (messages: readonly BusMessage[]) => {
  for (const message of messages) process.stdout.write(`start ${message.value}\n`);
  // The kill must land inside this handler: it never returns.
  if (messages.some((message) => message.value === hangOn)) await new Promise<never>(() => undefined);
  await new Promise((r) => setImmediate(r));
  for (const message of messages) process.stdout.write(`done ${message.value}\n`);
};
await bus.consume({
  groupId: groupId!,
  topics: [topic!],
  handle: (message) => handleAll([message]),
  ...(batchSize ? { handleBatch: handleAll, maxBatchSize: Number(batchSize) } : {}),
});
process.stdout.write('joined\n');
