import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event';

export const syncResources = ['jobs', 'hiringProcesses', 'candidates', 'applications', 'auditEvents'] as const;
export const syncResourceSchema = z.enum(syncResources);
export type SyncResource = z.infer<typeof syncResourceSchema>;

const count = z.number().int().nonnegative();

export const SyncRunStarted = defineEvent(
  'SyncRunStarted',
  1,
  z.object({
    runId: z.string().min(1),
    kind: z.enum(['initial', 'incremental', 'reconcile']),
    resources: z.array(syncResourceSchema).min(1),
    /** Set when this run continues an interrupted one from its last checkpoint. */
    resumesRunId: z.string().optional(),
  }),
);

/** A resume point: a restarted poller continues from `cursor` of `resource`. */
export const SyncCheckpointReached = defineEvent(
  'SyncCheckpointReached',
  1,
  z.object({
    resource: syncResourceSchema,
    cursor: z.string().nullable(),
    done: count,
    /** SR's `totalFound` when known, for progress. */
    total: count.nullable(),
  }),
);

export const SyncRunCompleted = defineEvent(
  'SyncRunCompleted',
  1,
  z.object({
    counts: z.record(z.string(), count),
    apiCalls: count,
    durationMs: count,
  }),
);

export const SyncRunFailed = defineEvent(
  'SyncRunFailed',
  1,
  z.object({ error: z.object({ code: z.string(), message: z.string() }), retryable: z.boolean(), apiCalls: count }),
);

export const syncRunEvents = [SyncRunStarted, SyncCheckpointReached, SyncRunCompleted, SyncRunFailed] as const;
export type SyncRunEvent = EventOf<(typeof syncRunEvents)[number]>;
