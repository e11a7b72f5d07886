/**
 * Writes the recorded sample messages of every published event version to
 * `libs/contracts/samples/<category>/<Type>.v<N>.json`: one Kafka message value each (the event with
 * its stream, revision and position, as the relay publishes it), with realistic data, checked by
 * the event's schema before it is written (older versions after their upcasters). Run once when an
 * event type or version is added, and commit the files:
 *   npx tsx tools/contract-samples.ts
 * Every consuming app's `contract-samples.int.spec.ts` feeds them through its decoder and handlers,
 * and `libs/test-support/src/contract-samples.int.spec.ts` fails when a published version has none.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventsByCategory, streams, typedEventMessageSchema, type Category, type EventByType, type EventType } from '@srw/contracts';

const tenantId = 'acme-recruiting';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 16, 9, minute, 0)).toISOString();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** A fixed UUID per sample (v4 layout), so regenerating changes nothing that did not change. */
const uuidOf = (seed: string) => {
  const hex = sha256(seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
const interview = { status: 'INTERVIEW', subStatus: 'Video interview' };

type Sample<T extends EventType> = { stream: string; data: EventByType<T>['data'] };
/** The current version of every type: a `Record`, so a new type does not compile without its sample. */
const current: { [T in EventType]: Sample<T> } = {
  IntegrationEnableRequested: { stream: streams.integration(tenantId), data: { requestedBy: 'user-8841', plan: 'growth' } },
  IntegrationConnected: { stream: streams.integration(tenantId), data: { connectedBy: 'user-8841', scopes: ['candidates_read', 'candidates_manage', 'jobs_read', 'configuration_read', 'audit_events_read'], accessTokenExpiresAt: at(31) } },
  AccessTokenRefreshed: { stream: streams.integration(tenantId), data: { expiresAt: at(59) } },
  AuthorizationLost: { stream: streams.integration(tenantId), data: { reason: 'invalid_grant', detail: 'SR answered 400 invalid_grant to the refresh' } },
  IntegrationDisconnected: { stream: streams.integration(tenantId), data: { disconnectedBy: 'user-8841', reason: 'switching to another ATS' } },
  PlanChanged: { stream: streams.integration(tenantId), data: { plan: 'scale', intervalSecondsOverride: 600 } },
  SyncRequested: { stream: streams.integration(tenantId), data: { kind: 'incremental', requestedBy: 'user-8841' } },
  SyncRunStarted: { stream: streams.syncRun(tenantId, 'run-20261116-0901'), data: { runId: 'run-20261116-0901', kind: 'initial', resources: ['jobs', 'hiringProcesses', 'applications'], resumesRunId: 'run-20261116-0850' } },
  SyncCheckpointReached: { stream: streams.syncRun(tenantId, 'run-20261116-0901'), data: { resource: 'jobs', cursor: 'eyJwYWdlIjozfQ', done: 300, total: 1240 } },
  SyncRunCompleted: { stream: streams.syncRun(tenantId, 'run-20261116-0901'), data: { counts: { jobs: 1240, hiringProcesses: 6, applications: 18211 }, apiCalls: 197, durationMs: 21_400 } },
  SyncRunFailed: { stream: streams.syncRun(tenantId, 'run-20261116-0901'), data: { error: { code: 'upstream_unavailable', message: 'SR answered 503 three times' }, retryable: true, apiCalls: 12 } },
  JobObserved: {
    stream: streams.srJob(tenantId, '3fa85f64-job-1021'),
    data: {
      jobId: '3fa85f64-job-1021',
      snapshot: { title: 'Senior Backend Engineer (Node.js)', refNumber: 'ENG-1021', status: 'SOURCING', postingStatus: 'PUBLIC', department: 'Engineering', location: 'Berlin, DE', createdOn: '2026-10-01T08:12:00.000Z', updatedOn: '2026-11-15T17:40:00.000Z' },
      contentHash: sha256('job-1021'),
    },
  },
  JobStagesObserved: {
    stream: streams.srJob(tenantId, '3fa85f64-job-1021'),
    data: {
      jobId: '3fa85f64-job-1021',
      stages: [
        { status: 'NEW', subStatus: null, label: 'New', order: 0 },
        { status: 'IN_REVIEW', subStatus: 'Phone screen', label: 'Phone screen', order: 1 },
        { ...interview, label: 'Video interview', order: 2 },
        { status: 'OFFERED', subStatus: null, label: 'Offer', order: 3 },
      ],
      contentHash: sha256('stages-1021'),
    },
  },
  ApplicationStageObserved: {
    stream: streams.srApplication(tenantId, 'cand-77120', '3fa85f64-job-1021'),
    data: { candidateId: 'cand-77120', jobId: '3fa85f64-job-1021', from: { status: 'IN_REVIEW', subStatus: 'Phone screen' }, to: interview, changedOn: '2026-11-16T08:58:31.000Z', source: 'webhook' },
  },
  ApplicationWebhookDeferred: {
    stream: streams.srApplication(tenantId, 'cand-77120', '3fa85f64-job-1021'),
    data: { candidateId: 'cand-77120', jobId: '3fa85f64-job-1021', webhookEventId: '8c2f7f0e-4f7e-4a55-9f43-9d1a1b0c5e21', reason: 'deadline' },
  },
  CandidateObserved: {
    stream: streams.srCandidate(tenantId, 'cand-77120'),
    data: { candidateId: 'cand-77120', pii: { keyId: 'ck-cand-77120-1', ciphertext: 'p1.q9Xw0mC1oZ2b8r5Jx8Q6lA.Vt2m1cZkq7HcN2p8yYdQ0b3K4sR9uW1xE5fJ6gL7hA' }, updatedOn: '2026-11-16T08:58:00.000Z', contentHash: sha256('hmac cand-77120') },
  },
  CandidatePiiErased: { stream: streams.srCandidate(tenantId, 'cand-77120'), data: { candidateId: 'cand-77120', reason: 'erasureRequested', sourceId: 'gdpr-req-5521', erasedAt: at(40) } },
  InterviewJobsConnected: {
    stream: streams.interviewMapping(tenantId, 'iv-backend-2026'),
    data: { interviewId: 'iv-backend-2026', jobs: [{ jobId: '3fa85f64-job-1021', triggerStages: [interview], backfill: true }, { jobId: '3fa85f64-job-1022', triggerStages: [interview], backfill: false }], appliedBy: 'user-8841' },
  },
  InterviewJobDisconnected: { stream: streams.interviewMapping(tenantId, 'iv-backend-2026'), data: { interviewId: 'iv-backend-2026', jobId: '3fa85f64-job-1022', disconnectedBy: 'user-8841' } },
  InviteRequested: { stream: streams.invite(tenantId, 'iv-backend-2026', 'cand-77120'), data: { interviewId: 'iv-backend-2026', candidateId: 'cand-77120', jobId: '3fa85f64-job-1021', trigger: interview, reason: 'stage_entered' } },
  InviteSent: { stream: streams.invite(tenantId, 'iv-backend-2026', 'cand-77120'), data: { willoParticipantId: 'prt_8f2k1m', invitedAt: at(2), attempt: 1 } },
  InviteFailed: { stream: streams.invite(tenantId, 'iv-backend-2026', 'cand-77120'), data: { reason: 'willo_unavailable', message: 'Willo answered 503', attempt: 2, retryable: true } },
  InviteAbandoned: { stream: streams.invite(tenantId, 'iv-backend-2026', 'cand-77120'), data: { reason: 'retries_exhausted' } },
  InviteRetryRequested: { stream: streams.invite(tenantId, 'iv-backend-2026', 'cand-77120'), data: { requestedBy: 'user-8841' } },
  ResponseReceived: { stream: streams.invite(tenantId, 'iv-backend-2026', 'cand-77120'), data: { willoParticipantId: 'prt_8f2k1m', completedAt: '2026-11-17T14:03:12.000Z', reviewUrl: 'https://app.willotalent.com/review/prt_8f2k1m', source: 'webhook' } },
  NoteWritten: { stream: streams.invite(tenantId, 'iv-backend-2026', 'cand-77120'), data: { srMessageId: 'msg-661920', writtenAt: '2026-11-17T14:03:15.000Z', recoveredFromExisting: false } },
  NoteWriteFailed: { stream: streams.invite(tenantId, 'iv-backend-2026', 'cand-77120'), data: { reason: 'sr_unavailable', message: 'SR answered 502', attempt: 1, retryable: true } },
  NoteRetryRequested: { stream: streams.invite(tenantId, 'iv-backend-2026', 'cand-77120'), data: { requestedBy: 'user-8841' } },
};

/** Older versions still published (history holds them; upcasters read them): `<Type>.v<N>`. */
const older: Record<string, { stream: string; data: unknown }> = {
  'CandidateObserved.v1': {
    stream: streams.srCandidate(tenantId, 'cand-77120'),
    data: { candidateId: 'cand-77120', firstName: 'Maren', lastName: 'Okafor', email: 'maren.okafor@example.com', phone: '+49 30 901820', updatedOn: '2026-11-16T08:58:00.000Z', contentHash: sha256('Maren Okafor') },
  },
};

const root = fileURLToPath(new URL('../libs/contracts/samples/', import.meta.url));
let written = 0;
for (const [category, definitions] of Object.entries(eventsByCategory) as [Category, (typeof eventsByCategory)[Category]][]) {
  mkdirSync(join(root, category), { recursive: true });
  for (const definition of definitions) {
    for (let version = 1; version <= definition.version; version++) {
      const name = `${definition.type}.v${version}`;
      const sample = version === definition.version ? current[definition.type as EventType] : older[name];
      if (!sample) throw new Error(`no sample data for ${name}: add it to tools/contract-samples.ts`);
      const message = {
        id: uuidOf(name),
        stream: sample.stream,
        revision: 3,
        position: 1_048_576 + written,
        type: definition.type,
        data: sample.data,
        metadata: {
          tenantId,
          correlationId: uuidOf(`${name} correlation`),
          causationId: uuidOf(`${name} causation`),
          traceparent: `00-${sha256(name).slice(0, 32)}-${sha256(name).slice(32, 48)}-01`,
          observedAt: at(1),
          schemaVersion: version,
        },
      };
      const parsed = typedEventMessageSchema.safeParse(message);
      if (!parsed.success) throw new Error(`the sample of ${name} fails its schema: ${parsed.error.message}`);
      writeFileSync(join(root, category, `${name}.json`), `${JSON.stringify(message, null, 2)}\n`);
      written++;
    }
  }
}
console.log(`wrote ${written} samples under ${root}`);
