import type { KeyRingConfig } from '../crypto/key-ring';

/** A deterministic 32-byte key per key id, for tests only: the same id always gets the same key. */
export function testKey(keyId: string): string {
  const bytes = Buffer.alloc(32);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (keyId.charCodeAt(i % keyId.length) * 31 + i * 7) & 0xff;
  return bytes.toString('base64');
}

/** A ring holding `keyIds` (default: just the current one), each with its {@link testKey}. */
export const testKeyRing = (currentKeyId = 'k1', keyIds: string[] = [currentKeyId]): KeyRingConfig => ({
  currentKeyId,
  keys: Object.fromEntries(keyIds.map((id) => [id, testKey(id)])),
});
