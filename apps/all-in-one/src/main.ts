import { telemetry } from './instrumentation';
import { createLogger } from '@srw/observability';
import { loadConfig } from '@srw/runtime';
import { allInOneConfigSchema } from './config';
import { startAllInOne } from './all-in-one-stack';

const config = loadConfig(allInOneConfigSchema, process.env, 'all-in-one');
const logger = createLogger({ service: 'all-in-one' }, { level: config.LOG_LEVEL });
const stack = await startAllInOne(config, logger);

logger.info('started', { adapters: stack.adapters.kinds, dataDir: config.DATA_DIR });
const { eventStore, bus, readStore } = stack.adapters.kinds;
console.log(`
SmartRecruiters ↔ Willo integration, all in one process
  adapters:       event store ${eventStore}, bus ${bus}, read store ${readStore}${eventStore === 'embedded' ? ` (files in ${config.DATA_DIR}/)` : ''}
  health:         ${stack.url}/readyz
  SR sandbox:     ${stack.srSandboxUrl}  (OAuth, jobs, candidates, webhooks; control API under /_control)
  Willo sandbox:  ${stack.willoSandboxUrl}  (demo API key: ${stack.willoApiKey})
Stop with Ctrl-C.`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  await stack.stop();
  await telemetry.shutdown();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
