import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { srDate } from '../clock';
import { requireScopes } from '../http/auth';
import { srError } from '../http/error-body';
import { decodePageId, encodePageId, intParam, listingOf } from '../http/paging-cursor';
import type { SandboxEnv } from '../http/sandbox-env';
import type { SandboxDeps } from '../sandbox-deps';

interface MessageBody {
  content?: unknown;
  correlationId?: unknown;
  shareWith?: { users?: unknown; hiringTeamOf?: unknown; everyone?: unknown; openNote?: unknown };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * `POST /messages/shares` (notes; `#[CANDIDATE:id]` links them to candidates), `GET /messages`
 * (ADMINISTRATOR only, array body, `Link rel=next`) and `DELETE /messages/shares/{id}`.
 */
export function messagesRoutes(deps: SandboxDeps): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.post('/messages/shares', requireScopes(['messages_write']), async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as MessageBody | undefined;
    const content = body?.content;
    if (typeof content !== 'string' || content.length < 1 || content.length > 10_000) {
      return srError(c, 400, 'INVALID_PARAMETER', 'content must have 1 to 10000 characters');
    }
    const shareWith = body?.shareWith ?? {};
    if (shareWith.openNote === true && shareWith.everyone === true) {
      return srError(c, 400, 'INVALID_VISIBILITY_OPTIONS', 'openNote and everyone cannot both be true');
    }
    const tenant = deps.tenant();
    const hiringTeamOf = strings(shareWith.hiringTeamOf);
    if (hiringTeamOf.some((jobId) => !tenant.jobs.has(jobId))) return srError(c, 400, 'JOB_NOT_FOUND', 'hiringTeamOf names an unknown job');
    const users = strings(shareWith.users);
    if (users.some((id) => !tenant.users.has(id))) return srError(c, 400, 'SHARED_WITH_USERS_NOT_FOUND', 'shareWith.users names an unknown user');
    const mentioned = [...content.matchAll(/@\[USER:([^\]]+)\]/g)].map((m) => m[1] as string);
    if (mentioned.some((id) => !tenant.users.has(id))) return srError(c, 400, 'MENTIONED_USERS_NOT_FOUND', 'a mentioned user does not exist');
    const tagged = [...content.matchAll(/#\[CANDIDATE:([^\]]+)\]/g)].map((m) => m[1] as string);
    const applications = [];
    for (const candidateId of tagged) {
      const candidate = tenant.candidates.get(candidateId);
      if (!candidate) return srError(c, 400, 'NO_ACCESS_TO_CANDIDATE', `No access to candidate ${candidateId}`);
      // Unconfirmed (API-NOTES §7): a note is bound to the tagged candidate's applications on the
      // hiringTeamOf jobs, or to all of the candidate's applications when no job is named.
      const jobIds = hiringTeamOf.length > 0 ? candidate.jobIds.filter((j) => hiringTeamOf.includes(j)) : candidate.jobIds;
      applications.push(...jobIds.map((jobId) => ({ candidateId, jobId })));
    }
    const id = randomUUID();
    const correlation = typeof body?.correlationId === 'string' ? `\n${body.correlationId}` : '';
    tenant.messages.push({
      id,
      content: content + correlation,
      createdOn: deps.clock.now(),
      visibility: shareWith.everyone === true || shareWith.openNote === true ? 'PUBLIC' : 'INTERNAL',
      authorId: c.get('grant').userId,
      applications,
      deleted: false,
    });
    return c.json({ id, shareRequired: false }, 201);
  });

  app.get('/messages', requireScopes(['messages_read']), (c) => {
    const tenant = deps.tenant();
    if (tenant.users.get(c.get('grant').userId)?.role !== 'ADMINISTRATOR') {
      return srError(c, 403, 'PERMISSION_DENIED', 'Fetching messages requires the ADMINISTRATOR role');
    }
    const candidateId = c.req.query('candidateId');
    if (!candidateId) return srError(c, 400, 'INVALID_PARAMETER', 'candidateId is required');
    const jobId = c.req.query('jobId');
    // The spec's 400 codes for an unknown candidate, an unknown job, and no application between them.
    const candidate = tenant.candidates.get(candidateId);
    if (!candidate) return srError(c, 400, 'CANDIDATE_NOT_FOUND', `Candidate ${candidateId} not found`);
    if (jobId !== undefined && !tenant.jobs.has(jobId)) return srError(c, 400, 'JOB_NOT_FOUND', `Job ${jobId} not found`);
    if (jobId !== undefined && !candidate.jobIds.includes(jobId)) return srError(c, 400, 'APPLICATION_NOT_FOUND', 'The candidate has no application for this job');
    const limit = intParam(c.req.query('limit'), 1, 100) ?? 10;
    const pageId = c.req.query('pageId');
    const start = pageId === undefined ? 0 : Number(decodePageId(pageId, listingOf(c.req.url)) ?? Number.NaN);
    if (Number.isNaN(limit) || !Number.isInteger(start) || start < 0) return srError(c, 400, 'INVALID_PAGE_ID', 'pageId is invalid or belongs to another listing or filter');
    const matching = tenant.messages.filter(
      (m) => !m.deleted && m.applications.some((a) => a.candidateId === candidateId && (jobId === undefined || a.jobId === jobId)),
    );
    const page = matching.slice(start, start + limit);
    if (start + limit < matching.length) {
      const next = new URL(c.req.url);
      next.searchParams.set('pageId', encodePageId(listingOf(c.req.url), String(start + limit)));
      c.header('Link', `<${deps.baseUrl()}${next.pathname}${next.search}>; rel="next"`);
    }
    return c.json(
      page.map((m) => ({
        content: m.content,
        createdOn: srDate(m.createdOn),
        visibility: m.visibility,
        authorId: m.authorId,
        context: { applications: m.applications },
      })),
    );
  });

  app.delete('/messages/shares/:id', requireScopes(['messages_manage']), (c) => {
    const message = deps.tenant().messages.find((m) => m.id === c.req.param('id') && !m.deleted);
    if (!message) return srError(c, 404, 'MESSAGE_NOT_FOUND', `Message ${c.req.param('id')} not found`);
    message.deleted = true;
    return c.body(null, 204);
  });
  return app;
}
