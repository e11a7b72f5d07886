/**
 * The sandbox's notion of "now". Tests move it forward to expire tokens or age secret keys without
 * waiting; rate limiting deliberately uses real time instead (it is about real request spacing).
 */
export interface SandboxClock {
  now(): number;
  advance(ms: number): void;
}

export function offsetClock(base: () => number = Date.now): SandboxClock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** SR's date format, `yyyy-MM-ddTHH:mm:ss.SSSZ` (API-NOTES §3). */
export const srDate = (epochMs: number): string => new Date(epochMs).toISOString();
