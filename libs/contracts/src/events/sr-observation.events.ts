import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event';
import { isoDateTime } from '../metadata';

/** SR's application status with its optional sub-status (a hiring-process step within the status). */
export const stageSchema = z.object({ status: z.string().min(1), subStatus: z.string().min(1).nullable() });
export type Stage = z.infer<typeof stageSchema>;

/** SHA-256 (hex) of the canonical observed content: an observation is appended only when it changes. */
const contentHash = z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256');

export const JobObserved = defineEvent(
  'JobObserved',
  1,
  z.object({
    jobId: z.string().min(1),
    snapshot: z.object({
      title: z.string(),
      refNumber: z.string().nullable(),
      status: z.string(),
      postingStatus: z.string().nullable(),
      department: z.string().nullable(),
      location: z.string().nullable(),
      createdOn: isoDateTime.nullable(),
      updatedOn: isoDateTime,
    }),
    contentHash,
  }),
);

export const JobStagesObserved = defineEvent(
  'JobStagesObserved',
  1,
  z.object({
    jobId: z.string().min(1),
    stages: z.array(
      stageSchema.extend({
        label: z.string(),
        order: z.number().int().nonnegative(),
        /** The hiring processes that have this step (steps only; absent: every process, or not known). */
        processIds: z.array(z.string()).optional(),
      }),
    ),
    contentHash,
  }),
);

export const observationSources = ['webhook', 'audit', 'history', 'poll'] as const;

export const ApplicationStageObserved = defineEvent(
  'ApplicationStageObserved',
  1,
  z.object({
    candidateId: z.string().min(1),
    jobId: z.string().min(1),
    /** Null when the observation does not know the previous stage (first poll). */
    from: stageSchema.nullable(),
    to: stageSchema,
    changedOn: isoDateTime,
    source: z.enum(observationSources),
  }),
);

/**
 * SR told us, by a signed webhook delivery, that this application changed, and the intake
 * acknowledged it before reading the new stage: the read took longer than SR allows an
 * acknowledgement (5 s; repeated failures suspend the subscription) or SR failed it. sr-poller reads
 * the stage from the queue of these and appends the `ApplicationStageObserved` (source `webhook`)
 * the intake would have. Ids only: the delivery's `event-id` is SR's dedupe key.
 */
export const ApplicationWebhookDeferred = defineEvent(
  'ApplicationWebhookDeferred',
  1,
  z.object({
    candidateId: z.string().min(1),
    jobId: z.string().min(1),
    /** SR's `event-id`, unchanged across its retries. */
    webhookEventId: z.string().min(1).max(200),
    /** Why the stage was not read within the request: out of time, or the read failed (SR's error, mostly). */
    reason: z.enum(['deadline', 'failed']),
  }),
);

/** A candidate's personal data: what `CandidateObserved` carries only encrypted (version 2 on). */
export const candidatePiiSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export type CandidatePiiFields = z.infer<typeof candidatePiiSchema>;

/**
 * The PII as appended: AES-256-GCM under the candidate's own data key (`keyId` names it; the key
 * lives in the vault's candidate key store, never in an event), so shredding that key erases the
 * candidate from every copy of the event. Contracts only describe the shape; `@srw/vault`'s
 * `PiiCipher` makes and opens it.
 */
export const encryptedPiiSchema = z.object({ keyId: z.string().min(1), ciphertext: z.string().min(1) }).strict();
/**
 * Only what the version-1 upcaster produces: PII that was appended in clear before encryption. It
 * cannot be shredded (no key to delete); the next sync of that candidate appends an encrypted
 * observation (its keyed hash never equals the old plain one), and the version-1 events must then be
 * removed from the store (README, "Crypto-shredding"). Writers never produce it.
 */
export const legacyPlaintextPiiSchema = z.object({ legacyPlaintext: candidatePiiSchema }).strict();
export type EncryptedPii = z.infer<typeof encryptedPiiSchema>;

/**
 * Version 1 carried `firstName`, `lastName`, `email` and `phone` in clear beside a SHA-256 of them;
 * version 2 carries them in `pii` only, and `contentHash` is then keyed by the candidate's key
 * (HMAC), so equal PII is still detected as unchanged while nothing in the event can confirm a
 * guessed name or email, before or after the shred.
 */
const candidateObservedV1toV2 = (data: unknown): unknown => {
  if (!data || typeof data !== 'object') return data;
  const { firstName, lastName, email, phone, ...rest } = data as Record<string, unknown>;
  return { ...rest, pii: { legacyPlaintext: { firstName, lastName, email, phone } } };
};

/** Profile fields needed for invites. PII: lives only in `srCandidate` streams, encrypted per candidate. */
export const CandidateObserved = defineEvent(
  'CandidateObserved',
  2,
  z.object({
    candidateId: z.string().min(1),
    pii: z.union([encryptedPiiSchema, legacyPlaintextPiiSchema]),
    updatedOn: isoDateTime,
    contentHash,
  }),
  { 1: candidateObservedV1toV2 },
);

/** True for PII sealed under a candidate key (false only for upcast version-1 plaintext). */
export const isEncryptedPii = (pii: EncryptedPii | { legacyPlaintext: CandidatePiiFields }): pii is EncryptedPii => 'ciphertext' in pii;

export const srJobEvents = [JobObserved, JobStagesObserved] as const;
export const srApplicationEvents = [ApplicationStageObserved, ApplicationWebhookDeferred] as const;
/**
 * Why a candidate's PII was erased: SR deleted the candidate (its audit feed's `CANDIDATE_DELETED`
 * or `CANDIDATE_DELETED_DUE_TO_MERGE`), or a GDPR erasure request reached us for them.
 */
export const candidateErasureReasons = ['deletedInSr', 'erasureRequested'] as const;

/**
 * The candidate's key was shredded: every `CandidateObserved` of the stream is unreadable from now
 * on, and read models drop the PII they held. Ids only. Terminal for PII: no `CandidateObserved`
 * follows it (the key store refuses a new key for the candidate).
 */
export const CandidatePiiErased = defineEvent(
  'CandidatePiiErased',
  1,
  z.object({
    candidateId: z.string().min(1),
    reason: z.enum(candidateErasureReasons),
    /** What caused it: SR's audit event id, or the erasure request's id. An id, never a name. */
    sourceId: z.string().min(1).max(200),
    erasedAt: isoDateTime,
  }),
);

export const srCandidateEvents = [CandidateObserved, CandidatePiiErased] as const;
export type SrJobEvent = EventOf<(typeof srJobEvents)[number]>;
export type SrApplicationEvent = EventOf<(typeof srApplicationEvents)[number]>;
export type SrCandidateEvent = EventOf<(typeof srCandidateEvents)[number]>;
