import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event';
import { isoDateTime } from '../metadata';
import { stageSchema } from './sr-observation.events';

const attempt = z.number().int().positive();
const failure = {
  message: z.string(),
  attempt,
  retryable: z.boolean(),
};

/** Appended with expected revision "no stream": a second request for the same pair fails the append. */
export const InviteRequested = defineEvent(
  'InviteRequested',
  1,
  z.object({
    interviewId: z.string().min(1),
    candidateId: z.string().min(1),
    jobId: z.string().min(1),
    trigger: stageSchema,
    reason: z.enum(['stage_entered', 'backfill']),
  }),
);

export const InviteSent = defineEvent(
  'InviteSent',
  1,
  z.object({ willoParticipantId: z.string().min(1), invitedAt: isoDateTime, attempt }),
);

export const InviteFailed = defineEvent(
  'InviteFailed',
  1,
  // `willo_credentials_missing`: the tenant has no Willo key of its own and the deployment no fallback;
  // permanent until a key is saved (config-api's PUT /v1/willo-credentials), then the admin's retry sends it.
  z.object({ reason: z.enum(['no_email', 'willo_rejected', 'willo_unavailable', 'candidate_missing', 'willo_credentials_missing']), ...failure }),
);

export const InviteAbandoned = defineEvent(
  'InviteAbandoned',
  1,
  z.object({ reason: z.enum(['retries_exhausted', 'mapping_removed', 'integration_disconnected', 'not_retryable']) }),
);

/**
 * An admin asked to send again after the invite failed for good or was abandoned (config-api's retry
 * action): invite-dispatcher sends once more, its attempts counting on from the last one.
 */
export const InviteRetryRequested = defineEvent('InviteRetryRequested', 1, z.object({ requestedBy: z.string().min(1) }));

export const ResponseReceived = defineEvent(
  'ResponseReceived',
  1,
  z.object({
    willoParticipantId: z.string().min(1),
    completedAt: isoDateTime,
    reviewUrl: z.url(),
    source: z.enum(['webhook', 'poll']),
  }),
);

export const NoteWritten = defineEvent(
  'NoteWritten',
  1,
  z.object({ srMessageId: z.string().nullable(), writtenAt: isoDateTime, recoveredFromExisting: z.boolean() }),
);

export const NoteWriteFailed = defineEvent(
  'NoteWriteFailed',
  1,
  z.object({ reason: z.enum(['authorization_lost', 'sr_rejected', 'sr_unavailable']), ...failure }),
);

/**
 * An admin asked to write the note again after it stopped (SR refused it, the grant was lost, or its
 * attempts ran out): config-api's retry action on the timeline; response-writeback tries once more,
 * with a fresh budget of attempts, still checking the candidate's messages before it posts.
 */
export const NoteRetryRequested = defineEvent('NoteRetryRequested', 1, z.object({ requestedBy: z.string().min(1) }));

export const inviteEvents = [
  InviteRequested,
  InviteSent,
  InviteFailed,
  InviteAbandoned,
  InviteRetryRequested,
  ResponseReceived,
  NoteWritten,
  NoteWriteFailed,
  NoteRetryRequested,
] as const;
export type InviteEvent = EventOf<(typeof inviteEvents)[number]>;
