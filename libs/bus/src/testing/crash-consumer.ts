/**
 * A consumer in its own process, for the "killed mid-batch" contract test: the parent kills it with
 * SIGKILL while it is handling messages. Prints `start <id>` and `done <id>` around each handler, and
 * hangs in the handler of message `<hangOn>`, so that the kill lands mid-handler.
 * Usage: tsx crash-consumer.ts '<BusConfig json>' <topic> <groupId> <hangOn>
 */
import { openBus, type BusConfig } from './bus-factory';

const [configJson, topic, groupId, hangOn] = process.argv.slice(2);
const bus = await openBus(JSON.parse(configJson!) as BusConfig, 'crash-consumer');
await bus.consume({
  groupId: groupId!,
  topics: [topic!],
  handle: async (message) => {
    process.stdout.write(`start ${message.value}\n`);
    // The kill must land inside this handler: it never returns.
    if (message.value === hangOn) await new Promise<never>(() => undefined);
    await new Promise((r) => setImmediate(r));
    process.stdout.write(`done ${message.value}\n`);
  },
});
process.stdout.write('joined\n');
