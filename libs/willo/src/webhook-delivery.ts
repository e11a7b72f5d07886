import { createHmac, timingSafeEqual } from 'node:crypto';
import { ForbiddenError, parseWith, UpstreamError, ValidationError } from '@srw/errors';
import { z } from 'zod';
import { webhookSigning } from './willo-settings';
import type { WilloParticipants } from './participants';
import { participantWire, webhookTriggers, type WilloParticipant } from './willo-wire';

/**
 * ASSUMED delivery payloads (the reference models none): the trigger, when it happened, and the
 * participant as `GET /participants/{key}/` shows it. Only the participant's `key` is required: when
 * Willo leaves out its `interview`, the payload still parses (refusing it would make Willo retry the
 * delivery forever) with `participant.interviewKey` undefined; {@link participantWithInterview} then
 * reads it through the API. Handlers should still re-read the participant: deliveries are at-least-once
 * and may be stale.
 */
const newResponsePayload = z.object({
  trigger: z.literal('new_response'),
  created: z.string().nullish(),
  participant: participantWire,
});
const stageChangePayload = z.object({
  trigger: z.literal('stage_change'),
  created: z.string().nullish(),
  previous_stage: z.string().nullish(),
  participant: participantWire,
});
const otherPayload = z.object({
  trigger: z.enum(webhookTriggers.filter((t) => t !== 'new_response' && t !== 'stage_change') as [
    'new_comment',
    'new_score',
  ]),
  created: z.string().nullish(),
  participant: z.object({ key: z.string().min(1) }).loose().nullish(),
});

export const webhookPayloadSchema = z
  .discriminatedUnion('trigger', [newResponsePayload, stageChangePayload, otherPayload])
  .transform((p) => {
    switch (p.trigger) {
      case 'new_response':
        return { trigger: p.trigger, occurredAt: p.created ?? undefined, participant: p.participant };
      case 'stage_change':
        return {
          trigger: p.trigger,
          occurredAt: p.created ?? undefined,
          previousStage: p.previous_stage ?? undefined,
          participant: p.participant,
        };
      default:
        return { trigger: p.trigger, occurredAt: p.created ?? undefined, participantKey: p.participant?.key };
    }
  });
export type WilloWebhookPayload = z.output<typeof webhookPayloadSchema>;
export type WilloNewResponse = Extract<WilloWebhookPayload, { trigger: 'new_response' }>;
export type WilloStageChange = Extract<WilloWebhookPayload, { trigger: 'stage_change' }>;

/** Parses a delivery body (already verified) into our payload type; `ValidationError` names the field. */
export function parseWebhookPayload(body: unknown): WilloWebhookPayload {
  return parseWith(webhookPayloadSchema, body, 'Willo webhook payload');
}

/** A participant whose interview is known. */
export type WilloParticipantWithInterview = WilloParticipant & { interviewKey: string };

/**
 * The delivered participant with its interview: as delivered when the payload names it, otherwise read
 * with `participants.get` (one API call). Throws `UpstreamError` when even Willo's own record does not
 * say, and whatever `get` throws (`NotFoundError` for a participant deleted since).
 */
export async function participantWithInterview(
  participants: Pick<WilloParticipants, 'get'>,
  participant: WilloParticipant,
): Promise<WilloParticipantWithInterview> {
  if (hasInterview(participant)) return participant;
  const read = await participants.get(participant.key);
  if (hasInterview(read)) return read;
  throw new UpstreamError('Willo GET /participants/{key}/: the participant names no interview', 200);
}

const hasInterview = (p: WilloParticipant): p is WilloParticipantWithInterview => p.interviewKey !== undefined;

/** The signature header value for `rawBody`, as we assume Willo computes it. */
export function signWebhookBody(secret: string, rawBody: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, `${unixSeconds}.${rawBody}`)}`;
}

export interface WebhookDeliveryInput {
  /** The body exactly as received: verification is over bytes, not over re-serialised JSON. */
  rawBody: string;
  headers: Headers | Record<string, string | undefined>;
  /** The secret of the subscription this delivery claims to be for. */
  secret: string;
  now?: number;
  toleranceSeconds?: number;
}

export interface VerifiedWebhookDelivery {
  /** Same on every retry of one delivery: drop duplicates with it. Undefined when Willo sends none. */
  deliveryId?: string;
  payload: WilloWebhookPayload;
}

/**
 * Verifies a webhook delivery's signature and age, then parses its payload. Throws
 * {@link ForbiddenError} for a missing, malformed, wrong or stale signature (answer 401/403 and let
 * Willo retry), and `ValidationError` for a well-signed body of an unexpected shape or an empty secret.
 */
export function verifyWebhookDelivery(input: WebhookDeliveryInput): VerifiedWebhookDelivery {
  // An empty key is a key anyone can sign with: a missing secret in our config must fail closed.
  if (input.secret === '') {
    throw new ValidationError('Willo webhook verification', [{ path: 'secret', message: 'must not be empty' }]);
  }
  const header = headerValue(input.headers, webhookSigning.signatureHeader);
  if (header === undefined) throw new ForbiddenError('Willo webhook: signature header missing');
  const parts = new Map(
    header.split(',').map((part) => {
      const [name, ...value] = part.trim().split('=');
      return [name ?? '', value.join('=')] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const signature = parts.get('v1');
  if (!Number.isInteger(timestamp) || signature === undefined || !/^[0-9a-f]{64}$/.test(signature)) {
    throw new ForbiddenError('Willo webhook: signature header malformed');
  }
  const expected = hmac(input.secret, `${timestamp}.${input.rawBody}`);
  if (!timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(expected, 'hex'))) {
    throw new ForbiddenError('Willo webhook: signature does not match');
  }
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  const tolerance = input.toleranceSeconds ?? webhookSigning.toleranceSeconds;
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    throw new ForbiddenError(`Willo webhook: signed ${nowSeconds - timestamp} s ago, outside ±${tolerance} s`);
  }
  let body: unknown;
  try {
    body = JSON.parse(input.rawBody);
  } catch (error) {
    throw new ValidationError('Willo webhook payload', [{ path: '', message: 'not JSON' }], { cause: error });
  }
  const deliveryId = headerValue(input.headers, webhookSigning.deliveryHeader);
  return { ...(deliveryId === undefined ? {} : { deliveryId }), payload: parseWebhookPayload(body) };
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

function headerValue(headers: WebhookDeliveryInput['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}
