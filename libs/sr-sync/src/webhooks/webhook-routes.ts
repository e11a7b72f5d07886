import { ForbiddenError, parseWith, ValidationError } from '@srw/errors';
import type { EventStore } from '@srw/event-store';
import { problemContentType, type ProblemDetails } from '@srw/runtime';
import { verifySrWebhookSignature, type SmartRecruitersClient } from '@srw/smartrecruiters';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { ObservationWriter, type CandidatePiiProtection } from '../observations';
import { observeWebhookDelivery, SrReadFailedError } from './observe-delivery';
import { srWebhookEvents } from './ensure-subscription';
import type { SrWebhookKeys } from './webhook-keys';

export interface SrWebhookRoutesDeps {
  store: EventStore;
  keys: SrWebhookKeys;
  /**
   * The tenant's authorised SR client. A delivery names the application but carries no status
   * (API-NOTES §8), so the intake reads the application's status history: one SR call per delivery.
   */
  clientFor(tenant: string): Promise<Pick<SmartRecruitersClient, 'candidates'>>;
  /**
   * Seals the profile of a candidate the intake sees first (`CandidateObserved`): invite-dispatcher
   * needs the email, and a move SR reports by webhook may be the first we hear of the candidate (the
   * poll lists only candidates in mapped stages, at its interval). Unset: no profile is observed here.
   */
  pii?: CandidatePiiProtection;
  clock: () => Date;
  /** Deliveries whose signed timestamp is further than this from `clock` are refused (replays). Default 5 min. */
  toleranceMs?: number;
  /**
   * How long the request may spend reading the stage before the delivery is deferred instead
   * (`ApplicationWebhookDeferred`, observed by sr-poller's deferral consumer). SR allows 5 s for the
   * acknowledgement; default 2 s, leaving the rest for the deferral's append and the network.
   */
  inlineBudgetMs?: number;
}

/**
 * Runs `work` with an abort signal for at most `budgetMs`: 'observed' when it finished in time,
 * 'deadline' when the time ran out (the signal aborts its SR calls), 'failed' when SR failed it;
 * any other error (the store's) is thrown. Work that goes on after the deadline (an append in
 * flight) is left to finish: it is idempotent.
 */
async function withinBudget(budgetMs: number, work: (signal: AbortSignal) => Promise<unknown>): Promise<'observed' | 'deadline' | 'failed'> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => {
      abort.abort(new Error(`the webhook's stage read outlasted its ${budgetMs} ms budget`));
      resolve('deadline');
    }, budgetMs);
  });
  const done = work(abort.signal).then(
    () => 'observed' as const,
    (error: unknown) => {
      if (abort.signal.aborted) return 'deadline' as const;
      if (error instanceof SrReadFailedError) return 'failed' as const;
      throw error;
    },
  );
  // Once the deadline has answered, a late failure of the work has nobody to tell.
  done.catch(() => undefined);
  try {
    return await Promise.race([done, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stream-id safe, and short: the tenant comes from the URL before anything is verified. */
const tenantParam = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be 1–100 letters, digits, ".", "_" or "-"');

/** API-NOTES §8: application events carry `{job_id, candidate_id, application_id}`. */
const applicationDelivery = z.object({ job_id: z.string().min(1).regex(/^[^:\s]+$/), candidate_id: z.string().min(1).regex(/^[^:\s]+$/) });

const handledEvents: ReadonlySet<string> = new Set(srWebhookEvents);

/** Where the routes are mounted: SR's callback for a tenant is `<public base URL>/sr/webhooks/<tenant>`. */
export const srWebhookMountPath = '/sr/webhooks';

/** The callback URL SR is given for `tenant`, under the service's public base URL. */
export const srWebhookCallbackUrl = (publicBaseUrl: string, tenant: string): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}${srWebhookMountPath}/${encodeURIComponent(tenant)}`;

/**
 * `POST /:tenant`, mounted at {@link srWebhookMountPath}: SR's callback for one tenant.
 * - a request with `X-Hook-Secret` is SR's activation handshake: answered 200 with the secret echoed;
 * - a delivery must carry a `smartrecruiters-signature` matching one of the tenant's keys and a
 *   timestamp within tolerance, else 401 problem+json and nothing is read or appended;
 * - an application event becomes one `ApplicationStageObserved` (source `webhook`) per SR `event-id`
 *   (preceded, at the first sight of a candidate and with `pii` given, by their `CandidateObserved`),
 *   or its deferral appended before the 202, so a delivery SR saw acknowledged is in the store. Its id is derived from
 *   the event-id and it is appended at the revision read: a redelivery (SR's retry, a duplicate, in any
 *   order, even concurrently) finds its id in the stream's tail and appends nothing. That needs no
 *   dedupe table, whose "seen" mark and append could disagree after a crash;
 * - the stage is read from SR within `inlineBudgetMs`; when SR is slower than that or fails, the
 *   delivery is queued instead (`ApplicationWebhookDeferred`, once per event-id) and acknowledged: SR
 *   gives 5 s and suspends subscriptions that keep failing, and sr-poller's deferral consumer reads
 *   the stage with the bus's retries. The store failing is a 5xx: SR retries the event-id later.
 */
export function srWebhookRoutes(deps: SrWebhookRoutesDeps): Hono {
  const app = new Hono();
  const toleranceMs = deps.toleranceMs ?? 5 * 60_000;
  const inlineBudgetMs = deps.inlineBudgetMs ?? 2_000;

  // SR's application events are a few ids; the body is read whole before its signature can be checked.
  const limit = bodyLimit({ maxSize: 64 * 1024, onError: (c) => problem(413, 'Content Too Large', c.req.path, 'an SR webhook body is at most 64 KiB') });

  app.post('/:tenant', limit, async (c) => {
    const tenant = parseWith(tenantParam, c.req.param('tenant'), 'tenant');
    const handshake = c.req.header('x-hook-secret');
    // Echoing it grants nothing: SR only activates a subscription our own grant created.
    if (handshake !== undefined) return new Response(null, { status: 200, headers: { 'X-Hook-Secret': handshake } });

    const body = await c.req.text();
    try {
      verifySrWebhookSignature({ headers: c.req.raw.headers, body, keys: await deps.keys.keysOf(tenant), now: deps.clock().getTime(), toleranceMs });
    } catch (error) {
      if (error instanceof ForbiddenError) return problem(401, 'Unauthorized', c.req.path, error.message);
      throw error;
    }

    const eventName = c.req.header('event-name') ?? '';
    // Signed, so SR's: acknowledged, or SR would retry for a day an event we never asked for.
    if (!handledEvents.has(eventName)) return c.body(null, 202);
    const eventId = c.req.header('event-id');
    if (!eventId) throw new ValidationError('SR webhook', [{ path: 'event-id', message: 'is required' }]);
    const { candidate_id: candidateId, job_id: jobId } = parseWith(applicationDelivery, parseJson(body), 'SR webhook body');

    const delivery = { candidateId, jobId, eventId };
    const outcome = await withinBudget(inlineBudgetMs, (signal) => observeWebhookDelivery(deps, tenant, delivery, { signal }));
    if (outcome !== 'observed') {
      // Acknowledged all the same, once the delivery is durably queued: SR counts a late or failed
      // answer as a failure and suspends a subscription that keeps failing.
      const metadata = { tenantId: tenant, correlationId: eventId, causationId: eventId, observedAt: deps.clock().toISOString() };
      await new ObservationWriter(deps.store, tenant, deps.pii).deferWebhookDelivery(candidateId, jobId, eventId, outcome, metadata);
    }
    return c.body(null, 202);
  });
  return app;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new ValidationError('SR webhook body', [{ path: '', message: 'is not JSON' }], { cause: error });
  }
}

/**
 * A problem the shared error handler has no error class for: 401 (a `ForbiddenError` maps to 403, but
 * the request did not prove it comes from SR) and the body limit's 413.
 */
function problem(status: 401 | 413, title: string, instance: string, detail: string): Response {
  const body: ProblemDetails = { type: status === 401 ? 'urn:srw:problem:unauthorized' : 'about:blank', title, status, detail, instance };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': problemContentType } });
}
