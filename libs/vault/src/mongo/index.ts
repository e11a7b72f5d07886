// A separate entry point, so that importing the ports never loads the mongodb driver.
export { MongoTokenVault, type MongoTokenVaultOptions } from '../token-vault/mongo/mongo-token-vault';
export { MongoNonceStore, type MongoNonceStoreOptions } from '../oauth-state/mongo/mongo-nonce-store';
export { MongoCandidateKeyStore, type MongoCandidateKeyStoreOptions } from '../candidate-keys/mongo/mongo-candidate-key-store';
export { MongoWebhookKeyStore, type MongoWebhookKeyStoreOptions } from '../webhook-keys/mongo/mongo-webhook-key-store';
export { MongoWilloCredentialsStore, type MongoWilloCredentialsStoreOptions } from '../willo-credentials/mongo/mongo-willo-credentials-store';
