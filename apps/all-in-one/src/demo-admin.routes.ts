import { ValidationError } from '@srw/errors';
import type { SrSandbox } from '@srw/sr-sandbox';
import type { WilloClient } from '@srw/willo';
import type { WilloSandbox } from '@srw/willo-sandbox';
import { Hono } from 'hono';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { demoAdmin, demoTenant } from './demo-enable.routes';

/** How the demo's sign-in signs: config-api's own HS256 settings, with the secret generated for this DATA_DIR. */
export interface DemoSignIn {
  secret: string;
  issuer: string;
  audience: string;
  tenantClaim: string;
  userClaim: string;
}

export interface DemoAdminDeps {
  /**
   * Undefined when the demo cannot sign in: a secret of the environment belongs to the real Willo
   * frontend and is never used to mint tokens here (see {@link demoSignInOf}).
   */
  signIn: DemoSignIn | undefined;
  sandboxes(): { sr: SrSandbox; willo: WilloSandbox };
  /** The Willo sandbox's demo organisation, through our own client. */
  willo(): WilloClient;
  now(): number;
}

/** Short-lived: the page renews it a minute before it ends. */
export const demoTokenSeconds = 15 * 60;

const moveBody = z.object({
  candidateId: z.string().min(1).max(200),
  jobId: z.string().min(1).max(200),
  status: z.string().min(1).max(40),
  subStatus: z.string().min(1).max(200).nullable().optional(),
});
const completionBody = z.object({ participantKey: z.string().min(1).max(200) });

async function jsonBody<S extends z.ZodType>(c: { req: { header(name: string): string | undefined; json(): Promise<unknown> } }, schema: S, what: string): Promise<z.output<S>> {
  // A JSON content type: a form another site posts cannot reach these without CORS's preflight.
  if (!c.req.header('content-type')?.startsWith('application/json')) throw new ValidationError(what, [{ path: 'content-type', message: 'must be application/json' }]);
  const parsed = schema.safeParse(await c.req.json().catch(() => undefined));
  if (!parsed.success) throw new ValidationError(what, parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message })));
  return parsed.data;
}

/**
 * The demo's side doors for the admin page (`/demo`, mounted only in demo mode: both sandboxes, no
 * real SR or Willo credentials): a sign-in that mints a short-lived config-api token of the demo
 * tenant's admin, and the other actors of the story, the SR recruiter (moves through the SR sandbox's
 * control API over HTTP) and the candidate (completes through the Willo sandbox's).
 */
export function demoAdminRoutes(deps: DemoAdminDeps): Hono {
  const app = new Hono();
  if (deps.signIn) {
    const signIn = deps.signIn;
    const key = new TextEncoder().encode(signIn.secret);
    app.post('/session', async (c) => {
      const issuedAt = Math.floor(deps.now() / 1000);
      const expiresAt = issuedAt + demoTokenSeconds;
      const token = await new SignJWT({ [signIn.tenantClaim]: demoTenant, [signIn.userClaim]: demoAdmin })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(signIn.issuer)
        .setAudience(signIn.audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return c.json({ token, expiresAt: new Date(expiresAt * 1000).toISOString(), tenantId: demoTenant, userId: demoAdmin }, 200, { 'cache-control': 'no-store' });
    });
  }
  app.get('/interviews', async (c) => {
    const interviews = await deps.willo().interviews.list();
    return c.json({ items: interviews.map((i) => ({ key: i.key, title: i.title ?? i.key })) });
  });
  app.get('/recruiter/candidates', (c) => {
    const jobId = c.req.query('jobId');
    if (!jobId) throw new ValidationError('the query', [{ path: 'jobId', message: 'required' }]);
    const tenant = deps.sandboxes().sr.control.tenant();
    const items = [...tenant.applications.values()]
      .filter((a) => a.jobId === jobId)
      .slice(0, 100)
      .map((a) => {
        const candidate = tenant.candidates.get(a.candidateId);
        return { candidateId: a.candidateId, name: candidate ? `${candidate.firstName} ${candidate.lastName}` : a.candidateId, status: a.status, subStatus: a.subStatus ?? null };
      });
    return c.json({ items });
  });
  app.post('/recruiter/moves', async (c) => {
    const move = await jsonBody(c, moveBody, 'the move');
    const { subStatus, ...rest } = move;
    const answer = await fetch(`${deps.sandboxes().sr.url}/_control/move`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...rest, ...(subStatus ? { subStatus } : {}) }),
    });
    const body = (await answer.json()) as Record<string, unknown>;
    if (!answer.ok) throw new ValidationError('the move', [{ path: 'status', message: `SmartRecruiters refused it: ${JSON.stringify(body)}` }]);
    return c.json(body);
  });
  app.get('/candidate/invitations', async (c) => {
    const { willo } = deps.sandboxes();
    const { results } = (await (await fetch(`${willo.url}/_control/invitations`)).json()) as { results: { participantKey: string; interview: string; email?: string }[] };
    const items = await Promise.all(
      results.map(async (i) => {
        const participant = await deps.willo().participants.get(i.participantKey);
        const name = [participant.firstName, participant.lastName].filter(Boolean).join(' ') || i.email || i.participantKey;
        return { participantKey: i.participantKey, interview: i.interview, name, completed: Boolean(participant.reviewUrl) };
      }),
    );
    return c.json({ items });
  });
  app.post('/candidate/completions', async (c) => {
    const { participantKey } = await jsonBody(c, completionBody, 'the completion');
    const answer = await fetch(`${deps.sandboxes().willo.url}/_control/participants/${encodeURIComponent(participantKey)}/complete`, { method: 'POST' });
    const body = (await answer.json()) as Record<string, unknown>;
    if (!answer.ok) throw new ValidationError('the completion', [{ path: 'participantKey', message: String(body['detail'] ?? `Willo answered ${answer.status}`) }]);
    return c.json({ completed: true });
  });
  return app;
}
