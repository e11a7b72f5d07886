import { metrics, type Counter, type Gauge, type Meter, type MeterProvider, type ObservableGauge } from '@opentelemetry/api';

/**
 * The metrics every app may emit, by name (documented in the README's "Operating it"). Attributes are
 * ids and codes only: a tenant, a credential, an event type, a topic; never a person's data.
 */
export const metricNames = {
  /** Seconds since a tenant's last successful sync (observable gauge, per `srw.tenant_id`). */
  syncLag: 'srw.sync.lag',
  /** Calls sent to SR, each attempt counted, by `srw.credential_id` and `http.response.status_code`. */
  srCalls: 'srw.sr.calls',
  /** SR answers 429, by `srw.credential_id`. */
  srThrottled: 'srw.sr.throttled',
  /** SR observations appended (job, application and candidate events), by `srw.tenant_id` and `srw.event_type`. */
  observationsAppended: 'srw.observations.appended',
  /** `InviteSent` appended, by `srw.tenant_id`. */
  invitesSent: 'srw.invites.sent',
  /** `InviteFailed` appended, by `srw.tenant_id` and `srw.reason`. */
  invitesFailed: 'srw.invites.failed',
  /** `NoteWritten` appended, by `srw.tenant_id`. */
  notesWritten: 'srw.notes.written',
  /** `NoteWriteFailed` appended, by `srw.tenant_id`. */
  notesFailed: 'srw.notes.failed',
  /** Messages sent to a `.dlq` topic after their handler's retries, by `messaging.destination.name` (the original topic). */
  dlqMessages: 'srw.dlq.messages',
  /** Messages a consumer group still has to process on a partition, measured at each delivery (gauge). */
  consumerLag: 'srw.consumer.lag',
} as const;

export const ATTR_TENANT_ID = 'srw.tenant_id';
export const ATTR_CREDENTIAL_ID = 'srw.credential_id';
export const ATTR_EVENT_TYPE = 'srw.event_type';
export const ATTR_REASON = 'srw.reason';

export interface SrwInstruments {
  srCalls: Counter;
  srThrottled: Counter;
  observationsAppended: Counter;
  invitesSent: Counter;
  invitesFailed: Counter;
  notesWritten: Counter;
  notesFailed: Counter;
  dlqMessages: Counter;
  consumerLag: Gauge;
  syncLag: ObservableGauge;
}

function instrumentsOf(meter: Meter): SrwInstruments {
  const counter = (name: string, description: string, unit = '{call}') => meter.createCounter(name, { description, unit });
  return {
    srCalls: counter(metricNames.srCalls, 'Calls sent to SmartRecruiters (each attempt)'),
    srThrottled: counter(metricNames.srThrottled, 'SmartRecruiters answers 429 Too Many Requests'),
    observationsAppended: counter(metricNames.observationsAppended, 'SR observations appended to the event store', '{event}'),
    invitesSent: counter(metricNames.invitesSent, 'Willo invitations sent', '{invite}'),
    invitesFailed: counter(metricNames.invitesFailed, 'Willo invitations that failed for good', '{invite}'),
    notesWritten: counter(metricNames.notesWritten, 'Notes written to SR candidates', '{note}'),
    notesFailed: counter(metricNames.notesFailed, 'Notes that could not be written to SR', '{note}'),
    dlqMessages: counter(metricNames.dlqMessages, 'Messages dead-lettered to a .dlq topic', '{message}'),
    consumerLag: meter.createGauge(metricNames.consumerLag, { description: 'Messages left to process on a partition', unit: '{message}' }),
    syncLag: meter.createObservableGauge(metricNames.syncLag, { description: 'Time since the last successful sync of a tenant', unit: 's' }),
  };
}

let cached: { provider: MeterProvider; instruments: SrwInstruments } | undefined;

/**
 * The instruments of the global meter provider. Looked up on each use rather than held: the
 * metrics API has no proxy provider, so a meter taken before telemetry started records nothing, ever.
 */
export function srwMetrics(): SrwInstruments {
  const provider = metrics.getMeterProvider();
  if (cached?.provider !== provider) cached = { provider, instruments: instrumentsOf(provider.getMeter('@srw/observability')) };
  return cached.instruments;
}

export interface TenantSyncedAt {
  tenantId: string;
  /** Epoch ms of its last successful sync; undefined while it never completed one (then not reported). */
  lastSyncedAt: number | undefined;
}

/**
 * Reports `srw.sync.lag` (now − last successful sync) of the tenants `tenants` lists, each time the
 * metrics are collected. Returns the function that stops it (a service's shutdown).
 */
export function observeSyncLag(tenants: () => Iterable<TenantSyncedAt>, now: () => number): () => void {
  const gauge = srwMetrics().syncLag;
  const callback = (result: { observe(value: number, attributes: Record<string, string>): void }) => {
    const at = now();
    for (const { tenantId, lastSyncedAt } of tenants()) {
      if (lastSyncedAt !== undefined) result.observe(Math.max(0, (at - lastSyncedAt) / 1000), { [ATTR_TENANT_ID]: tenantId });
    }
  };
  gauge.addCallback(callback);
  return () => gauge.removeCallback(callback);
}
