import { Hono } from 'hono';
import { srDate } from '../clock';
import { requireScopes } from '../http/auth';
import { srError } from '../http/error-body';
import { dateParam, decodePageId, encodePageId, intParam, listingOf } from '../http/paging-cursor';
import type { SandboxEnv } from '../http/sandbox-env';
import type { SandboxDeps } from '../sandbox-deps';

const sevenDays = 7 * 86_400_000;

/**
 * Audit API (`/audit-api/v201910`): `GET /audit-events`, oldest first, `nextPageId` while more
 * events match. Without dates the window is the last 7 days. Needs the ADMINISTRATOR role.
 */
/** The spec's `entityType` enum. */
const entityTypes = new Set([
  'USER',
  'CANDIDATE',
  'APPLICATION',
  'OFFER',
  'JOB',
  'COMPANY',
  'JOB_PROPERTY',
  'JOB_AD',
  'CREDENTIAL',
  'REPORT_FILE',
  'ONBOARDING_PROCESS',
]);

export function auditRoutes(deps: SandboxDeps): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.get('/audit-events', requireScopes(['audit_events_read']), (c) => {
    const tenant = deps.tenant();
    if (tenant.users.get(c.get('grant').userId)?.role !== 'ADMINISTRATOR') {
      return srError(c, 403, 'PERMISSION_DENIED', 'Audit events access forbidden. ADMINISTRATOR role is required.');
    }
    const q = c.req.query();
    const limit = intParam(q['limit'], 1, 100) ?? 10;
    const after = dateParam(q['eventDateAfter']);
    const before = dateParam(q['eventDateBefore']);
    if ([limit, after, before].some((n) => Number.isNaN(n))) return srError(c, 400, 'INVALID_PARAMETER', 'invalid query');
    const from = after ?? (before === undefined ? deps.clock.now() - sevenDays : Number.NEGATIVE_INFINITY);
    const names = c.req.queries('eventName');
    const types = c.req.queries('entityType');
    if (types?.some((t) => !entityTypes.has(t))) return srError(c, 400, 'INVALID_PARAMETER', `entityType must be one of ${[...entityTypes].join(', ')}`);
    const entityId = q['entityId'];
    let start = 0;
    if (q['nextPageId'] !== undefined) {
      start = Number(decodePageId(q['nextPageId'], listingOf(c.req.url)) ?? Number.NaN);
      if (!Number.isInteger(start) || start < 0) return srError(c, 400, 'INVALID_PAGE_ID', 'nextPageId is invalid or belongs to another listing or filter');
    }
    const content = [];
    let next: number | undefined;
    const events = tenant.auditEvents;
    for (let i = start; i < events.length; i++) {
      const e = events[i] as (typeof events)[number];
      const matches =
        e.eventDate > from &&
        (before === undefined || e.eventDate < before) &&
        (!names || names.includes(e.eventName)) &&
        (!types || types.includes(e.entityType)) &&
        (entityId === undefined || e.entityId === entityId);
      if (!matches) continue;
      if (content.length === limit) {
        next = i;
        break;
      }
      content.push({ ...e, eventDate: srDate(e.eventDate) });
    }
    const body: Record<string, unknown> = { limit, content };
    // The page id is the position in the append-only log, so it stays valid as events arrive.
    if (next !== undefined) body['nextPageId'] = encodePageId(listingOf(c.req.url), String(next));
    return c.json(body);
  });
  return app;
}
