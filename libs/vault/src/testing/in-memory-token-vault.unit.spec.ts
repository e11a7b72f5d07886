import { InMemoryTokenVault, type InMemoryVaultStorage } from './in-memory-token-vault';
import { tokenVaultContract } from './token-vault.contract';

tokenVaultContract('in-memory twin', () => {
  const storage: InMemoryVaultStorage = new Map();
  return {
    open: async (cipher) => new InMemoryTokenVault(cipher, storage),
    rawDump: async () => JSON.stringify([...storage.entries()]),
  };
});
