import { createRoute, z } from '@hono/zod-openapi';
import { acceptedSchema, streams } from '@srw/contracts';
import { DomainRuleViolation, inviteDecider } from '@srw/domain';
import { ConflictError, NotFoundError } from '@srw/errors';
import type { EventStore } from '@srw/event-store';
import { handleCommand } from '@srw/runtime';
import { callerOf } from '../caller';
import { checked, jsonContent, problemsOf, requestMetadata, resourceApp } from '../http';
import type { Clock } from '../ports';

export interface InvitesRoutesDeps {
  eventStore: EventStore;
  clock: Clock;
}

const part = z.string().min(1).max(200).regex(/^[^\s:/]+$/, 'must be non-empty, without spaces, ":" or "/"');
const params = z.object({ interviewId: part, candidateId: part });

const retryInvite = createRoute({
  method: 'post',
  path: '/interviews/{interviewId}/invites/{candidateId}/retry',
  tags: ['Invites'],
  security: [{ bearer: [] }],
  summary: 'Sends a failed or abandoned invite again (the timeline’s retry action)',
  description: 'Appends `InviteRetryRequested`; invite-dispatcher sends once more. 409 when the invite is not failed or abandoned (pending, sent or answered).',
  request: { params },
  responses: { 202: { description: 'Retry requested', ...jsonContent(acceptedSchema) }, ...problemsOf(404, 409) },
});

const retryNote = createRoute({
  method: 'post',
  path: '/interviews/{interviewId}/invites/{candidateId}/note/retry',
  tags: ['Invites'],
  security: [{ bearer: [] }],
  summary: 'Writes a stopped note back to SmartRecruiters again (the timeline’s retry action on a failed write-back)',
  description:
    'Appends `NoteRetryRequested`; response-writeback checks the candidate’s messages and posts the note once, with a fresh budget of attempts. 409 when the note has not stopped (not answered yet, still being retried, or written).',
  request: { params },
  responses: { 202: { description: 'Retry requested', ...jsonContent(acceptedSchema) }, ...problemsOf(404, 409) },
});

/** 404 for a stream this tenant does not have (another tenant's invite is this tenant's missing stream). */
function notFoundUnlessRequested(error: unknown, interviewId: string, candidateId: string): never {
  if (error instanceof DomainRuleViolation && error.rule === 'invite_not_requested') throw new NotFoundError(`no invite of candidate ${candidateId} to interview ${interviewId}`, { cause: error });
  throw error;
}

/**
 * `/interviews/{interviewId}/invites/{candidateId}/retry` (`RetryInvite`) and `…/note/retry`
 * (`RetryNote`), through the invite decider, in the caller's tenant only.
 */
export function invitesRoutes({ eventStore, clock }: InvitesRoutesDeps) {
  return resourceApp()
    .openapi(retryNote, async (c) => {
      const { tenantId, userId } = callerOf(c);
      const { interviewId, candidateId } = c.req.valid('param');
      const stream = streams.invite(tenantId, interviewId, candidateId);
      try {
        const metadata = requestMetadata(c, tenantId, clock);
        const { appended, state } = await handleCommand(eventStore, stream, inviteDecider, { type: 'RetryNote', data: { requestedBy: userId }, metadata });
        if (appended.length === 0 && !state.noteRetryRequests.includes(metadata.causationId)) {
          throw new ConflictError(`the note of candidate ${candidateId} for interview ${interviewId} is ${state.note === 'written' ? 'written' : 'being retried'}: nothing to retry`);
        }
      } catch (error) {
        if (error instanceof DomainRuleViolation && error.rule === 'no_response') throw new ConflictError(`candidate ${candidateId} has not responded to interview ${interviewId}: no note to retry`, { cause: error });
        notFoundUnlessRequested(error, interviewId, candidateId);
      }
      return c.json(checked(acceptedSchema, { accepted: true }), 202);
    })
    .openapi(retryInvite, async (c) => {
      const { tenantId, userId } = callerOf(c);
      const { interviewId, candidateId } = c.req.valid('param');
      const stream = streams.invite(tenantId, interviewId, candidateId);
      try {
        const metadata = requestMetadata(c, tenantId, clock);
        const { appended, state } = await handleCommand(eventStore, stream, inviteDecider, { type: 'RetryInvite', data: { requestedBy: userId }, metadata });
        // Nothing decided and not this very request again (same request id): the invite is not stopped.
        if (appended.length === 0 && !state.retryRequests.includes(metadata.causationId)) throw new ConflictError(`the invite of candidate ${candidateId} to interview ${interviewId} is ${state.response ? 'answered' : state.delivery}: nothing to retry`);
      } catch (error) {
        notFoundUnlessRequested(error, interviewId, candidateId);
      }
      return c.json(checked(acceptedSchema, { accepted: true }), 202);
    });
}
