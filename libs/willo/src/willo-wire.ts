import { z } from 'zod';

/**
 * Willo's bodies, parsed with zod and turned into our own camelCase types. Field names are [MODELLED]
 * (API Evangelist's illustration of the reference) unless marked ASSUMED, which means not even modelled.
 * Only what we rely on is required; everything else is optional so an extra or missing detail does not
 * stop a sync. Unknown fields are ignored.
 */

const optionalText = z.string().nullish().transform((v) => v ?? undefined);

/**
 * For the fields we invented (the files model none): whatever Willo turns out to send under that name,
 * an unexpected shape reads as absent instead of making every participant or interview unreadable.
 */
const inventedUrl = z.url().nullish().catch(undefined);
/** Only the string entries: ours are strings, and a real `metadata` field may hold anything. */
const inventedStringMap = z
  .record(z.string(), z.unknown())
  .nullish()
  .catch(undefined)
  .transform((map) => Object.fromEntries(Object.entries(map ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string')));

export const webhookTriggers = ['new_response', 'stage_change', 'new_comment', 'new_score'] as const;
export type WilloWebhookTrigger = (typeof webhookTriggers)[number];

export const questionWire = z.object({
  // Optional like every modelled field we do not key on: a renamed field must not hide the interview.
  prompt: optionalText,
  type: optionalText,
  max_duration: z.number().nullish(),
  max_retakes: z.number().nullish(),
  thinking_time: z.number().nullish(),
});

export const interviewWire = z
  .object({
    key: z.string().min(1),
    title: z.string(),
    department: optionalText,
    language: optionalText,
    created: optionalText,
    questions: z.array(questionWire).nullish(),
    /** ASSUMED: the link candidates open; the files model none. */
    share_url: inventedUrl,
  })
  .transform((i) => ({
    key: i.key,
    title: i.title,
    department: i.department,
    language: i.language,
    created: i.created,
    questionCount: i.questions?.length ?? 0,
    questions: (i.questions ?? []).map((q) => ({ prompt: q.prompt, type: q.type })),
    shareUrl: i.share_url ?? undefined,
  }));
export type WilloInterview = z.output<typeof interviewWire>;

export const responseWire = z
  .object({
    // Optional: a renamed field must not make a completed participant (or its webhook) unreadable.
    question: optionalText,
    media_url: z.url().nullish(),
    transcript: optionalText,
    score: z.number().nullish(),
  })
  .transform((r) => ({
    question: r.question,
    mediaUrl: r.media_url ?? undefined,
    transcript: r.transcript,
    score: r.score ?? undefined,
  }));
export type WilloResponse = z.output<typeof responseWire>;

export const participantWire = z
  .object({
    key: z.string().min(1),
    interview: z.string().min(1),
    first_name: optionalText,
    last_name: optionalText,
    email: z.email().nullish(),
    phone: optionalText,
    stage: optionalText,
    created: optionalText,
    responses: z.array(responseWire).nullish(),
    /** ASSUMED: a flat string map we write our ids into; the files model no such field. */
    metadata: inventedStringMap,
    /** ASSUMED: the reviewer's link to the responses; the files model none. */
    review_url: inventedUrl,
  })
  .transform((p) => ({
    key: p.key,
    interviewKey: p.interview,
    firstName: p.first_name,
    lastName: p.last_name,
    email: p.email ?? undefined,
    phone: p.phone,
    stage: p.stage,
    created: p.created,
    responses: p.responses ?? [],
    metadata: p.metadata,
    reviewUrl: p.review_url ?? undefined,
  }));
export type WilloParticipant = z.output<typeof participantWire>;

export const webhookWire = z
  .object({
    key: z.string().min(1),
    target_url: z.url(),
    trigger: z.enum(webhookTriggers),
    is_active: z.boolean().nullish(),
    /** ASSUMED: the signing secret, shown when the webhook is created. */
    secret: optionalText,
  })
  .transform((w) => ({
    key: w.key,
    targetUrl: w.target_url,
    trigger: w.trigger,
    isActive: w.is_active ?? true,
    secret: w.secret,
  }));
export type WilloWebhook = z.output<typeof webhookWire>;

/** [MODELLED] `{ results }`; ASSUMED DRF extras `next` (absolute URL) and `count`. */
export function pageWire<T extends z.ZodType>(item: T) {
  return z.object({ results: z.array(item), next: z.url().nullish(), count: z.number().nullish() });
}

/** [MODELLED] Error body: `{ "detail": "…" }`. */
export const errorWire = z.object({ detail: z.string() });

/** What we send to invite (`ParticipantInput`); `metadata` is ASSUMED. */
export function participantInputWire(invite: {
  interviewKey: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  stage?: string;
  metadata?: Record<string, string>;
}) {
  return {
    interview: invite.interviewKey,
    ...(invite.firstName === undefined ? {} : { first_name: invite.firstName }),
    ...(invite.lastName === undefined ? {} : { last_name: invite.lastName }),
    ...(invite.email === undefined ? {} : { email: invite.email }),
    ...(invite.phone === undefined ? {} : { phone: invite.phone }),
    ...(invite.stage === undefined ? {} : { stage: invite.stage }),
    ...(invite.metadata === undefined ? {} : { metadata: invite.metadata }),
  };
}

/** What we send to create a webhook (`WebhookInput`); `secret` is ASSUMED. */
export function webhookInputWire(input: {
  targetUrl: string;
  trigger: WilloWebhookTrigger;
  isActive?: boolean;
  secret?: string;
}) {
  return {
    target_url: input.targetUrl,
    trigger: input.trigger,
    // A real boolean: the Postman example's "<boolean>" string is a placeholder.
    is_active: input.isActive ?? true,
    ...(input.secret === undefined ? {} : { secret: input.secret }),
  };
}
