/**
 * When the safety net asks Willo again about an invited participant who has not responded (the
 * webhook is the fast path; this catches dropped deliveries). The first check comes `firstCheckMs`
 * after the invite, then the wait doubles with every unanswered check up to `maxIntervalMs`, so a
 * participant who never answers costs a few calls a day, not one per tick.
 */
export interface ResponsePollSchedule {
  firstCheckMs: number;
  maxIntervalMs: number;
}

export const defaultResponsePollSchedule: ResponsePollSchedule = { firstCheckMs: 60_000, maxIntervalMs: 6 * 60 * 60_000 };

export interface PollHistory {
  /** Epoch ms of the invite. */
  invitedAt: number;
  /** Unanswered checks so far. */
  checks: number;
  /** Epoch ms of the last check; undefined when none is known (e.g. after a restart). */
  lastCheckedAt: number | undefined;
}

/** Epoch ms at which the next check is due. */
export function nextResponseCheckAt(history: PollHistory, schedule: ResponsePollSchedule = defaultResponsePollSchedule): number {
  if (history.lastCheckedAt === undefined) return history.invitedAt + schedule.firstCheckMs;
  const wait = Math.min(schedule.maxIntervalMs, schedule.firstCheckMs * 2 ** Math.min(history.checks, 30));
  return history.lastCheckedAt + wait;
}
