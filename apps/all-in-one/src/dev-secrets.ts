import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { KeyRingConfig } from '@srw/vault';
import type { AllInOneConfig } from './config';

/** The secrets connector-auth needs, whether given in the environment or generated for this DATA_DIR. */
export interface ConnectorAuthSecrets {
  keyRing: KeyRingConfig;
  oauthStateKey: string;
  internalServiceToken: string;
}

/** Where they are kept, in DATA_DIR: readable by the owner only. */
export const devSecretsFile = 'dev-secrets.json';

const storedSecrets = z.object({
  vaultKeys: z.record(z.string(), z.string()),
  vaultCurrentKeyId: z.string().min(1),
  oauthStateKey: z.string().min(1),
  internalServiceToken: z.string().min(32),
  /** config-api's HS256 secret for the demo's frontend tokens; absent from files written before it, added at the first start that needs it. */
  configApiJwtSecret: z.string().min(32).optional(),
});
type StoredSecrets = z.infer<typeof storedSecrets>;

type SecretSettings = Pick<AllInOneConfig, 'DATA_DIR' | 'VAULT_KEYS' | 'VAULT_CURRENT_KEY_ID' | 'OAUTH_STATE_KEY' | 'INTERNAL_SERVICE_TOKEN'>;

export interface ResolvedSecrets {
  secrets: ConnectorAuthSecrets;
  /** The file the missing ones came from, and whether this start created it. */
  file?: { path: string; created: boolean };
}

/**
 * connector-auth's secrets for the all-in-one: each one set in the environment wins; the others come
 * from `DATA_DIR/dev-secrets.json`, generated at the first start that needs it (mode 0600, created
 * whole or not at all, so two starts racing agree on one file). A file others can read is refused:
 * it holds the key that decrypts the SR tokens. Nothing here ever logs a value.
 */
export function resolveConnectorAuthSecrets(config: SecretSettings): ResolvedSecrets {
  const fromEnv = {
    keyRing: config.VAULT_KEYS && config.VAULT_CURRENT_KEY_ID ? { keys: config.VAULT_KEYS, currentKeyId: config.VAULT_CURRENT_KEY_ID } : undefined,
    oauthStateKey: config.OAUTH_STATE_KEY,
    internalServiceToken: config.INTERNAL_SERVICE_TOKEN,
  };
  if (fromEnv.keyRing && fromEnv.oauthStateKey && fromEnv.internalServiceToken) {
    return { secrets: { keyRing: fromEnv.keyRing, oauthStateKey: fromEnv.oauthStateKey, internalServiceToken: fromEnv.internalServiceToken } };
  }
  const path = join(config.DATA_DIR, devSecretsFile);
  const { stored, created } = readOrCreate(path);
  return {
    secrets: {
      keyRing: fromEnv.keyRing ?? { keys: stored.vaultKeys, currentKeyId: stored.vaultCurrentKeyId },
      oauthStateKey: fromEnv.oauthStateKey ?? stored.oauthStateKey,
      internalServiceToken: fromEnv.internalServiceToken ?? stored.internalServiceToken,
    },
    file: { path, created },
  };
}

function generate(): StoredSecrets {
  return {
    vaultKeys: { dev1: randomBytes(32).toString('base64') },
    vaultCurrentKeyId: 'dev1',
    oauthStateKey: randomBytes(32).toString('base64'),
    internalServiceToken: randomBytes(32).toString('base64url'),
    configApiJwtSecret: randomBytes(32).toString('base64url'),
  };
}

type JwtKeySettings = Pick<AllInOneConfig, 'DATA_DIR' | 'JWT_HS256_SECRET' | 'JWT_JWKS_URL'>;

/**
 * config-api's HS256 secret for the all-in-one: undefined when `JWT_HS256_SECRET` or `JWT_JWKS_URL`
 * is set (the edge uses that), else the one of `DATA_DIR/dev-secrets.json`, generated there at the
 * first start that needs it, so tokens a developer signed with it stay valid across restarts. Never logged.
 */
export function resolveConfigApiJwtSecret(config: JwtKeySettings): { secret?: string; file?: { path: string; created: boolean } } {
  if (config.JWT_HS256_SECRET !== undefined || config.JWT_JWKS_URL !== undefined) return {};
  const path = join(config.DATA_DIR, devSecretsFile);
  const { stored, created } = readOrCreate(path);
  if (stored.configApiJwtSecret) return { secret: stored.configApiJwtSecret, file: { path, created } };
  // A file from before config-api had a secret: the same file with one more, replaced whole.
  replaceWhole(path, `${JSON.stringify({ ...stored, configApiJwtSecret: randomBytes(32).toString('base64url') }, null, 2)}\n`);
  const upgraded = readOrCreate(path).stored.configApiJwtSecret;
  if (!upgraded) throw new Error(`${path} could not be given config-api's secret`);
  return { secret: upgraded, file: { path, created: false } };
}

function readOrCreate(path: string): { stored: StoredSecrets; created: boolean } {
  mkdirSync(join(path, '..'), { recursive: true });
  let created = false;
  try {
    statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    created = createWhole(path, `${JSON.stringify(generate(), null, 2)}\n`);
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${path} is readable by others (mode ${mode.toString(8)}): it holds the vault's key; chmod 600 it`);
  }
  const parsed = storedSecrets.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${path} is not a dev secrets file (${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}): move it away to generate a new one`);
  }
  return { stored: parsed.data, created };
}

/** A private temporary file beside `path` holding `content`, synced. */
function privateTemporary(path: string, content: string): string {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temporary;
}

/** Renames a private temporary file over `path`: a reader sees the old file or the new one, never half of one. */
function replaceWhole(path: string, content: string): void {
  renameSync(privateTemporary(path, content), path);
}

/** Writes a private temporary file, then links it into place: a reader never sees half a file; false if another start won. */
function createWhole(path: string, content: string): boolean {
  const temporary = privateTemporary(path, content);
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}
