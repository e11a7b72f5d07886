/**
 * Remembers used nonces, so a signed one-time value (the OAuth `state`) is accepted once. Nonces are
 * random (128 bits), so one store serves every tenant without collisions; a nonce is not a secret once used.
 */
export interface NonceStore {
  /**
   * Records `nonce` as used until `expiresAt` (epoch ms). True for the first claim; false for every
   * later one, concurrent or not, in any process, until it is purged.
   */
  claim(nonce: string, expiresAt: number): Promise<boolean>;
  /** Forgets nonces whose `expiresAt` is at or before `now`; says how many. */
  purgeExpired(now: number): Promise<number>;
  close(): Promise<void>;
}
