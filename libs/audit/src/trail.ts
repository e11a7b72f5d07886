import { parseStreamName, type Category } from '@srw/contracts';
import type { EventStore, RecordedEvent } from '@srw/event-store';
import { sourceOf } from './event-source';
import { scanHistory } from './history';
import { assertKnownTenant, belongsToTenant, tenantStreamPrefixes } from './tenant-scope';

/** Whose history: a whole tenant, or one interview, job or candidate of it. */
export type TrailSubject =
  | { kind: 'tenant' }
  | { kind: 'interview'; id: string }
  | { kind: 'job'; id: string }
  | { kind: 'candidate'; id: string };

/** Why an event happened: the event it reacted to (when in the tenant's history) or an outside id. */
export type Cause =
  | { kind: 'event'; id: string; type: string; position: number }
  | { kind: 'external'; id: string };

export interface TrailEntry {
  position: number;
  recordedAt: string;
  observedAt: string | undefined;
  stream: string;
  type: string;
  source: string;
  correlationId: string | undefined;
  causedBy: Cause | undefined;
  data: unknown;
}

export interface TrailOptions {
  tenantId: string;
  subject: TrailSubject;
  pageSize?: number;
  /** Told of each page read: the position and recording time of its last event. */
  onProgress?(lastRecordedAt: Date, eventsRead: number): void;
}

/**
 * The full history of a tenant, or of one interview, job or candidate in it, in position order:
 * observations, decisions (`InviteRequested`), invites, responses and notes, each with its time,
 * source and cause. The cause comes from `metadata.causationId`: handlers that append in reaction
 * to an event put that event's id there (the trigger policy, invite-dispatcher, the note writer), so
 * the trail names it; other ids (a webhook delivery, an HTTP request, a sync run) are external.
 * A subject's trail also holds the events that caused its own (the stage move behind an invite),
 * however far back. Never reads past the tenant: throws `NotFoundError` for an unknown tenant.
 */
export async function buildTrail(store: EventStore, { tenantId, subject, pageSize, onProgress }: TrailOptions): Promise<TrailEntry[]> {
  await assertKnownTenant(store, tenantId);
  const history: RecordedEvent[] = [];
  for await (const page of scanHistory(store, { streamPrefixes: tenantStreamPrefixes(tenantId), ...(pageSize ? { pageSize } : {}) })) {
    for (const event of page) if (belongsToTenant(event, tenantId)) history.push(event);
    onProgress?.(page[page.length - 1]!.recordedAt, history.length);
  }
  const byId = new Map(history.map((event) => [event.id, event]));
  const selected = subject.kind === 'tenant' ? history : withCauses(history.filter(concerns(subject, history)), byId);
  return selected.map((event) => toEntry(event, byId));
}

function toEntry(event: RecordedEvent, byId: ReadonlyMap<string, RecordedEvent>): TrailEntry {
  const metadata = event.metadata;
  const causationId = typeof metadata['causationId'] === 'string' ? metadata['causationId'] : undefined;
  const cause = causationId === undefined ? undefined : byId.get(causationId);
  return {
    position: event.position,
    recordedAt: event.recordedAt.toISOString(),
    observedAt: typeof metadata['observedAt'] === 'string' ? metadata['observedAt'] : undefined,
    stream: event.stream,
    type: event.type,
    source: sourceOf(event.type, event.data),
    correlationId: typeof metadata['correlationId'] === 'string' ? metadata['correlationId'] : undefined,
    causedBy:
      causationId === undefined
        ? undefined
        : cause
          ? { kind: 'event', id: cause.id, type: cause.type, position: cause.position }
          : { kind: 'external', id: causationId },
    data: event.data,
  };
}

/** The subject's own events, chosen by stream (and, for a job, by what the event names). */
function concerns(subject: Exclude<TrailSubject, { kind: 'tenant' }>, history: readonly RecordedEvent[]): (event: RecordedEvent) => boolean {
  const jobOfInvite = new Map<string, string>();
  for (const event of history) {
    if (event.type === 'InviteRequested') jobOfInvite.set(event.stream, (event.data as { jobId: string }).jobId);
  }
  return (event) => {
    const { category, parts } = parseStreamName(event.stream);
    const [, second, third] = parts as [string, string | undefined, string | undefined];
    const is = (c: Category) => category === c;
    switch (subject.kind) {
      case 'interview':
        return (is('interviewMapping') || is('invite')) && second === subject.id;
      case 'candidate':
        return ((is('srCandidate') || is('srApplication')) && second === subject.id) || (is('invite') && third === subject.id);
      case 'job':
        return (
          (is('srJob') && second === subject.id) ||
          (is('srApplication') && third === subject.id) ||
          (is('invite') && jobOfInvite.get(event.stream) === subject.id) ||
          (is('interviewMapping') && mappingNamesJob(event, subject.id))
        );
    }
  };
}

function mappingNamesJob(event: RecordedEvent, jobId: string): boolean {
  const data = event.data as { jobId?: unknown; jobs?: { jobId?: unknown }[] } | null;
  return data?.jobId === jobId || (Array.isArray(data?.jobs) && data.jobs.some((job) => job?.jobId === jobId));
}

/** The events plus, transitively, every event of the history that caused one of them; in position order. */
function withCauses(events: readonly RecordedEvent[], byId: ReadonlyMap<string, RecordedEvent>): RecordedEvent[] {
  const chosen = new Map(events.map((event) => [event.id, event]));
  const pending = [...events];
  while (pending.length > 0) {
    const causationId = pending.pop()!.metadata['causationId'];
    const cause = typeof causationId === 'string' ? byId.get(causationId) : undefined;
    if (cause && !chosen.has(cause.id)) {
      chosen.set(cause.id, cause);
      pending.push(cause);
    }
  }
  return [...chosen.values()].sort((a, b) => a.position - b.position);
}

/** One line of the trail for a terminal: time, position, type, stream, source, cause and correlation. */
export function formatTrailEntry(entry: TrailEntry): string {
  const cause = !entry.causedBy ? 'cause unknown' : entry.causedBy.kind === 'event' ? `caused by #${entry.causedBy.position} ${entry.causedBy.type}` : `caused by external ${entry.causedBy.id}`;
  return [entry.observedAt ?? entry.recordedAt, `#${entry.position}`, entry.type, entry.stream, entry.source, cause, `correlation ${entry.correlationId ?? '-'}`].join('  ');
}
