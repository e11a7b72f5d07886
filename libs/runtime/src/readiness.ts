import type { Adapters } from './adapters';

export type PortName = keyof Adapters['kinds'];

export type AdapterCheck =
  | { adapter: string; status: 'up' }
  | { adapter: string; status: 'down'; error: string };

export interface Readiness {
  ready: boolean;
  checks: Record<PortName, AdapterCheck>;
}

const ports: readonly PortName[] = ['eventStore', 'bus', 'readStore'];

async function withTimeout(check: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Pings every port's adapter at once. A probe must answer before the orchestrator gives up on it,
 * so a server that hangs (rather than refusing) counts as down after `timeoutMs`.
 */
export async function checkAdapters(adapters: Adapters, timeoutMs: number): Promise<Readiness> {
  const results = await Promise.all(
    ports.map(async (port): Promise<[PortName, AdapterCheck]> => {
      const adapter = adapters.kinds[port];
      try {
        await withTimeout(adapters[port].ping(), timeoutMs);
        return [port, { adapter, status: 'up' }];
      } catch (error) {
        return [port, { adapter, status: 'down', error: (error as Error).message }];
      }
    }),
  );
  const checks = Object.fromEntries(results) as Record<PortName, AdapterCheck>;
  return { ready: results.every(([, check]) => check.status === 'up'), checks };
}

/** "bus (kafka): …; readStore (mongodb): …": which adapters failed and why, for a 503's detail. */
export function describeFailures(readiness: Readiness): string {
  return Object.entries(readiness.checks)
    .flatMap(([port, check]) => (check.status === 'down' ? [`${port} (${check.adapter}): ${check.error}`] : []))
    .join('; ');
}
