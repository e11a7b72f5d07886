import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, streams, type IntegrationEvent, type NewMetadata } from '@srw/contracts';
import {
  DomainRuleViolation,
  integrationDecider,
  syncRunDecider,
  type Decider,
  type IntegrationCommand,
  type IntegrationState,
  type RecordCheckpoint,
  type RequestSync,
  type SyncRunCommand,
} from '@srw/domain';
import { ConcurrencyError } from '@srw/errors';
import { eventIdFor, type EventStore } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvents } from './event-append';
import { handleCommand } from './handle-command';

const tenantId = 'acme';
const meta = (causationId: string): NewMetadata => ({
  tenantId,
  correlationId: 'corr-1',
  causationId,
  observedAt: '2026-03-01T10:00:00.000Z',
});

const integration = streams.integration(tenantId);
const run = streams.syncRun(tenantId, 'run-1');

const enableRequested = createEvent('IntegrationEnableRequested', { requestedBy: 'admin-1', plan: 'growth' }, meta('enable'));
const connected = createEvent(
  'IntegrationConnected',
  { connectedBy: 'admin-1', scopes: ['jobs_read'], accessTokenExpiresAt: '2026-03-01T10:30:00.000Z' },
  meta('connect'),
);
const runStarted = createEvent('SyncRunStarted', { runId: 'run-1', kind: 'initial', resources: ['jobs', 'hiringProcesses'] }, meta('start'));

const syncNow = (causationId: string): RequestSync => ({
  type: 'RequestSync',
  data: { kind: 'incremental', requestedBy: 'admin-1' },
  metadata: meta(causationId),
});
const checkpoint = (resource: 'jobs' | 'hiringProcesses', cursor: string | null, done: number): RecordCheckpoint => ({
  type: 'RecordCheckpoint',
  data: { resource, cursor, done, total: null },
  metadata: meta(`page-${resource}-${done}`),
});

/** The store as another writer sees it, except that `append` runs `before` first. */
function withBeforeAppend(store: EventStore, before: () => Promise<void>): EventStore & { appendCalls: number } {
  const wrapper: EventStore & { appendCalls: number } = {
    appendCalls: 0,
    async append(...args) {
      wrapper.appendCalls++;
      await before();
      return store.append(...args);
    },
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    subscribe: (...args) => store.subscribe(...args),
    checkpoints: store.checkpoints,
    ping: () => store.ping(),
    close: () => store.close(),
  };
  return wrapper;
}

/** Holds the first append until released; tells when it is held. Later appends pass straight through. */
function pausingFirstAppend(store: EventStore) {
  let reached!: () => void;
  let release!: () => void;
  const firstAppendReached = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  const paused = withBeforeAppend(store, async () => {
    if (!first) return;
    first = false;
    reached();
    await released;
  });
  return { store: paused, firstAppendReached, release };
}

describe('handleCommand on the embedded event store', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'handle-command-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const types = async (stream: string) => (await store.readStream(stream)).map((event) => event.type);

  it('starts a fresh stream, expecting it not to exist', async () => {
    const result = await handleCommand(store, integration, integrationDecider, {
      type: 'RequestEnable',
      data: { requestedBy: 'admin-1', plan: 'scale' },
      metadata: meta('enable'),
    });

    expect(result).toMatchObject({ revision: 0, attempts: 1, state: { status: 'connecting', plan: 'scale' } });
    expect(result.appended.map((event) => event.type)).toEqual(['IntegrationEnableRequested']);
    const [stored] = await store.readStream(integration);
    expect(stored).toMatchObject({ revision: 0, type: 'IntegrationEnableRequested', data: { plan: 'scale' }, metadata: { tenantId, causationId: 'enable' } });
  });

  it('appends after the events of an existing stream, deciding on their state', async () => {
    await appendEvents(store, integration, [{ event: enableRequested }, { event: connected }]);

    const result = await handleCommand(store, integration, integrationDecider, syncNow('req-1'));

    expect(result).toMatchObject({ revision: 2, attempts: 1, state: { status: 'connected', recentSyncRequests: ['req-1'] } });
    expect(await types(integration)).toEqual(['IntegrationEnableRequested', 'IntegrationConnected', 'SyncRequested']);
  });

  it('throws the rule a command breaks, appending nothing', async () => {
    await appendEvents(store, integration, [{ event: enableRequested }]);

    await expect(handleCommand(store, integration, integrationDecider, syncNow('req-1'))).rejects.toBeInstanceOf(DomainRuleViolation);
    expect(await types(integration)).toEqual(['IntegrationEnableRequested']);
  });

  it('appends nothing for a redelivered command', async () => {
    await appendEvents(store, integration, [{ event: enableRequested }, { event: connected }]);

    const first = await handleCommand(store, integration, integrationDecider, syncNow('req-1'));
    const again = await handleCommand(store, integration, integrationDecider, syncNow('req-1'));

    expect(first.appended).toHaveLength(1);
    expect(again).toMatchObject({ appended: [], revision: 2, attempts: 1 });
    expect(await types(integration)).toEqual(['IntegrationEnableRequested', 'IntegrationConnected', 'SyncRequested']);
  });

  it('with deterministic ids, appends nothing for a redelivered command even when its decider would act twice', async () => {
    // A careless decider: it asks for a sync on every command. The ids, not the decider, catch the repeat.
    const careless: Decider<RequestSync, IntegrationEvent, IntegrationState> = {
      ...integrationDecider,
      decide: (command) => [createEvent('SyncRequested', command.data, command.metadata)],
    };
    const eventId = (command: RequestSync, _event: IntegrationEvent, index: number) =>
      eventIdFor(integration, command.metadata.causationId, String(index));

    await handleCommand(store, integration, careless, syncNow('req-1'), { eventId });
    await handleCommand(store, integration, careless, syncNow('req-2'), { eventId });
    const again = await handleCommand(store, integration, careless, syncNow('req-1'), { eventId });

    expect(again.appended).toEqual([]);
    const stored = await store.readStream(integration);
    expect(stored.map((event) => event.id)).toEqual([eventIdFor(integration, 'req-1', '0'), eventIdFor(integration, 'req-2', '0')]);
  });

  it('retries when another handler appends to the stream in between, deciding again on what it appended', async () => {
    await appendEvents(store, run, [{ event: runStarted }]);
    const first = pausingFirstAppend(store);

    // Both read revision 0; the first is held at its append until the second has appended.
    const pending = handleCommand(first.store, run, syncRunDecider, checkpoint('jobs', 'page-2', 100));
    await first.firstAppendReached;
    const second = await handleCommand(store, run, syncRunDecider, checkpoint('hiringProcesses', null, 12));
    first.release();
    const retried = await pending;

    expect(second).toMatchObject({ revision: 1, attempts: 1 });
    expect(retried).toMatchObject({ revision: 2, attempts: 2 });
    expect(first.store.appendCalls).toBe(2);
    expect(retried.state.checkpoints).toEqual({
      hiringProcesses: { cursor: null, done: 12, total: null },
      jobs: { cursor: 'page-2', done: 100, total: null },
    });
    const stored = await store.readStream(run);
    expect(stored.map((event) => [event.revision, event.type, (event.data as { resource?: string }).resource])).toEqual([
      [0, 'SyncRunStarted', undefined],
      [1, 'SyncCheckpointReached', 'hiringProcesses'],
      [2, 'SyncCheckpointReached', 'jobs'],
    ]);
  });

  it('appends once when the same command is handled twice at the same time', async () => {
    await appendEvents(store, run, [{ event: runStarted }]);
    const first = pausingFirstAppend(store);

    const pending = handleCommand(first.store, run, syncRunDecider, checkpoint('jobs', 'page-2', 100));
    await first.firstAppendReached;
    await handleCommand(store, run, syncRunDecider, checkpoint('jobs', 'page-2', 100));
    first.release();
    const retried = await pending;

    expect(retried).toMatchObject({ appended: [], attempts: 2, revision: 1 });
    expect(await types(run)).toEqual(['SyncRunStarted', 'SyncCheckpointReached']);
  });

  it('gives up with the ConcurrencyError after its cap of attempts', async () => {
    await appendEvents(store, integration, [{ event: enableRequested }, { event: connected }]);
    let rivalAppends = 0;
    // A rival that always gets in between the read and the append.
    const contended = withBeforeAppend(store, async () => {
      rivalAppends++;
      const refreshed = createEvent('AccessTokenRefreshed', { expiresAt: `2026-03-01T1${rivalAppends}:00:00.000Z` }, meta(`rival-${rivalAppends}`));
      await appendEvents(store, integration, [{ event: refreshed }]);
    });

    const attempt = handleCommand(contended, integration, integrationDecider, syncNow('req-1'), { maxAttempts: 3 });

    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
    expect(contended.appendCalls).toBe(3);
    expect(await types(integration)).toEqual([
      'IntegrationEnableRequested',
      'IntegrationConnected',
      'AccessTokenRefreshed',
      'AccessTokenRefreshed',
      'AccessTokenRefreshed',
    ]);
  });

  it('stores every event the deciders decide over a whole lifecycle, each accepted by its schema', async () => {
    const grant = { connectedBy: 'admin-1', scopes: ['jobs_read'], accessTokenExpiresAt: '2026-03-01T10:30:00.000Z' };
    const lifecycle: IntegrationCommand[] = [
      { type: 'RequestEnable', data: { requestedBy: 'admin-1', plan: 'launch' }, metadata: meta('c1') },
      { type: 'Connect', data: grant, metadata: meta('c2') },
      { type: 'RecordTokenRefresh', data: { expiresAt: '2026-03-01T11:00:00.000Z' }, metadata: meta('c3') },
      { type: 'ChangePlan', data: { plan: 'growth', intervalSecondsOverride: 900 }, metadata: meta('c4') },
      syncNow('c5'),
      { type: 'LoseAuthorisation', data: { reason: 'revoked' }, metadata: meta('c6') },
      { type: 'RequestEnable', data: { requestedBy: 'admin-2', plan: 'growth' }, metadata: meta('c7') },
      { type: 'Connect', data: { ...grant, connectedBy: 'admin-2' }, metadata: meta('c8') },
      { type: 'Disconnect', data: { disconnectedBy: 'admin-2', reason: 'trial ended' }, metadata: meta('c9') },
    ];
    for (const command of lifecycle) await handleCommand(store, integration, integrationDecider, command);

    const runCommands: SyncRunCommand[] = [
      { type: 'StartSyncRun', data: { runId: 'run-1', kind: 'initial', resources: ['jobs'] }, metadata: meta('r1') },
      checkpoint('jobs', null, 3),
      { type: 'CompleteSyncRun', data: { counts: { jobs: 3 }, apiCalls: 1, durationMs: 40 }, metadata: meta('r3') },
    ];
    for (const command of runCommands) await handleCommand(store, run, syncRunDecider, command);

    expect(await types(integration)).toEqual([
      'IntegrationEnableRequested',
      'IntegrationConnected',
      'AccessTokenRefreshed',
      'PlanChanged',
      'SyncRequested',
      'AuthorizationLost',
      'IntegrationEnableRequested',
      'IntegrationConnected',
      'IntegrationDisconnected',
    ]);
    expect(await types(run)).toEqual(['SyncRunStarted', 'SyncCheckpointReached', 'SyncRunCompleted']);
  });

  it('refuses a stored event that fails its schema, naming the stream and revision', async () => {
    await store.append(integration, [{ id: eventIdFor('bad'), type: 'SyncRequested', data: { kind: 'often' }, metadata: { ...meta('x'), schemaVersion: 1 } }]);
    const command: IntegrationCommand = syncNow('req-1');

    await expect(handleCommand(store, integration, integrationDecider, command)).rejects.toThrow(/integration-acme@0 \(SyncRequested\).*data\.kind/);
  });
});
