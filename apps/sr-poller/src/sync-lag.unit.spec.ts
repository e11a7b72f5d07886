import { ATTR_TENANT_ID, metricNames } from '@srw/observability';
import { startTestTracing } from '@srw/test-support';
import { afterAll, expect, it } from 'vitest';
import { createSrPoller, type SrPollerPorts } from './sr-poller';
import { eventMessage } from './testing/event-messages';
import { ManualClock } from './testing/manual-clock';

const tracing = startTestTracing();
afterAll(() => tracing.stop());

/** Ports the lag never touches: the spec feeds the poller's book and reads the gauge (the store: an empty history). */
const unusedPorts = { store: { readAll: async () => [] }, leases: {}, pii: {}, webhookKeys: {}, srClientFor: () => { throw new Error('not used'); } } as unknown as SrPollerPorts;

it('reports each connected tenant’s time since its last completed sync, while the poller runs', async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0));
  const poller = createSrPoller(unusedPorts, clock, { replicaId: 'lag-spec' });
  const lagOf = async (tenantId: string) => (await tracing.metricPoints(metricNames.syncLag)).find((point) => point.attributes[ATTR_TENANT_ID] === tenantId)?.value;
  const connect = (tenantId: string) =>
    poller.book.apply(eventMessage(tenantId, 'IntegrationConnected', { connectedBy: 'admin', scopes: [], accessTokenExpiresAt: '2026-01-05T10:00:00Z' }));

  await poller.companion.start();
  connect('lag-synced');
  connect('lag-never-synced');
  poller.book.apply(eventMessage('lag-synced', 'SyncRunCompleted', { counts: {}, apiCalls: 3, durationMs: 10 }, { runId: 'initial-1', at: clock.now() }));
  await clock.advance(90_000);
  expect(await lagOf('lag-synced')).toBe(90);
  // A tenant that never completed a sync has no lag yet (its initial sync is what to watch).
  expect(await lagOf('lag-never-synced')).toBeUndefined();

  // Our own run's outcome counts at once, before its event comes back over the bus.
  poller.book.recordOutcome('lag-synced', 'incremental-2', 'completed', clock.now() - 5_000, clock.now());
  await clock.advance(2_000);
  expect(await lagOf('lag-synced')).toBe(2);

  await poller.companion.stop();
  await clock.advance(5_000);
  // No longer observed: the gauge keeps its last value.
  expect(await lagOf('lag-synced')).toBe(2);
});
