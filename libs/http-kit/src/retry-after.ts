/** Longer hints are taken as this: a server's wait beyond a day is a fault, not a plan. */
const defaultMaxMs = 86_400_000;

/** RFC 9110 `delay-seconds` is digits; a fraction is accepted too (sandboxes send it to keep tests quick). */
const delaySeconds = /^\d+(\.\d+)?$/;

/**
 * A `Retry-After` header in milliseconds from `now`: delay-seconds or an HTTP-date, never negative,
 * at most `maxMs`. Undefined when absent or unreadable (a hint, so a bad one is ignored, not an error).
 */
export function retryAfterMs(header: string | null | undefined, options: { now?: number; maxMs?: number } = {}): number | undefined {
  const value = header?.trim();
  if (value === undefined || value === '') return undefined;
  const maxMs = options.maxMs ?? defaultMaxMs;
  if (delaySeconds.test(value)) return Math.min(maxMs, Number(value) * 1000);
  // Digits with another shape (`-1`, `1e3`, `0x10`) are not a date either; Date.parse would guess.
  if (/^[-+.\d]/.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.min(maxMs, Math.max(0, date - (options.now ?? Date.now())));
}
