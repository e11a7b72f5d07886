import { createRoute, z } from '@hono/zod-openapi';
import { applyMappingRequestSchema, mappingSchema, streams, type ApplyMappingRequest, type MappingBody } from '@srw/contracts';
import { DomainRuleViolation, interviewMappingDecider, type InterviewMappingCommand, type MappedJob } from '@srw/domain';
import { NotFoundError, PreconditionFailedError, PreconditionRequiredError, ValidationError, type FieldIssue } from '@srw/errors';
import type { EventStore } from '@srw/event-store';
import type { ReadModels } from '@srw/projections';
import { handleCommand } from '@srw/runtime';
import type { Context } from 'hono';
import { callerOf } from '../caller';
import { checked, jsonContent, problemsOf, requestMetadata, resourceApp } from '../http';
import type { Clock } from '../ports';
import { offeredStagesOf } from './job-stages';

export interface MappingsRoutesDeps {
  eventStore: EventStore;
  readModels: () => Promise<ReadModels>;
  clock: Clock;
}

const tags = ['Mappings'];
const security = [{ bearer: [] }];
const params = z.object({ interviewId: z.string().min(1).max(200).regex(/^[^\s:/]+$/, 'must be non-empty, without spaces, ":" or "/"') });
const etagHeader = { ETag: { description: 'The mapping’s revision, for `If-Match`', schema: { type: 'string' as const } } };
/** `"3"`, `W/"3"` or `3`: the revision as `ETag` gave it. Documented, so that a client (and the fuzzer) knows what is refused. */
const ifMatchPattern = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/;
const ifMatch = z.object({
  'if-match': z
    .string()
    .regex(ifMatchPattern, 'must be the ETag of the mapping as read, e.g. "3"')
    .optional()
    .meta({ description: 'The `ETag` of the mapping as read (`"3"`); required once the mapping exists.' }),
});

const getMapping = createRoute({
  method: 'get',
  path: '/interviews/{interviewId}/mapping',
  tags,
  security,
  summary: 'The jobs and trigger stages that invite candidates to an interview',
  request: { params },
  responses: { 200: { description: 'The mapping', headers: etagHeader, ...jsonContent(mappingSchema) }, ...problemsOf(404) },
});
const applyMapping = createRoute({
  method: 'put',
  path: '/interviews/{interviewId}/mapping',
  tags,
  security,
  summary: 'Applies the dropdown’s whole list of (job, trigger stages): it replaces the mapping',
  request: { params, headers: ifMatch, body: { ...jsonContent(applyMappingRequestSchema), required: true } },
  responses: { 200: { description: 'The mapping as applied', headers: etagHeader, ...jsonContent(mappingSchema) }, ...problemsOf(404, 412, 413, 428) },
});
const removeMapping = createRoute({
  method: 'delete',
  path: '/interviews/{interviewId}/mapping',
  tags,
  security,
  summary: 'Disconnects every job from the interview',
  request: { params, headers: ifMatch },
  responses: { 204: { description: 'Removed' }, ...problemsOf(404, 412, 428) },
});

const etagOf = (revision: number) => `"${revision}"`;

/** `"3"`, `W/"3"` or `3` → 3; absent → undefined; anything else is a 400 naming the header. */
export function revisionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = ifMatchPattern.exec(header);
  if (!match) throw new ValidationError('the If-Match header', [{ path: 'If-Match', message: 'must be the ETag of the mapping as read, e.g. "3"' }]);
  return Number(match[1]);
}

/** The jobs and their trigger stages must be this tenant's, as synced from SR. */
async function checkAgainstSyncedJobs(readModels: ReadModels, tenantId: string, body: ApplyMappingRequest): Promise<void> {
  const issues: FieldIssue[] = [];
  await Promise.all(
    body.jobs.map(async (job, index) => {
      const [found, stages] = await Promise.all([readModels.collections.jobs.get(tenantId, job.jobId), offeredStagesOf(readModels, tenantId, job.jobId)]);
      if (!found) {
        issues.push({ path: `jobs.${index}.jobId`, message: `no job ${job.jobId} is synced for this tenant` });
        return;
      }
      // The stages offered for the job: a step of another hiring process is refused (SR would refuse the move).
      const known = new Set((stages ?? []).map((s) => `${s.status}\u0000${s.subStatus ?? ''}`));
      job.triggerStages.forEach((stage, stageIndex) => {
        if (!known.has(`${stage.status}\u0000${stage.subStatus ?? ''}`)) {
          issues.push({ path: `jobs.${index}.triggerStages.${stageIndex}`, message: `${stage.status}${stage.subStatus ? `/${stage.subStatus}` : ''} is not a stage of job ${job.jobId}` });
        }
      });
    }),
  );
  if (issues.length > 0) throw new ValidationError('the mapping', issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true })));
}

/** `/interviews/{interviewId}/mapping`: read from the `mappings` read model, changed through the `interviewMapping` decider. */
export function mappingsRoutes({ eventStore, readModels, clock }: MappingsRoutesDeps) {
  const run = async (command: InterviewMappingCommand) => {
    try {
      return await handleCommand(eventStore, streams.interviewMapping(command.metadata.tenantId, command.data.interviewId), interviewMappingDecider, command);
    } catch (error) {
      if (error instanceof DomainRuleViolation && error.rule === 'revision_required') throw new PreconditionRequiredError(error.message, { cause: error });
      if (error instanceof DomainRuleViolation && error.rule === 'revision_mismatch') throw new PreconditionFailedError(error.message, { cause: error });
      throw error;
    }
  };
  const answer = (c: Context, body: MappingBody) => {
    c.header('ETag', etagOf(body.revision));
    return checked(mappingSchema, body);
  };

  return resourceApp()
    .openapi(getMapping, async (c) => {
      const { tenantId } = callerOf(c);
      const { interviewId } = c.req.valid('param');
      const found = await (await readModels()).collections.mappings.get(tenantId, interviewId);
      if (!found) throw new NotFoundError(`interview ${interviewId} has no mapping`);
      const { revision, jobs, appliedBy, appliedAt } = found.data;
      return c.json(answer(c, { interviewId, revision, jobs, appliedBy, appliedAt }), 200);
    })
    .openapi(applyMapping, async (c) => {
      const { tenantId, userId } = callerOf(c);
      const { interviewId } = c.req.valid('param');
      const expectedRevision = revisionFromIfMatch(c.req.valid('header')['if-match']);
      const body = c.req.valid('json');
      await checkAgainstSyncedJobs(await readModels(), tenantId, body);
      const jobs: MappedJob[] = body.jobs.map(({ jobId, triggerStages, backfill }) => ({ jobId, triggerStages, backfill: backfill ?? false }));
      const metadata = requestMetadata(c, tenantId, clock);
      const result = await run({ type: 'ApplyInterviewMapping', data: { interviewId, jobs, appliedBy: userId, expectedRevision }, metadata });
      const body200: MappingBody = {
        interviewId,
        revision: result.revision ?? 0,
        jobs: result.state.jobs,
        appliedBy: result.appended.length > 0 ? userId : null,
        appliedAt: result.appended.length > 0 ? metadata.observedAt : null,
      };
      return c.json(answer(c, body200), 200);
    })
    .openapi(removeMapping, async (c) => {
      const { tenantId, userId } = callerOf(c);
      const { interviewId } = c.req.valid('param');
      const expectedRevision = revisionFromIfMatch(c.req.valid('header')['if-match']);
      const result = await run({ type: 'RemoveInterviewMapping', data: { interviewId, removedBy: userId, expectedRevision }, metadata: requestMetadata(c, tenantId, clock) });
      if (result.appended.length === 0) throw new NotFoundError(`interview ${interviewId} has no mapping`);
      return c.body(null, 204);
    });
}
