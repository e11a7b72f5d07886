import { z } from 'zod';
import { planSchema } from '../events/integration.events';
import { stageSchema } from '../events/sr-observation.events';

/**
 * The HTTP bodies of config-api, the API the Willo frontend calls. Each named schema carries an id
 * in `.meta()`, which the OpenAPI document uses as its component name; the typed client is
 * generated from that document, so renaming an id is a change of the client's types.
 */

const id = z.string().min(1).max(200).regex(/^[^\s:/]+$/, 'must be non-empty, without spaces, ":" or "/"');
const isoDateTime = z.iso.datetime({ offset: true });

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'Items per page, 1 to 100.' }),
  cursor: z.string().min(1).max(1000).optional().meta({ description: '`nextCursor` of the previous page.' }),
});

const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional().meta({ description: 'Present when more items follow.' }) }).meta({ id: name });

// ---- integrations ------------------------------------------------------------------------------

export const integrationIds = ['smartrecruiters'] as const;
export const integrationIdSchema = z.enum(integrationIds).meta({ id: 'IntegrationId', description: 'The ATS integrated with Willo.' });

export const integrationStatusSchema = z
  .enum(['disabled', 'connecting', 'syncing', 'enabled', 'error', 'reauthorise'])
  .meta({ id: 'IntegrationStatus' });

export const integrationSchema = z
  .object({
    id: integrationIdSchema,
    status: integrationStatusSchema,
    error: z.object({ code: z.string(), message: z.string(), action: z.string().meta({ description: 'What the admin can do about it.' }) }).nullable(),
    plan: planSchema.nullable(),
    intervalSecondsOverride: z.number().int().positive().nullable(),
    intervalSeconds: z.number().int().positive().nullable().meta({ description: 'Seconds between syncs: the override, else the plan’s.' }),
    sync: z
      .object({
        runId: z.string(),
        kind: z.enum(['initial', 'incremental', 'reconcile']),
        startedAt: isoDateTime,
        done: z.number().int().nonnegative(),
        total: z.number().int().nonnegative().nullable(),
      })
      .nullable()
      .meta({ description: 'The sync in progress, with its progress.' }),
    lastSync: z.object({ runId: z.string(), outcome: z.enum(['completed', 'failed']), at: isoDateTime }).nullable(),
    nextSyncAt: isoDateTime.nullable(),
    syncRequestedAt: isoDateTime.nullable(),
    willoCredentials: z.enum(['tenant', 'deployment', 'missing']).meta({
      description:
        'The Willo organisation the tenant’s invites go to: its own key (`PUT /v1/willo-credentials`), the deployment’s fallback, or none: `missing` sends no invite (`InviteFailed` `willo_credentials_missing` on the timeline) until a key is saved, then the retry action sends it.',
    }),
  })
  .meta({ id: 'Integration' });
export type IntegrationBody = z.infer<typeof integrationSchema>;

export const integrationListSchema = z.object({ items: z.array(integrationSchema) }).meta({ id: 'IntegrationList' });

export const enableIntegrationRequestSchema = z.object({ plan: planSchema.optional() }).strict().meta({ id: 'EnableIntegrationRequest' });
export const enableIntegrationResponseSchema = z
  .object({ authorizationUrl: z.url().meta({ description: 'Send the admin here to grant access in SmartRecruiters.' }) })
  .meta({ id: 'EnableIntegrationResponse' });

export const disconnectIntegrationRequestSchema = z.object({ reason: z.string().max(500).optional() }).strict().meta({ id: 'DisconnectIntegrationRequest' });

export const changePlanRequestSchema = z
  .object({
    plan: planSchema,
    intervalSecondsOverride: z.number().int().min(60).max(86_400).nullable().meta({ description: 'Seconds between syncs instead of the plan’s; null for the plan’s.' }),
  })
  .strict()
  .meta({ id: 'ChangePlanRequest' });

export const syncRequestSchema = z
  .object({ kind: z.enum(['full', 'incremental']).optional().meta({ description: 'Defaults to `incremental`.' }) })
  .strict()
  .meta({ id: 'SyncRequest' });
export const acceptedSchema = z.object({ accepted: z.literal(true) }).meta({ id: 'Accepted' });

export const syncRunSchema = z
  .object({
    runId: z.string(),
    kind: z.enum(['initial', 'incremental', 'reconcile']).nullable(),
    status: z.enum(['running', 'completed', 'failed']),
    startedAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
    progress: z.record(z.string(), z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative().nullable() })),
    counts: z.record(z.string(), z.number().int().nonnegative()),
    apiCalls: z.number().int().nonnegative().nullable(),
    durationMs: z.number().nonnegative().nullable(),
    error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }).nullable(),
  })
  .meta({ id: 'SyncRun' });
export const syncRunPageSchema = pageOf(syncRunSchema, 'SyncRunPage');

// ---- jobs -------------------------------------------------------------------------------------

export const jobsQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().min(1).max(200).optional().meta({ description: 'Case-insensitive part of the title.' }),
});

export const jobSchema = z
  .object({
    jobId: z.string(),
    title: z.string(),
    refNumber: z.string().nullable(),
    status: z.string(),
    department: z.string().nullable(),
    location: z.string().nullable(),
    updatedOn: isoDateTime,
  })
  .meta({ id: 'Job' });
export const jobPageSchema = pageOf(jobSchema, 'JobPage');

export const hiringStageSchema = stageSchema.extend({ label: z.string(), order: z.number().int().nonnegative() }).meta({ id: 'HiringStage' });
export const jobStagesSchema = z.object({ jobId: z.string(), stages: z.array(hiringStageSchema) }).meta({ id: 'JobStages' });

// ---- mappings ---------------------------------------------------------------------------------

export const triggerStageSchema = stageSchema.strict().meta({ id: 'TriggerStage', description: 'An SR status, with its sub-status where the process has one.' });

/** A job of the dropdown's list, as sent: `backfill` may be left out (false). */
export const mappedJobInputSchema = z
  .object({
    jobId: id,
    triggerStages: z.array(triggerStageSchema).min(1).max(50),
    backfill: z.boolean().optional().meta({ description: 'Also invite candidates already in a trigger stage; false when left out.' }),
  })
  .strict()
  .meta({ id: 'MappedJobInput' });

/** A job of a mapping, as answered. */
export const mappedJobSchema = z
  .object({
    jobId: z.string(),
    triggerStages: z.array(stageSchema),
    backfill: z.boolean().meta({ description: 'Also invite candidates already in a trigger stage.' }),
  })
  .meta({ id: 'MappedJob' });

const stageKey = (stage: { status: string; subStatus: string | null }) => `${stage.status}\u0000${stage.subStatus ?? ''}`;

/** The whole list the dropdown's Apply sends: it replaces the mapping. No job twice, no stage twice for a job. */
export const applyMappingRequestSchema = z
  .object({ jobs: z.array(mappedJobInputSchema).min(1).max(200) })
  .strict()
  .superRefine((body, ctx) => {
    const jobs = new Map<string, number>();
    body.jobs.forEach((job, index) => {
      const first = jobs.get(job.jobId);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['jobs', index, 'jobId'], message: `job ${job.jobId} is listed twice (first at jobs[${first}])` });
      else jobs.set(job.jobId, index);
      const stages = new Set<string>();
      job.triggerStages.forEach((stage, stageIndex) => {
        const key = stageKey(stage);
        if (stages.has(key)) ctx.addIssue({ code: 'custom', path: ['jobs', index, 'triggerStages', stageIndex], message: 'the same stage is listed twice for this job' });
        stages.add(key);
      });
    });
  })
  .meta({ id: 'ApplyMappingRequest' });
export type ApplyMappingRequest = z.infer<typeof applyMappingRequestSchema>;

export const mappingSchema = z
  .object({
    interviewId: z.string(),
    revision: z.number().int().nonnegative().meta({ description: 'Send it back as `If-Match: "<revision>"` to change the mapping.' }),
    jobs: z.array(mappedJobSchema),
    appliedBy: z.string().nullable(),
    appliedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'Mapping' });
export type MappingBody = z.infer<typeof mappingSchema>;

// ---- activity ---------------------------------------------------------------------------------

export const activityQuerySchema = pageQuerySchema.extend({
  interviewId: id.optional(),
  candidateId: id.optional(),
});

export const activityEntrySchema = z
  .object({
    entryId: z.string(),
    at: isoDateTime,
    kind: z.string().meta({ description: 'The event behind the entry (e.g. `InviteSent`, `SyncRunCompleted`).' }),
    summary: z.string(),
    interviewId: z.string().nullable(),
    candidateId: z.string().nullable(),
    jobId: z.string().nullable(),
    reason: z.string().nullable().meta({ description: 'Why, for failures and skips.' }),
  })
  .meta({ id: 'ActivityEntry' });
export const activityPageSchema = pageOf(activityEntrySchema, 'ActivityPage');

// ---- errors -----------------------------------------------------------------------------------

/** RFC 9457 problem details, as every error of the API answers. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional().meta({ description: 'The failing fields of a 400.' }),
    traceId: z.string().optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem' });
