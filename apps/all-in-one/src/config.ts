import { z } from 'zod';
import { base64Secret } from '@srw/connector-auth';
import { apiSecurityEnv } from '@srw/http-api';
import { portSetting, serviceConfigSchema } from '@srw/runtime';
import { srPollerSettings } from '@srw/sr-poller';
import { srProductionHosts } from '@srw/smartrecruiters';
import { keyRingEnv, refineKeyRing } from '@srw/vault';

/**
 * Every setting has a default, so `npm start` needs none; real servers are used where their URLs are
 * set. connector-auth's secrets are optional here: the ones not given are generated at first start
 * into `DATA_DIR/dev-secrets.json` (mode 0600, see `dev-secrets.ts`). Its SR OAuth client is the one
 * the all-in-one registers with its own SR sandbox, so it has no settings.
 */
export const allInOneConfigSchema = serviceConfigSchema
  .extend({
    SR_SANDBOX_PORT: portSetting.default(4010),
    WILLO_SANDBOX_PORT: portSetting.default(4020),
    SR_SANDBOX_JOBS: z.coerce.number().int().min(0).default(200),
    SR_SANDBOX_CANDIDATES: z.coerce.number().int().min(0).default(2_000),
    /** Where browsers reach this process; unset: `http://<HOST>:<PORT>` (loopback for `0.0.0.0`). */
    PUBLIC_BASE_URL: z.url().optional(),
    VAULT_KEYS: keyRingEnv.VAULT_KEYS.optional(),
    VAULT_CURRENT_KEY_ID: keyRingEnv.VAULT_CURRENT_KEY_ID.optional(),
    OAUTH_STATE_KEY: base64Secret.optional(),
    INTERNAL_SERVICE_TOKEN: z.string().min(32).optional(),
    /**
     * config-api's security edge, the keys of a config-api of its own (`apiSecurityEnv`); the issuer
     * and audience have demo defaults, and with neither `JWT_HS256_SECRET` nor `JWT_JWKS_URL` set the
     * HS256 secret is generated into `DATA_DIR/dev-secrets.json` with connector-auth's.
     */
    ...apiSecurityEnv,
    JWT_ISSUER: apiSecurityEnv.JWT_ISSUER.default('willo-dev'),
    JWT_AUDIENCE: apiSecurityEnv.JWT_AUDIENCE.default('srw-config-api'),
    /** stage-projector's consumer groups (`<prefix>.integration`, `<prefix>.observations`). */
    STAGE_PROJECTOR_GROUP_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only').default('stage-projector'),
    /** invite-dispatcher's consumer group of `invite.events.v1`. */
    INVITE_DISPATCHER_GROUP: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only').default('invite-dispatcher'),
    /** response-writeback's consumer groups (`<prefix>.notes`, `<prefix>.pending`). */
    RESPONSE_WRITEBACK_GROUP_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only').default('response-writeback'),
    /** sr-poller's own (its README). */
    ...srPollerSettings,
    /**
     * The real services instead of the sandboxes: our OAuth client at SmartRecruiters and a Willo API
     * key, the three together (see {@link demoModeOf}); unset, both sandboxes run in this process.
     */
    SR_CLIENT_ID: z.string().min(1).optional(),
    SR_CLIENT_SECRET: z.string().min(1).optional(),
    SR_API_URL: z.url().default('https://api.smartrecruiters.com'),
    SR_AUTHORIZE_URL: z.url().default(srProductionHosts.authorize),
    SR_TOKEN_URL: z.url().default(srProductionHosts.token),
    WILLO_API_KEY: z.string().min(1).optional(),
    WILLO_BASE_URL: z.url().default('https://api.willotalent.com/api/integrations/v2'),
  })
  .superRefine((config, ctx) => {
    const real = (['SR_CLIENT_ID', 'SR_CLIENT_SECRET', 'WILLO_API_KEY'] as const).filter((key) => config[key] !== undefined);
    if (real.length > 0 && real.length < 3) {
      for (const key of (['SR_CLIENT_ID', 'SR_CLIENT_SECRET', 'WILLO_API_KEY'] as const).filter((k) => !real.includes(k))) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'SR_CLIENT_ID, SR_CLIENT_SECRET and WILLO_API_KEY are set together (the real services) or not at all (the sandboxes)' });
      }
    }
    if (real.length === 3 && config.PUBLIC_BASE_URL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: 'required with the real services: SmartRecruiters redirects to <PUBLIC_BASE_URL>/oauth/callback, registered with our OAuth client' });
    }
    if (config.JWT_HS256_SECRET !== undefined && config.JWT_JWKS_URL !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['JWT_HS256_SECRET'], message: 'set at most one of JWT_HS256_SECRET and JWT_JWKS_URL' });
    }
    if ((config.VAULT_KEYS === undefined) !== (config.VAULT_CURRENT_KEY_ID === undefined)) {
      const missing = config.VAULT_KEYS === undefined ? 'VAULT_KEYS' : 'VAULT_CURRENT_KEY_ID';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'VAULT_KEYS and VAULT_CURRENT_KEY_ID are set together or not at all' });
      return;
    }
    if (config.VAULT_KEYS === undefined || config.VAULT_CURRENT_KEY_ID === undefined) return;
    refineKeyRing({ VAULT_KEYS: config.VAULT_KEYS, VAULT_CURRENT_KEY_ID: config.VAULT_CURRENT_KEY_ID }, ctx);
  });
export type AllInOneConfig = z.output<typeof allInOneConfigSchema>;

/** The real SmartRecruiters and Willo, when their credentials are set (all three, checked above). */
export interface RealServices {
  sr: { clientId: string; clientSecret: string; apiUrl: string; authorizeUrl: string; tokenUrl: string };
  willo: { apiKey: string; baseUrl: string };
}

/**
 * Demo mode (undefined) runs both sandboxes, seeded, with the demo's sign-in and acting panel; with
 * real credentials it talks to the real services and none of the demo's doors exist.
 */
export function demoModeOf(config: AllInOneConfig): RealServices | undefined {
  if (config.SR_CLIENT_ID === undefined || config.SR_CLIENT_SECRET === undefined || config.WILLO_API_KEY === undefined) return undefined;
  return {
    sr: { clientId: config.SR_CLIENT_ID, clientSecret: config.SR_CLIENT_SECRET, apiUrl: config.SR_API_URL, authorizeUrl: config.SR_AUTHORIZE_URL, tokenUrl: config.SR_TOKEN_URL },
    willo: { apiKey: config.WILLO_API_KEY, baseUrl: config.WILLO_BASE_URL },
  };
}

/**
 * Where browsers reach this process, or undefined when it cannot be known before listening
 * (`PORT=0` without `PUBLIC_BASE_URL`): SR's redirect URI must be registered before the consent page.
 */
export function publicBaseUrlOf(config: Pick<AllInOneConfig, 'PUBLIC_BASE_URL' | 'HOST' | 'PORT'>): string | undefined {
  if (config.PUBLIC_BASE_URL) return config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  if (config.PORT === 0) return undefined;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}
