import { createRoute } from '@hono/zod-openapi';
import { activityPageSchema, activityQuerySchema } from '@srw/contracts';
import type { ReadModels } from '@srw/projections';
import type { FieldValue } from '@srw/read-store';
import { callerOf } from '../caller';
import { checked, jsonContent, pageBody, problemsOf, resourceApp } from '../http';

export interface ActivityRoutesDeps {
  readModels: () => Promise<ReadModels>;
}


const listActivity = createRoute({
  method: 'get',
  path: '/activity',
  tags: ['Activity'],
  security: [{ bearer: [] }],
  summary: 'The tenant’s timeline, newest first; by interview or candidate',
  request: { query: activityQuerySchema },
  responses: { 200: { description: 'A page of entries', ...jsonContent(activityPageSchema) }, ...problemsOf() },
});

/** `/activity`: the `activity` read model. */
export function activityRoutes({ readModels }: ActivityRoutesDeps) {
  return resourceApp().openapi(listActivity, async (c) => {
    const { tenantId } = callerOf(c);
    const { interviewId, candidateId, limit, cursor } = c.req.valid('query');
    const where: Record<string, FieldValue> = {
      ...(interviewId ? { interviewId } : {}),
      ...(candidateId ? { candidateId } : {}),
    };
    const page = await (await readModels()).collections.activity.find(tenantId, {
      where,
      sort: { field: 'seq', direction: 'desc' },
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return c.json(checked(activityPageSchema, pageBody(page)), 200);
  });
}
