import { createRoute, z } from '@hono/zod-openapi';
import { jobPageSchema, jobsQuerySchema, jobStagesSchema } from '@srw/contracts';
import { NotFoundError } from '@srw/errors';
import { normaliseTitle, type ReadModels } from '@srw/projections';
import type { FindQuery } from '@srw/read-store';
import { callerOf } from '../caller';
import { checked, jsonContent, pageBody, problemsOf, resourceApp } from '../http';
import { offeredStagesOf } from './job-stages';

export interface JobsRoutesDeps {
  readModels: () => Promise<ReadModels>;
}

const tags = ['Jobs'];
const security = [{ bearer: [] }];

const listJobs = createRoute({
  method: 'get',
  path: '/jobs',
  tags,
  security,
  summary: 'The SR jobs for an interview’s dropdown: most recently updated first, searchable by part of the title',
  request: { query: jobsQuerySchema },
  responses: { 200: { description: 'A page of jobs', ...jsonContent(jobPageSchema) }, ...problemsOf() },
});
const jobStages = createRoute({
  method: 'get',
  path: '/jobs/{jobId}/stages',
  tags,
  security,
  summary: 'The stages of a job’s hiring process, in order: what a trigger can be set on',
  description:
    'SR names no hiring process on a job: the steps of every process are listed until a step of the job’s own process is seen on one of its applications, then only that process’s steps (SR refuses a move into another process’s step, so a trigger there would never fire).',
  request: { params: z.object({ jobId: z.string().min(1).max(200) }) },
  responses: { 200: { description: 'The stages', ...jsonContent(jobStagesSchema) }, ...problemsOf(404) },
});

/** `/jobs`: the dropdown's list and a job's stages, from the `jobs` and `hiringStages` read models. */
export function jobsRoutes({ readModels }: JobsRoutesDeps) {
  return resourceApp()
    .openapi(listJobs, async (c) => {
      const { tenantId } = callerOf(c);
      const { q, limit, cursor } = c.req.valid('query');
      // Compared as the read model stores titles: lower case, no accents, single spaces.
      const text = q === undefined ? '' : normaliseTitle(q);
      const query: FindQuery = {
        sort: { field: 'updatedOn', direction: 'desc' },
        limit,
        ...(cursor ? { cursor } : {}),
        ...(text ? { contains: { field: 'titleNormalised', text } } : {}),
      };
      const page = await (await readModels()).collections.jobs.find(tenantId, query);
      return c.json(checked(jobPageSchema, pageBody(page)), 200);
    })
    .openapi(jobStages, async (c) => {
      const { tenantId } = callerOf(c);
      const { jobId } = c.req.valid('param');
      const stages = await offeredStagesOf(await readModels(), tenantId, jobId);
      if (!stages) throw new NotFoundError(`no hiring stages known for job ${jobId}`);
      return c.json(checked(jobStagesSchema, { jobId, stages }), 200);
    });
}
