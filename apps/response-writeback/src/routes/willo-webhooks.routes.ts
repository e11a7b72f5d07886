import { randomUUID } from 'node:crypto';
import { ForbiddenError, TransientError, ValidationError } from '@srw/errors';
import { participantWithInterview, verifyWebhookDelivery, WilloNotConfiguredError, type WilloParticipant } from '@srw/willo';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { hasResponded, inviteStreamOf, recordResponse } from '../record-response';
import type { Clock, ResponseWritebackPorts } from '../ports';

export type WilloWebhooksDeps = Pick<ResponseWritebackPorts, 'eventStore' | 'willoFor' | 'webhookSecretFor' | 'logger'> & { clock: Clock };

/** A stream id part: what `streams.invite` accepts as the tenant. */
const tenantIdPattern = /^[^\s:/]{1,200}$/;

/**
 * `POST /webhooks/willo/:tenantId`: Willo's deliveries for the tenant's organisation, each verified
 * with the signing secret of the tenant's subscription (a missing, wrong or stale signature, or a
 * tenant with no subscription: 401 problem+json, nothing appended, and Willo retries). `new_response`
 * appends `ResponseReceived` on the participant's invite stream, once however often it is delivered;
 * every other trigger, and a participant that is not one of our invites, is acknowledged and ignored
 * (2xx), since a retry could not change it. Answers `{ outcome, reason? }`.
 */
export function willoWebhooksRoutes(deps: WilloWebhooksDeps): Hono {
  const app = new Hono();
  app.post('/:tenantId', async (c) => {
    const tenantId = c.req.param('tenantId');
    if (!tenantIdPattern.test(tenantId)) {
      throw new ValidationError('Willo webhook', [{ path: 'tenantId', message: 'must be a tenant id (no spaces, ":" or "/")' }]);
    }
    const secret = deps.webhookSecretFor(tenantId);
    const rawBody = await c.req.text();
    if (!secret) throw unauthorized('no Willo subscription is known for this tenant');
    let payload;
    let deliveryId: string | undefined;
    try {
      ({ payload, deliveryId } = verifyWebhookDelivery({ rawBody, headers: c.req.raw.headers, secret, now: deps.clock.now() }));
    } catch (error) {
      if (error instanceof ForbiddenError) throw unauthorized(error.message);
      // Signed by Willo, but a trigger (or shape) we do not know: acknowledged, or Willo retries it forever.
      if (error instanceof ValidationError && triggerOf(rawBody) !== 'new_response') return ignored(c, 'unknown_trigger');
      throw error;
    }
    if (payload.trigger !== 'new_response') return ignored(c, 'other_trigger');

    const causationId = deliveryId ?? randomUUID();
    const participant = await freshParticipant(deps, tenantId, payload.participant);
    const result = await recordResponse(deps.eventStore, deps.clock, {
      tenantId,
      participant,
      source: 'webhook',
      completedAt: payload.occurredAt,
      causationId,
      correlationId: causationId,
    });
    if (result.outcome === 'ignored') deps.logger?.info('Willo response ignored', { tenantId, reason: result.reason, stream: result.stream });
    else deps.logger?.info('Willo response', { tenantId, outcome: result.outcome, stream: result.stream });
    return c.json(result.outcome === 'ignored' ? { outcome: result.outcome, reason: result.reason } : { outcome: result.outcome }, 202);
  });
  return app;
}

/**
 * Deliveries are at-least-once and may be stale or partial: a payload that does not show our
 * metadata, its interview or the review link is completed from Willo's own record (one call).
 */
async function freshParticipant(deps: WilloWebhooksDeps, tenantId: string, delivered: WilloParticipant): Promise<WilloParticipant> {
  if (inviteStreamOf(delivered) && delivered.interviewKey !== undefined && hasResponded(delivered)) return delivered;
  let willo;
  try {
    willo = await deps.willoFor(tenantId);
  } catch (error) {
    // The tenant removed its key (and there is no fallback): a 503, so Willo delivers again, when a saved key can read it.
    if (error instanceof WilloNotConfiguredError) throw new TransientError(`tenant ${tenantId} has no Willo credentials to read the participant with`, { cause: error });
    throw error;
  }
  const read = await willo.participants.get(delivered.key);
  return participantWithInterview(willo.participants, read);
}

function triggerOf(rawBody: string): unknown {
  try {
    return (JSON.parse(rawBody) as { trigger?: unknown } | null)?.trigger;
  } catch {
    return undefined;
  }
}

const unauthorized = (message: string) => new HTTPException(401, { message: `Willo webhook refused: ${message}` });

const ignored = (c: { json: (body: object, status: 202) => Response }, reason: string) => c.json({ outcome: 'ignored', reason }, 202);
