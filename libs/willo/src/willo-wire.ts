import { openEnum } from '@srw/http-kit';
import { z } from 'zod';

/**
 * Willo's bodies, parsed with zod and turned into our own camelCase types. Field names are [MODELLED]
 * (API Evangelist's illustration of the reference) unless marked ASSUMED, which means not even modelled.
 * Only a record's key is required; everything else is read leniently (see {@link lenient}) so an extra,
 * missing or odd detail does not stop a sync. Unknown fields are ignored.
 */

/**
 * Reading leniently. A record is identified by its key, which stays strict (a wrong key fails with a
 * `ValidationError` naming it); every other field of an answer reads as absent when Willo sends a shape
 * we did not expect, so one odd record never makes a whole list (and every operation built on it)
 * unreadable. Requests we send are validated strictly elsewhere.
 */
export function lenient<T extends z.ZodType>(schema: T) {
  return schema
    .nullish()
    .catch(undefined)
    .transform((v): z.output<T> | undefined => v ?? undefined);
}

/** The elements of an array that parse; a wrong element is dropped, a non-array reads as empty. */
function lenientArray<T extends z.ZodType>(item: T) {
  return z
    .array(z.unknown())
    .nullish()
    .catch(undefined)
    .transform((items) =>
      (items ?? []).flatMap((element) => {
        const parsed = item.safeParse(element);
        return parsed.success ? [parsed.data as z.output<T>] : [];
      }),
    );
}

const optionalText = lenient(z.string());
const optionalNumber = lenient(z.number());

/**
 * For the fields we invented (the files model none): whatever Willo turns out to send under that name,
 * an unexpected shape reads as absent instead of making every participant or interview unreadable.
 */
const inventedUrl = lenient(z.url());
/** Only the string entries: ours are strings, and a real `metadata` field may hold anything. */
const inventedStringMap = z
  .record(z.string(), z.unknown())
  .nullish()
  .catch(undefined)
  .transform((map) => Object.fromEntries(Object.entries(map ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string')));

/** A record's key: the one field that stays strict on reading. */
const recordKey = z.string().min(1);

export const webhookTriggers = ['new_response', 'stage_change', 'new_comment', 'new_score'] as const;
export type WilloWebhookTrigger = (typeof webhookTriggers)[number];

export const questionWire = z.object({
  prompt: optionalText,
  type: optionalText,
  max_duration: optionalNumber,
  max_retakes: optionalNumber,
  thinking_time: optionalNumber,
});

export const interviewWire = z
  .object({
    key: recordKey,
    // Not the key: an interview whose title is missing or odd is still listed (and can be chosen by key).
    title: optionalText,
    department: optionalText,
    language: optionalText,
    created: optionalText,
    questions: lenientArray(questionWire),
    /** ASSUMED: the link candidates open; the files model none. */
    share_url: inventedUrl,
  })
  .transform((i) => ({
    key: i.key,
    title: i.title,
    department: i.department,
    language: i.language,
    created: i.created,
    questionCount: i.questions.length,
    questions: i.questions.map((q) => ({ prompt: q.prompt, type: q.type })),
    shareUrl: i.share_url,
  }));
export type WilloInterview = z.output<typeof interviewWire>;

export const responseWire = z
  .object({
    question: optionalText,
    media_url: lenient(z.url()),
    transcript: optionalText,
    score: optionalNumber,
  })
  .transform((r) => ({
    question: r.question,
    mediaUrl: r.media_url,
    transcript: r.transcript,
    score: r.score,
  }));
export type WilloResponse = z.output<typeof responseWire>;

export const participantWire = z
  .object({
    key: recordKey,
    /**
     * Undefined when Willo leaves it out (or sends another shape), e.g. a webhook that carries only the
     * participant's key: read the participant with `participants.get` (see `participantWithInterview`).
     */
    interview: lenient(z.string().min(1)),
    first_name: optionalText,
    last_name: optionalText,
    /**
     * Any string, as sent: Willo may hold addresses our own (strict) invite check would refuse (IDN,
     * `user@localhost`). Compare with {@link sameEmail}.
     */
    email: optionalText,
    phone: optionalText,
    /** A free string in Willo (`invited`, `shortlisted`, …). */
    stage: optionalText,
    created: optionalText,
    /** A response of an unexpected shape is dropped; the others stay. */
    responses: lenientArray(responseWire),
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
    email: p.email,
    phone: p.phone,
    stage: p.stage,
    created: p.created,
    responses: p.responses,
    metadata: p.metadata,
    reviewUrl: p.review_url,
  }));
export type WilloParticipant = z.output<typeof participantWire>;

/** Email addresses as Willo matches them: trimmed, case-insensitive. */
export function sameEmail(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
}

export const webhookWire = z
  .object({
    key: recordKey,
    // Not the key: any string is kept (ensure compares it exactly); another shape reads as absent.
    target_url: optionalText,
    trigger: lenient(openEnum(webhookTriggers)),
    is_active: lenient(z.boolean()),
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
  // Each item is read with its own (lenient) schema: only a bad key fails the page, naming `results.<i>.key`.
  return z.object({ results: z.array(item), next: z.url().nullish(), count: optionalNumber });
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
