export { barrier } from './barrier';
export { InMemoryNonceStore } from './in-memory-nonce-store';
export { nonceStoreContract, type NonceStoreHarness } from './nonce-store.contract';
export { testKey, testKeyRing } from './test-keys';
export { tokenVaultContract, type TokenVaultHarness } from './token-vault.contract';
export { expectOneWinnerPerVersionAcrossProcesses } from './cross-process-race';
export { InMemoryTokenVault, type InMemoryVaultStorage } from './in-memory-token-vault';
export { candidateKeyStoreContract, type CandidateKeyStoreHarness } from './candidate-key-store.contract';
export { webhookKeyStoreContract, type WebhookKeyStoreHarness } from './webhook-key-store.contract';
