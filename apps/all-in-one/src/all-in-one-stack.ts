import { categories } from '@srw/contracts';
import { listeningOn, topicSpecs, type ServiceDefinition } from '@srw/runtime';
import { startSrSandbox, type SrSandbox } from '@srw/sr-sandbox';
import { startWilloSandbox, type WilloSandbox } from '@srw/willo-sandbox';
import { allInOneConfigSchema, type AllInOneConfig } from './config';

export interface AllInOne {
  definition: ServiceDefinition<AllInOneConfig>;
  /** The running sandboxes, once the service has started. */
  sandboxes(): { sr: SrSandbox; willo: WilloSandbox };
}

/**
 * Everything in one process: the event store, bus and read store (embedded SQLite files under
 * DATA_DIR by default, real servers where their URLs are set), one relay for every category (this
 * process owns them all), and the SR and Willo sandboxes seeded with demo data. The services of
 * apps/ are wired in here as they are built; each keeps its own composition root for the
 * distributed mode.
 */
export function createAllInOne(): AllInOne {
  let sr: SrSandbox | undefined;
  let willo: WilloSandbox | undefined;
  const definition: ServiceDefinition<AllInOneConfig> = {
    name: 'all-in-one',
    configSchema: allInOneConfigSchema,
    topics: topicSpecs,
    relay: { categories },
    companions: ({ config }) => [
      {
        name: 'the SR sandbox',
        start: async () => {
          sr = await listeningOn('SR_SANDBOX_PORT', config.SR_SANDBOX_PORT, () =>
            startSrSandbox({ port: config.SR_SANDBOX_PORT, seed: { jobs: config.SR_SANDBOX_JOBS, candidates: config.SR_SANDBOX_CANDIDATES } }),
          );
        },
        stop: async () => sr?.close(),
      },
      {
        name: 'the Willo sandbox',
        start: async () => {
          willo = await listeningOn('WILLO_SANDBOX_PORT', config.WILLO_SANDBOX_PORT, () => startWilloSandbox({ port: config.WILLO_SANDBOX_PORT }));
        },
        stop: async () => willo?.close(),
      },
    ],
  };
  return {
    definition,
    sandboxes() {
      if (!sr || !willo) throw new Error('the all-in-one service has not started');
      return { sr, willo };
    },
  };
}
