import { ForbiddenError, parseWith, UpstreamError, ValidationError } from '@srw/errors';
import type { EventStore } from '@srw/event-store';
import { problemContentType, type ProblemDetails } from '@srw/runtime';
import { verifySrWebhookSignature, type SmartRecruitersClient } from '@srw/smartrecruiters';
import { Hono } from 'hono';
import { z } from 'zod';
import { ObservationWriter } from '../observations';
import { latestStage } from './latest-stage';
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
  clock: () => Date;
  /** Deliveries whose signed timestamp is further than this from `clock` are refused (replays). Default 5 min. */
  toleranceMs?: number;
}

/** Stream-id safe, and short: the tenant comes from the URL before anything is verified. */
const tenantParam = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be 1–100 letters, digits, ".", "_" or "-"');

/** API-NOTES §8: application events carry `{job_id, candidate_id, application_id}`. */
const applicationDelivery = z.object({ job_id: z.string().min(1).regex(/^[^:\s]+$/), candidate_id: z.string().min(1).regex(/^[^:\s]+$/) });

const handledEvents: ReadonlySet<string> = new Set(srWebhookEvents);

/**
 * `POST /sr/webhooks/:tenant`, SR's callback for one tenant:
 * - a request with `X-Hook-Secret` is SR's activation handshake: answered 200 with the secret echoed;
 * - a delivery must carry a `smartrecruiters-signature` matching one of the tenant's keys and a
 *   timestamp within tolerance, else 401 problem+json and nothing is read or appended;
 * - an application event becomes one `ApplicationStageObserved` (source `webhook`) per SR `event-id`,
 *   appended before the 202, so a delivery SR saw acknowledged is in the store. Its id is derived from
 *   the event-id and it is appended at the revision read: a redelivery (SR's retry, a duplicate, in any
 *   order, even concurrently) finds its id in the stream's tail and appends nothing. That needs no
 *   dedupe table, whose "seen" mark and append could disagree after a crash;
 * - SR or the store failing is a 5xx (problem+json): SR retries the same event-id later.
 */
export function srWebhookRoutes(deps: SrWebhookRoutesDeps): Hono {
  const app = new Hono();
  const toleranceMs = deps.toleranceMs ?? 5 * 60_000;

  app.post('/sr/webhooks/:tenant', async (c) => {
    const tenant = parseWith(tenantParam, c.req.param('tenant'), 'tenant');
    const handshake = c.req.header('x-hook-secret');
    // Echoing it grants nothing: SR only activates a subscription our own grant created.
    if (handshake !== undefined) return new Response(null, { status: 200, headers: { 'X-Hook-Secret': handshake } });

    const body = await c.req.text();
    try {
      verifySrWebhookSignature({ headers: c.req.raw.headers, body, keys: await deps.keys.keysOf(tenant), now: deps.clock().getTime(), toleranceMs });
    } catch (error) {
      if (error instanceof ForbiddenError) return unauthorized(c.req.path, error.message);
      throw error;
    }

    const eventName = c.req.header('event-name') ?? '';
    // Signed, so SR's: acknowledged, or SR would retry for a day an event we never asked for.
    if (!handledEvents.has(eventName)) return c.body(null, 202);
    const eventId = c.req.header('event-id');
    if (!eventId) throw new ValidationError('SR webhook', [{ path: 'event-id', message: 'is required' }]);
    const { candidate_id: candidateId, job_id: jobId } = parseWith(applicationDelivery, parseJson(body), 'SR webhook body');

    const client = await deps.clientFor(tenant);
    const stage = latestStage(await client.candidates.statusHistory(candidateId, jobId));
    // SR named an application it then shows no stage of: its fault, and a later retry may see it.
    if (!stage) throw new UpstreamError(`SR status history of candidate ${candidateId} on job ${jobId} has no stage`, 502);
    const observedAt = deps.clock().toISOString();
    await new ObservationWriter(deps.store, tenant).observeApplicationStage(
      { candidateId, jobId, to: stage.to, changedOn: stage.changedOn, source: 'webhook', webhookEventId: eventId },
      { tenantId: tenant, correlationId: eventId, causationId: eventId, observedAt },
    );
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

/** 401, not the 403 a `ForbiddenError` maps to: the request did not prove it comes from SR. */
function unauthorized(instance: string, detail: string): Response {
  const problem: ProblemDetails = { type: 'urn:srw:problem:unauthorized', title: 'Unauthorized', status: 401, detail, instance };
  return new Response(JSON.stringify(problem), { status: 401, headers: { 'content-type': problemContentType } });
}
