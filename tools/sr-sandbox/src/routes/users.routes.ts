import { Hono } from 'hono';
import { srDate } from '../clock';
import { requireScopes } from '../http/auth';
import { srError } from '../http/error-body';
import { dateParam, decodePageId, encodePageId, indexAfter, intParam, listingOf } from '../http/paging-cursor';
import type { SandboxEnv } from '../http/sandbox-env';
import type { SandboxDeps } from '../sandbox-deps';
import type { SbUser } from '../state/tenant';

/**
 * Users API (`/user-api/v201804`): `GET /users`, `/users/me`, `/users/{id}`. The spec shows `offset`
 * while the docs show `nextPageId`; both are accepted (a `pageId` wins over `offset`), and
 * `nextPageId` is answered unless the `usersNextPageId` setting is off.
 */
export function usersRoutes(deps: SandboxDeps): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const view = (user: SbUser) => ({
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role,
    systemRole: { id: user.role, name: user.role.charAt(0) + user.role.slice(1).toLowerCase() },
    active: user.active,
    updatedOn: srDate(user.updatedOn),
    language: { code: 'en' },
  });

  app.get('/users', requireScopes(['users_read']), (c) => {
    const q = c.req.query();
    const limit = intParam(q['limit'], 1, 100) ?? 100;
    const offset = intParam(q['offset'], 0, 10_000_000) ?? 0;
    const updatedAfter = dateParam(q['updatedAfter']);
    if ([limit, offset, updatedAfter].some((n) => Number.isNaN(n))) return srError(c, 400, 'INVALID_PARAMETER', 'invalid query');
    if (q['q'] !== undefined && q['q'].length < 3) return srError(c, 400, 'INVALID_PARAMETER', 'q needs at least 3 characters');
    const after = q['pageId'] === undefined ? undefined : decodePageId(q['pageId'], listingOf(c.req.url));
    if (q['pageId'] !== undefined && after === undefined) return srError(c, 400, 'INVALID_PAGE_ID', 'pageId is invalid or belongs to another listing or filter');
    const text = q['q']?.toLowerCase();
    const users = [...deps.tenant().users.values()]
      .filter((u) => (updatedAfter === undefined || u.updatedOn > updatedAfter) && (!text || `${u.firstName} ${u.lastName} ${u.email}`.toLowerCase().includes(text)))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const start = after !== undefined ? indexAfter(users.map((u) => u.id), after) : offset;
    const page = users.slice(start, start + limit);
    const body: Record<string, unknown> = { limit, offset: after !== undefined ? 0 : offset, totalFound: users.length, content: page.map(view) };
    if (deps.settings.usersNextPageId && start + limit < users.length) body['nextPageId'] = encodePageId(listingOf(c.req.url), (page[page.length - 1] as SbUser).id);
    return c.json(body);
  });

  app.get('/users/me', requireScopes(['user_me_read'], ['users_read']), (c) => {
    const user = deps.tenant().users.get(c.get('grant').userId);
    if (!user) return srError(c, 404, 'USER_NOT_FOUND', 'The granting user no longer exists');
    return c.json(view(user));
  });

  app.get('/users/:id', requireScopes(['users_read']), (c) => {
    const user = deps.tenant().users.get(c.req.param('id'));
    if (!user) return srError(c, 404, 'USER_NOT_FOUND', `User ${c.req.param('id')} not found`);
    return c.json(view(user));
  });
  return app;
}
