import { isRetryable, parseWith } from '@srw/errors';
import { z } from 'zod';
import type { WilloParticipants, WilloInvite } from './participants';
import { willoInviteSchema } from './participants';
import { backoffDelay } from '@srw/http-kit';
import type { Clock } from './clock';
import { isUnanswered } from './willo-http';
import { metadataKeys, type WilloRetrySettings } from './willo-settings';
import type { WilloParticipant } from './willo-wire';

export interface InviteOnceRequest {
  /** Our idempotency key: the invite stream id. Stored in the participant's metadata. */
  idempotencyKey: string;
  invite: WilloInvite;
}

export interface InviteOnceResult {
  participant: WilloParticipant;
  /**
   * `invited`: this call (or a joined concurrent one with the same idempotency key) sent the invitation, or an earlier attempt with
   * the same idempotency key did. `already-invited`: the email was invited to this interview by
   * someone else (another key, or by hand in Willo); nothing was sent.
   */
  outcome: 'invited' | 'already-invited';
}

const requestSchema = z.object({ idempotencyKey: z.string().min(1), invite: willoInviteSchema });

/**
 * Calls in flight in this process, per (Willo host, interview, email), shared by every client instance:
 * two clients made for the same organisation (a restart of a component, one per request) must join each
 * other's attempt too, or both find nothing and both post.
 */
const inFlight = new Map<string, { idempotencyKey: string; result: Promise<InviteOnceResult> }>();

/**
 * Invites at most once per (interview, email): each attempt first looks for an existing participant and
 * only posts when there is none; a failed lookup or post (5xx, timeout, throttling) is retried the same
 * way, so an invite that Willo recorded before failing is found instead of sent again. Concurrent calls in this
 * process for the same (interview, email), from any client instance for the same host, share one
 * attempt; a joined call with another idempotency key gets `already-invited`, as it would a moment later.
 *
 * A POST that got no answer (timeout, reset) may still be running at Willo, so the next lookup waits
 * `inviteSettleMs` first; an invite that Willo takes even longer to record than that can still be sent twice.
 *
 * Limit: Willo documents no idempotency key, so two *processes* inviting the same email to the same
 * interview at the same instant can still both post. The invite-dispatcher avoids that by handling each
 * invite stream on one consumer (Kafka key order).
 */
export function inviteOnceWith(
  participants: WilloParticipants,
  clock: Clock,
  random: () => number,
  retry: WilloRetrySettings,
  /** The base URL: calls to different Willo hosts never join. */
  host: string,
) {
  return async function inviteOnce(request: InviteOnceRequest): Promise<InviteOnceResult> {
    const { idempotencyKey, invite } = parseWith(requestSchema, request, 'Willo inviteOnce request');
    const slot = [host, invite.interviewKey, invite.email.toLowerCase()].join('\u0000');
    const running = inFlight.get(slot);
    if (running) {
      const joined = await running.result;
      if (running.idempotencyKey === idempotencyKey) return joined;
      const ours = joined.participant.metadata[metadataKeys.idempotencyKey] === idempotencyKey;
      return { ...joined, outcome: ours ? 'invited' : 'already-invited' };
    }
    const result = attemptInvite(idempotencyKey, invite).finally(() => inFlight.delete(slot));
    inFlight.set(slot, { idempotencyKey, result });
    return result;
  };

  async function attemptInvite(idempotencyKey: string, invite: z.output<typeof willoInviteSchema>) {
    const metadata = { ...invite.metadata, [metadataKeys.idempotencyKey]: idempotencyKey };
    for (let attempt = 0; ; attempt++) {
      let posting = false;
      try {
        const [existing] = await participants.findByInterviewAndEmail(invite.interviewKey, invite.email);
        if (existing) {
          const ours = existing.metadata[metadataKeys.idempotencyKey] === idempotencyKey;
          return { participant: existing, outcome: ours ? 'invited' : 'already-invited' } satisfies InviteOnceResult;
        }
        posting = true;
        const participant = await participants.invite({ ...invite, metadata });
        return { participant, outcome: 'invited' } satisfies InviteOnceResult;
      } catch (error) {
        if (!isRetryable(error) || attempt + 1 >= retry.inviteAttempts) throw error;
        // An unanswered POST may still be running at Willo: a lookup right away would miss it and post again.
        const settleMs = posting && isUnanswered(error) ? retry.inviteSettleMs : 0;
        await clock.sleep(backoffDelay(attempt, retry, random, settleMs));
      }
    }
  }
}
