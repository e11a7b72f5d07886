import { createHash, randomUUID } from 'node:crypto';

/**
 * A UUID derived from the given parts (SHA-256, shaped as an RFC 9562 version 8 UUID), so that a
 * retried append carries the same event id and the store treats it as a repeat.
 */
export function eventIdFor(...parts: readonly string[]): string {
  const hash = createHash('sha256').update(parts.join('\u001f')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const newEventId = (): string => randomUUID();
