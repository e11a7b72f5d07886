import { createEvent, streams } from '@srw/contracts';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { ATTR_TENANT_ID, metricNames } from '@srw/observability';
import { startTestTracing } from '@srw/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { appendEvents } from './event-append';
import { healthRoutes } from './http/health-routes';
import type { Adapters } from './adapters';

const tracing = startTestTracing();
const store = await SqliteEventStore.open();
afterAll(async () => {
  await store.close();
  await tracing.stop();
});

const at = '2026-11-27T10:00:00.000Z';
const metadata = (tenantId: string) => ({ tenantId, correlationId: 'c', causationId: 'c', observedAt: at });
const valueOf = async (name: string, attributes: Record<string, string>) =>
  (await tracing.metricPoints(name)).filter((point) => Object.entries(attributes).every(([key, value]) => point.attributes[key] === value)).reduce((sum, point) => sum + point.value, 0);

describe('what appends count', () => {
  it('counts SR observations per tenant and event type', async () => {
    const tenant = 'metrics-observations';
    const moved = (to: string) =>
      createEvent('ApplicationStageObserved', { candidateId: 'c1', jobId: 'j1', from: null, to: { status: to, subStatus: null }, changedOn: at, source: 'webhook' }, metadata(tenant));
    await appendEvents(store, streams.srApplication(tenant, 'c1', 'j1'), [{ event: moved('NEW') }, { event: moved('INTERVIEW') }]);
    // Not an observation: the integration's lifecycle.
    await appendEvents(store, streams.integration(tenant), [{ event: createEvent('SyncRequested', { kind: 'full', requestedBy: 'admin' }, metadata(tenant)) }]);

    expect(await tracing.metricPoints(metricNames.observationsAppended)).toEqual([
      { attributes: { [ATTR_TENANT_ID]: tenant, 'srw.event_type': 'ApplicationStageObserved' }, value: 2 },
    ]);
  });

  it('counts invites sent and failed, notes written and failed, per tenant (and reason)', async () => {
    const tenant = 'metrics-invites';
    const stream = (candidateId: string) => streams.invite(tenant, 'iv1', candidateId);
    const failure = { message: 'no email', attempt: 1, retryable: false };
    await appendEvents(store, stream('c1'), [
      { event: createEvent('InviteSent', { willoParticipantId: 'p1', invitedAt: at, attempt: 1 }, metadata(tenant)) },
      { event: createEvent('NoteWritten', { srMessageId: 'm1', writtenAt: at, recoveredFromExisting: false }, metadata(tenant)) },
    ]);
    await appendEvents(store, stream('c2'), [{ event: createEvent('InviteFailed', { reason: 'no_email', ...failure }, metadata(tenant)) }]);
    await appendEvents(store, stream('c3'), [{ event: createEvent('NoteWriteFailed', { reason: 'sr_rejected', ...failure, message: 'SR answered 400' }, metadata(tenant)) }]);

    expect(await valueOf(metricNames.invitesSent, { [ATTR_TENANT_ID]: tenant })).toBe(1);
    expect(await valueOf(metricNames.invitesFailed, { [ATTR_TENANT_ID]: tenant, 'srw.reason': 'no_email' })).toBe(1);
    expect(await valueOf(metricNames.notesWritten, { [ATTR_TENANT_ID]: tenant })).toBe(1);
    expect(await valueOf(metricNames.notesFailed, { [ATTR_TENANT_ID]: tenant, 'srw.reason': 'sr_rejected' })).toBe(1);
  });

  it('counts nothing when the append is refused', async () => {
    const tenant = 'metrics-refused';
    const sent = createEvent('InviteSent', { willoParticipantId: 'p1', invitedAt: at, attempt: 1 }, metadata(tenant));
    await appendEvents(store, streams.invite(tenant, 'iv1', 'c1'), [{ event: sent }]);
    await expect(appendEvents(store, streams.invite(tenant, 'iv1', 'c1'), [{ event: sent }], { expectedRevision: 'no_stream' })).rejects.toThrow();
    expect(await valueOf(metricNames.invitesSent, { [ATTR_TENANT_ID]: tenant })).toBe(1);
  });
});

describe('/metrics', () => {
  it('answers the metrics in the Prometheus text format', async () => {
    const app = healthRoutes({ adapters: {} as Adapters, lifecycle: () => 'running', checkTimeoutMs: 1_000 });
    const answer = await app.request('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await answer.text();
    expect(text).toMatch(/^srw_invites_sent\S* 1 ?/m);
    expect(text).toContain('srw_tenant_id="metrics-invites"');
  });
});
