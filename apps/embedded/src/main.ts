import { telemetry } from './instrumentation';
import { createLogger } from '@srw/observability';
import { loadConfig } from '@srw/runtime';
import { embeddedConfigSchema } from './config';
import { startEmbeddedStack } from './embedded-stack';

const config = loadConfig(embeddedConfigSchema, process.env, 'embedded');
const logger = createLogger({ service: 'embedded' }, { level: config.LOG_LEVEL });
const stack = await startEmbeddedStack(config, logger);

logger.info('embedded stack started', { dataDir: config.DATA_DIR });
console.log(`
SmartRecruiters ↔ Willo integration, embedded mode (data in ${config.DATA_DIR}/)
  health:            ${stack.url}/readyz
  SR sandbox:        ${stack.srSandboxUrl}  (OAuth, jobs, candidates, webhooks; control API under /_control)
  Willo sandbox:     ${stack.willoSandboxUrl}  (API key: ${stack.willoApiKey})
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
