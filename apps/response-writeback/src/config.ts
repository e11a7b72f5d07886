import { fallbackWilloApiKey, willoClientEnv } from '@srw/willo';
import { maxNoteTemplateLength, unknownNotePlaceholders } from '@srw/domain';
import { serviceConfigSchema } from '@srw/runtime';
import { optionalKeyRingEnv, refineOptionalKeyRing } from '@srw/vault';
import { z } from 'zod';

const groupName = z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only');

const noteTemplate = z
  .string()
  .min(1)
  .max(maxNoteTemplateLength)
  .superRefine((template, ctx) => {
    const unknown = unknownNotePlaceholders(template);
    if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown placeholders ${unknown.join(', ')} (known: interviewName, completedAt, reviewUrl, interviewId, candidateId)` });
  });

/** `{"<tenant>": "<template>", …}`: each tenant's own note template. */
const noteTemplates = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of tenant → template' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().min(1), noteTemplate));

/** The keys every service reads (root README), and response-writeback's own (its README lists them). */
export const responseWritebackConfigSchema = serviceConfigSchema.extend({
  /** SR's API host; the sandbox's URL in tests and demos. */
  SR_API_URL: z.url().default('https://api.smartrecruiters.com'),
  /** connector-auth's base URL, where SR access tokens come from (`POST /internal/access-token`). */
  CONNECTOR_AUTH_URL: z.url(),
  /** Bearer token of connector-auth's internal endpoints. */
  INTERNAL_SERVICE_TOKEN: z.string().min(32, 'at least 32 characters'),
  /** The fallback Willo organisation's API key, for tenants without a key of their own (config-api's `/v1/willo-credentials`). */
  WILLO_API_KEY: fallbackWilloApiKey,
  /** The vault's key ring, to open the tenants' own Willo keys; unset: every tenant uses WILLO_API_KEY. */
  ...optionalKeyRingEnv,
  WILLO_BASE_URL: z.url().default('https://api.willotalent.com/api/integrations/v2'),
  ...willoClientEnv,
  /** The signing secret of the `new_response` subscription pointing at `/webhooks/willo/<tenant>`. */
  WILLO_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters'),
  /** Prefix of the consumer groups (`<prefix>.notes`, `<prefix>.pending`); every replica of one deployment shares it. */
  RESPONSE_WRITEBACK_GROUP_PREFIX: groupName.default('response-writeback'),
  /** The note of tenants without their own template; unset: the built-in one. */
  NOTE_TEMPLATE: noteTemplate.optional(),
  NOTE_TEMPLATES: noteTemplates.optional(),
  /** Attempts per note (SR unavailable) before it goes to the `.dlq`. */
  NOTE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  RESPONSE_POLL_INTERVAL_MS: z.coerce.number().int().min(1_000).default(30_000),
  RESPONSE_POLL_MAX_CHECKS: z.coerce.number().int().min(0).max(500).default(20),
  RESPONSE_POLL_FIRST_CHECK_MS: z.coerce.number().int().min(1_000).default(60_000),
  RESPONSE_POLL_MAX_INTERVAL_MS: z.coerce.number().int().min(1_000).default(6 * 60 * 60_000),
}).superRefine(refineOptionalKeyRing).superRefine((config, ctx) => {
  // Neither: no tenant could have a Willo organisation, so no response could ever be read.
  if (config.WILLO_API_KEY === undefined && config.VAULT_KEYS === undefined) {
    ctx.addIssue({ code: 'custom', path: ['WILLO_API_KEY'], message: 'set WILLO_API_KEY (the fallback organisation), VAULT_KEYS (the tenants\' own keys), or both' });
  }
});
export type ResponseWritebackConfig = z.output<typeof responseWritebackConfigSchema>;
