import { randomUUID } from 'node:crypto';
import { createEvent, streams, type DomainEvent } from '@srw/contracts';

export const observedAt = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString();
const metadata = (tenantId: string, minute: number) => ({ tenantId, correlationId: randomUUID(), causationId: randomUUID(), observedAt: observedAt(minute) });
const hash = (n: number) => n.toString(16).padStart(64, '0');

/** What sr-poller and connector-auth append for one tenant's enable and first sync. */
export function enableAndSync(tenantId: string): [string, DomainEvent][] {
  const run = streams.syncRun(tenantId, 'run1');
  const job = streams.srJob(tenantId, 'job1');
  const snapshot = {
    title: 'Backend Engineer',
    refNumber: null,
    status: 'SOURCING',
    postingStatus: 'PUBLIC',
    department: 'Engineering',
    location: 'London, GB',
    createdOn: observedAt(0),
    updatedOn: observedAt(2),
  };
  return [
    [streams.integration(tenantId), createEvent('IntegrationEnableRequested', { requestedBy: 'admin', plan: 'scale' }, metadata(tenantId, 0))],
    [streams.integration(tenantId), createEvent('IntegrationConnected', { connectedBy: 'admin', scopes: ['jobs_read'], accessTokenExpiresAt: observedAt(30) }, metadata(tenantId, 1))],
    [run, createEvent('SyncRunStarted', { runId: 'run1', kind: 'initial', resources: ['jobs', 'hiringProcesses'] }, metadata(tenantId, 1))],
    [job, createEvent('JobObserved', { jobId: 'job1', snapshot, contentHash: hash(1) }, metadata(tenantId, 2))],
    [job, createEvent('JobStagesObserved', { jobId: 'job1', stages: [{ status: 'INTERVIEW', subStatus: null, label: 'Interview', order: 0 }], contentHash: hash(2) }, metadata(tenantId, 2))],
    [run, createEvent('SyncCheckpointReached', { resource: 'jobs', cursor: null, done: 1, total: 1 }, metadata(tenantId, 2))],
    [
      streams.srApplication(tenantId, 'cand1', 'job1'),
      createEvent('ApplicationStageObserved', { candidateId: 'cand1', jobId: 'job1', from: null, to: { status: 'INTERVIEW', subStatus: null }, changedOn: observedAt(3), source: 'poll' }, metadata(tenantId, 3)),
    ],
    [run, createEvent('SyncRunCompleted', { counts: { jobs: 1 }, apiCalls: 3, durationMs: 2000 }, metadata(tenantId, 4))],
  ];
}
