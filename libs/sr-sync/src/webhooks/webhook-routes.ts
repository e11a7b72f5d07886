import { ForbiddenError, parseWith, UpstreamError, ValidationError } from '@srw/errors';
import type { EventStore } from '@srw/event-store';
import { problemContentType, type ProblemDetails } from '@srw/runtime';
import { verifySrWebhookSignature, type CandidateDetails, type CandidateSummary, type SmartRecruitersClient } from '@srw/smartrecruiters';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { ObservationWriter, type CandidatePiiProtection } from '../observations';
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
  /**
   * Seals the profile of a candidate the intake sees first (`CandidateObserved`): invite-dispatcher
   * needs the email, and a move SR reports by webhook may be the first we hear of the candidate (the
   * poll lists only candidates in mapped stages, at its interval). Unset: no profile is observed here.
   */
  pii?: CandidatePiiProtection;
  clock: () => Date;
  /** Deliveries whose signed timestamp is further than this from `clock` are refused (replays). Default 5 min. */
  toleranceMs?: number;
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
 *   appended before the 202, so a delivery SR saw acknowledged is in the store. Its id is derived from
 *   the event-id and it is appended at the revision read: a redelivery (SR's retry, a duplicate, in any
 *   order, even concurrently) finds its id in the stream's tail and appends nothing. That needs no
 *   dedupe table, whose "seen" mark and append could disagree after a crash;
 * - SR or the store failing is a 5xx (problem+json): SR retries the same event-id later.
 */
export function srWebhookRoutes(deps: SrWebhookRoutesDeps): Hono {
  const app = new Hono();
  const toleranceMs = deps.toleranceMs ?? 5 * 60_000;

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

    const writer = new ObservationWriter(deps.store, tenant, deps.pii);
    // A redelivery costs no SR call (10 a second per grant, shared with the polls). Only a shortcut:
    // the append below finds the id again, also for a copy racing this one.
    if (await writer.hasWebhookObservation(candidateId, jobId, eventId)) return c.body(null, 202);
    const client = await deps.clientFor(tenant);
    const stage = latestStage(await client.candidates.statusHistory(candidateId, jobId));
    // SR named an application it then shows no stage of: its fault, and a later retry may see it.
    if (!stage) throw new UpstreamError(`SR status history of candidate ${candidateId} on job ${jobId} has no stage`, 502);
    const observedAt = deps.clock().toISOString();
    const metadata = { tenantId: tenant, correlationId: eventId, causationId: eventId, observedAt };
    // The profile first: the stage observation may trigger an invite at once, which needs the email.
    if (deps.pii && !(await writer.hasCandidateProfile(candidateId))) {
      const candidate = await client.candidates.get(candidateId);
      await writer.observeCandidate(
        {
          id: candidateId,
          firstName: candidate.firstName ?? '',
          lastName: candidate.lastName ?? '',
          ...(candidate.email ? { email: candidate.email } : {}),
          createdOn: candidate.createdOn ?? stage.changedOn,
          ...(candidate.updatedOn ? { updatedOn: candidate.updatedOn } : {}),
        },
        metadata,
      );
    }
    await writer.observeApplicationStage(
      { candidateId, jobId, to: stage.to, changedOn: stage.changedOn, source: 'webhook', webhookEventId: eventId },
      metadata,
    );
    return c.body(null, 202);
  });
  return app;
}

/**
 * The detail read as the list item the polls observe: the same profile (names and email; the phone
 * stays out, as the polls cannot see it), so the next poll finds it unchanged and appends nothing.
 */
function asSummary(details: CandidateDetails): CandidateSummary {
  return {
    id: details.id,
    firstName: details.firstName ?? '',
    lastName: details.lastName ?? '',
    ...(details.email === undefined ? {} : { email: details.email }),
    createdOn: details.createdOn ?? details.updatedOn ?? new Date(0).toISOString(),
    ...(details.updatedOn === undefined ? {} : { updatedOn: details.updatedOn }),
  };
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
