/**
 * A refresher in its own process, for the cross-process race of the vault adapters: reads the
 * tenant's grant and swaps it from the refresh token it read, `attempts` times, as a replica of
 * connector-auth would. Prints `ready`, waits for a line on stdin, then one line per attempt: `won <new version>` or `lost`.
 * Usage: tsx swapper-process.ts sqlite <file> <tenant> <attempts>
 *        tsx swapper-process.ts mongo <url> <tenant> <attempts> <database> <collection>
 */
import { TokenCipher } from '../crypto/token-cipher';
import { SqliteTokenVault } from '../token-vault/embedded/sqlite-token-vault';
import type { TokenVault } from '../token-vault/token-vault.port';
import { testKeyRing } from './test-keys';

const [kind, location, tenant, attempts, database, collection] = process.argv.slice(2) as [string, string, string, string, string?, string?];
const cipher = TokenCipher.fromConfig(testKeyRing());

async function openVault(): Promise<TokenVault> {
  if (kind === 'sqlite') return new SqliteTokenVault(location, cipher);
  // Loaded only for this kind, so the SQLite race never needs the driver.
  const { MongoTokenVault } = await import('../token-vault/mongo/mongo-token-vault');
  return MongoTokenVault.connect(location, cipher, { database: database!, collection: collection! });
}

const vault = await openVault();
// A barrier across processes: say ready, then start only when the parent says go (all are ready).
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();
for (let i = 0; i < Number(attempts); i++) {
  const current = await vault.read(tenant);
  if (!current) throw new Error(`no grant for ${tenant}`);
  const next = { accessToken: `AT-${process.pid}-${i}`, refreshToken: `RT-${process.pid}-${i}`, expiresAt: i, scopes: [] };
  const won = await vault.compareAndSwap(tenant, current.refreshToken, next);
  process.stdout.write(won ? `won ${current.version + 1}\n` : 'lost\n');
}
await vault.close();
