import { randomUUID } from 'node:crypto';
import { RateLimitedError } from '@srw/errors';
import { defaultResponsePollSchedule, nextResponseCheckAt, type ResponsePollSchedule } from '@srw/domain';
import { readInvite } from '../invite-state';
import type { Clock, ResponseWritebackPorts } from '../ports';
import { recordResponse } from '../record-response';
import { pendingTenantsScope, type PendingResponse, type PendingResponses } from './pending-responses';

export interface ResponsePollOptions {
  schedule?: ResponsePollSchedule;
  /**
   * Willo calls one round may make (default 20). With the default interval that is at most 40 calls a
   * minute, well inside Willo's 100 per minute per organisation that invite-dispatcher shares.
   */
  maxChecksPerRound?: number;
  /** Between rounds (default 30 s). */
  intervalMs?: number;
}

export interface PollRound {
  /** Participants asked of Willo. */
  checked: number;
  /** Responses this round recorded (the webhook had not). */
  recorded: number;
  /** Invites found answered in their stream already, skipped without a call. */
  settled: number;
}

type Ports = Pick<ResponseWritebackPorts, 'eventStore' | 'willoFor' | 'logger'>;

/**
 * The safety net under the `new_response` webhook: works through the invites Willo holds without a
 * recorded response (`pendingResponses`, oldest first), asks Willo for each one that is due
 * (`participants.get`) and records the response of a participant who completed. Each invite's checks
 * back off (`nextResponseCheckAt`), and a round makes at most `maxChecksPerRound` calls; the Willo
 * client's limiter keeps every call inside the organisation's quotas, and a throttled round ends early.
 * The check history is in memory: after a restart every pending invite is due once, paced the same way.
 */
export class ResponsePoller {
  private readonly history = new Map<string, { checks: number; lastCheckedAt: number }>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> | undefined;
  private stopped = false;
  private readonly schedule: ResponsePollSchedule;
  private readonly maxChecks: number;
  private readonly intervalMs: number;

  constructor(
    private readonly ports: Ports,
    private readonly clock: Clock,
    private readonly model: () => Promise<PendingResponses>,
    options: ResponsePollOptions = {},
  ) {
    this.schedule = options.schedule ?? defaultResponsePollSchedule;
    this.maxChecks = options.maxChecksPerRound ?? 20;
    this.intervalMs = options.intervalMs ?? 30_000;
  }

  /** One round over every tenant's pending invites. */
  async pollOnce(): Promise<PollRound> {
    const round: PollRound = { checked: 0, recorded: 0, settled: 0 };
    const { tenants, responses } = await this.model();
    let tenantCursor: string | undefined;
    do {
      const tenantPage = await tenants.find(pendingTenantsScope, { limit: 500, ...(tenantCursor ? { cursor: tenantCursor } : {}) });
      for (const { id: tenantId } of tenantPage.items) {
        let cursor: string | undefined;
        do {
          const page = await responses.find(tenantId, { sort: { field: 'invitedAt', direction: 'asc' }, limit: 200, ...(cursor ? { cursor } : {}) });
          for (const { data } of page.items) {
            if (round.checked >= this.maxChecks) return round;
            if (!this.isDue(data)) continue;
            if (!(await this.check(tenantId, data, round))) return round;
          }
          cursor = page.nextCursor;
        } while (cursor);
      }
      tenantCursor = tenantPage.nextCursor;
    } while (tenantCursor);
    return round;
  }

  /** Rounds every `intervalMs` until `stop()`. */
  start(): void {
    this.stopped = false;
    const next = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        this.round = this.pollOnce()
          .catch((error: unknown) => this.ports.logger?.warn('response poll round failed', { error: String(error) }))
          .finally(next);
      }, this.intervalMs);
    };
    next();
  }

  /** Stops the rounds; resolves once a running round ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round;
  }

  private isDue(pending: PendingResponse): boolean {
    const seen = this.history.get(pending.stream);
    const invitedAt = Date.parse(pending.invitedAt);
    const dueAt = nextResponseCheckAt({ invitedAt, checks: seen?.checks ?? 0, lastCheckedAt: seen?.lastCheckedAt }, this.schedule);
    return dueAt <= this.clock.now();
  }

  /** False when the round should end (Willo throttles us). */
  private async check(tenantId: string, pending: PendingResponse, round: PollRound): Promise<boolean> {
    const now = this.clock.now();
    // The webhook, or a response recorded before InviteSent, may have settled it (and a stream this
    // store does not hold cannot take a response): no call needed.
    const { state } = await readInvite(this.ports.eventStore, pending.stream);
    if (state.response || !state.request) {
      this.history.set(pending.stream, { checks: Number.MAX_SAFE_INTEGER, lastCheckedAt: Number.POSITIVE_INFINITY });
      round.settled++;
      return true;
    }
    round.checked++;
    const seen = this.history.get(pending.stream);
    this.history.set(pending.stream, { checks: (seen?.checks ?? 0) + 1, lastCheckedAt: now });
    try {
      const participant = await (await this.ports.willoFor(tenantId)).participants.get(pending.willoParticipantId);
      const causationId = randomUUID();
      const result = await recordResponse(this.ports.eventStore, this.clock, { tenantId, participant, source: 'poll', stream: pending.stream, causationId, correlationId: causationId });
      if (result.outcome === 'recorded') {
        round.recorded++;
        this.ports.logger?.info('Willo response found by the poll', { tenantId, stream: pending.stream });
      } else if (result.outcome === 'ignored' && result.reason !== 'not_completed') {
        this.ports.logger?.warn('polled participant ignored', { tenantId, stream: pending.stream, reason: result.reason });
      }
      return true;
    } catch (error) {
      this.ports.logger?.warn('response poll: Willo check failed', { tenantId, stream: pending.stream, error: String(error) });
      return !(error instanceof RateLimitedError);
    }
  }
}
