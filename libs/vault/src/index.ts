export { parseKeyRing, type KeyRing, type KeyRingConfig } from './crypto/key-ring';
export { keyRingEnv, keyRingOf, optionalKeyRingEnv, optionalKeyRingOf, refineKeyRing, refineOptionalKeyRing, type KeyRingEnv } from './crypto/key-ring-env';
export { DecryptionError, TokenCipher, type CipherContext } from './crypto/token-cipher';
export * from './token-vault/token-vault.port';
export { SqliteTokenVault } from './token-vault/embedded/sqlite-token-vault';
export { tokenStoreFor, type TenantTokenStore } from './token-vault/tenant-token-store';
export type { NonceStore } from './oauth-state/nonce-store.port';
export { SqliteNonceStore } from './oauth-state/embedded/sqlite-nonce-store';
export {
  OAuthStateError,
  OAuthStateSigner,
  type OAuthStateClaims,
  type OAuthStateFailure,
  type OAuthStateRequest,
  type OAuthStateSignerOptions,
} from './oauth-state/oauth-state-signer';
export {
  CandidateShreddedError,
  type CandidateKey,
  type CandidateKeyStore,
} from './candidate-keys/candidate-key-store.port';
export { SqliteCandidateKeyStore } from './candidate-keys/embedded/sqlite-candidate-key-store';
export { PiiCipher, type PiiContext, type PiiRecord, type SealedPii } from './crypto/pii-cipher';
export { webhookKeysKept, type WebhookKeyStore } from './webhook-keys/webhook-key-store.port';
export { SqliteWebhookKeyStore } from './webhook-keys/embedded/sqlite-webhook-key-store';
export {
  type WilloCredential,
  type WilloCredentialMetadata,
  type WilloCredentialsStore,
} from './willo-credentials/willo-credentials-store.port';
export { SqliteWilloCredentialsStore } from './willo-credentials/embedded/sqlite-willo-credentials-store';
export { openWilloCredentialsStore, type WilloCredentialsLocation } from './willo-credentials/open-willo-credentials-store';
