/** Time as the scheduler sees it: injected, so specs move it by hand and assert no durations. */
export interface SchedulerClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fire` once, `delayMs` from now (0 or less: as soon as possible); the answer cancels it. */
  setTimer(delayMs: number, fire: () => void): () => void;
}

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimer: (delayMs, fire) => {
    // setTimeout overflows above 2^31-1 ms (about 24.8 days) and would fire at once; re-arming later is harmless.
    const handle = setTimeout(fire, Math.min(Math.max(0, delayMs), 2_147_483_647));
    return () => clearTimeout(handle);
  },
};
