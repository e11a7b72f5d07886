import { ValidationError, type FieldIssue } from '@srw/errors';

/**
 * The keys as they come from config: each key id maps to 32 random bytes in base64. `currentKeyId`
 * encrypts; every listed key decrypts, so a key is rotated by adding a new one, making it current,
 * re-encrypting (see `TokenCipher.needsReencryption`) and only then removing the old one.
 */
export interface KeyRingConfig {
  currentKeyId: string;
  keys: Record<string, string>;
}

export interface KeyRing {
  readonly currentKeyId: string;
  /** The key for `keyId`, or undefined when the ring does not know it. */
  key(keyId: string): Buffer | undefined;
  readonly keyIds: readonly string[];
}

export const keyLength = 32;
/** Key ids travel inside ciphertexts, between dots: they must not contain one. */
const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes strict base64 (Node's decoder skips bad characters silently, which would turn a typo into a
 * shorter key). The problem is described without echoing the value: it is a secret.
 */
export function decodeBase64Key(value: unknown, minBytes: number, exactBytes?: number): Buffer | string {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty base64 string';
  if (!base64Pattern.test(value)) return 'is not valid base64';
  const bytes = Buffer.from(value, 'base64');
  if (exactBytes !== undefined && bytes.length !== exactBytes) return `must decode to ${exactBytes} bytes (got ${bytes.length})`;
  if (bytes.length < minBytes) return `must decode to at least ${minBytes} bytes (got ${bytes.length})`;
  return bytes;
}

/** Checks the whole config and throws one {@link ValidationError} listing every problem (never a key's value). */
export function parseKeyRing(config: KeyRingConfig): KeyRing {
  const issues: FieldIssue[] = [];
  const keys = new Map<string, Buffer>();
  const entries = Object.entries(config?.keys ?? {});
  if (entries.length === 0) issues.push({ path: 'keys', message: 'must list at least one key' });
  for (const [keyId, encoded] of entries) {
    if (!keyIdPattern.test(keyId)) issues.push({ path: `keys.${keyId}`, message: 'key id must be 1-32 of A-Z a-z 0-9 _ -' });
    const decoded = decodeBase64Key(encoded, keyLength, keyLength);
    if (typeof decoded === 'string') issues.push({ path: `keys.${keyId}`, message: decoded });
    else keys.set(keyId, decoded);
  }
  if (typeof config?.currentKeyId !== 'string' || config.currentKeyId === '') {
    issues.push({ path: 'currentKeyId', message: 'must name one of the keys' });
  } else if (!(config.currentKeyId in (config.keys ?? {}))) {
    issues.push({ path: 'currentKeyId', message: `"${config.currentKeyId}" is not one of the keys` });
  }
  if (issues.length > 0) throw new ValidationError('token key ring', issues);
  return {
    currentKeyId: config.currentKeyId,
    key: (keyId) => keys.get(keyId),
    keyIds: [...keys.keys()],
  };
}
