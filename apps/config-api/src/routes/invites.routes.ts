import { createRoute, z, type RouteHandler } from '@hono/zod-openapi';
import { acceptedSchema, streams } from '@srw/contracts';
import { DomainRuleViolation, inviteDecider, type InviteState } from '@srw/domain';
import { ConflictError, NotFoundError } from '@srw/errors';
import type { EventStore } from '@srw/event-store';
import { handleCommand } from '@srw/runtime';
import { callerOf, type ConfigApiEnv } from '../caller';
import { checked, jsonContent, problemsOf, requestMetadata, resourceApp } from '../http';
import type { Clock } from '../ports';

export interface InvitesRoutesDeps {
  eventStore: EventStore;
  clock: Clock;
}

const part = z.string().min(1).max(200).regex(/^[^\s:/]+$/, 'must be non-empty, without spaces, ":" or "/"');
const params = z.object({ interviewId: part, candidateId: part });
type InviteIds = z.infer<typeof params>;

/** What sets one of the timeline's retries apart; its parameters, answers and tenant scoping the retries share. */
interface RetryKind {
  path: string;
  summary: string;
  description: string;
  command: 'RetryInvite' | 'RetryNote';
  /** Whether the stream holds this very request (same request id): a redelivered request is answered 202 again. */
  recorded(state: InviteState, requestId: string): boolean;
  /** The 409's detail when the decider decided nothing: what the invite or note is instead of stopped. */
  nothingToRetry(state: InviteState, ids: InviteIds): string;
  /** The 409's detail for a rule of the decider that refuses this retry of an invite that exists. */
  refused?(error: DomainRuleViolation, ids: InviteIds): string | undefined;
}

const inviteRetry: RetryKind = {
  path: '/interviews/{interviewId}/invites/{candidateId}/retry',
  summary: 'Sends a failed or abandoned invite again (the timeline’s retry action)',
  description: 'Appends `InviteRetryRequested`; invite-dispatcher sends once more. 409 when the invite is not failed or abandoned (pending, sent or answered).',
  command: 'RetryInvite',
  recorded: (state, requestId) => state.retryRequests.includes(requestId),
  nothingToRetry: (state, { interviewId, candidateId }) => `the invite of candidate ${candidateId} to interview ${interviewId} is ${state.response ? 'answered' : state.delivery}: nothing to retry`,
};

const noteRetry: RetryKind = {
  path: '/interviews/{interviewId}/invites/{candidateId}/note/retry',
  summary: 'Writes a stopped note back to SmartRecruiters again (the timeline’s retry action on a failed write-back)',
  description:
    'Appends `NoteRetryRequested`; response-writeback checks the candidate’s messages and posts the note once, with a fresh budget of attempts. 409 when the note has not stopped (not answered yet, still being retried, or written).',
  command: 'RetryNote',
  recorded: (state, requestId) => state.noteRetryRequests.includes(requestId),
  nothingToRetry: (state, { interviewId, candidateId }) =>
    `the note of candidate ${candidateId} for interview ${interviewId} is ${state.note === 'written' ? 'written' : 'being retried'}: nothing to retry`,
  refused: (error, { interviewId, candidateId }) => (error.rule === 'no_response' ? `candidate ${candidateId} has not responded to interview ${interviewId}: no note to retry` : undefined),
};

const retryRoute = (kind: RetryKind) =>
  createRoute({
    method: 'post',
    path: kind.path,
    tags: ['Invites'],
    security: [{ bearer: [] }],
    summary: kind.summary,
    description: kind.description,
    request: { params },
    responses: { 202: { description: 'Retry requested', ...jsonContent(acceptedSchema) }, ...problemsOf(404, 409) },
  });

/**
 * 409 for a retry the decider refuses, 404 for a stream this tenant does not have (another tenant's
 * invite is this tenant's missing stream).
 */
function retryProblem(kind: RetryKind, error: unknown, ids: InviteIds): never {
  if (error instanceof DomainRuleViolation) {
    const refusal = kind.refused?.(error, ids);
    if (refusal !== undefined) throw new ConflictError(refusal, { cause: error });
    if (error.rule === 'invite_not_requested') throw new NotFoundError(`no invite of candidate ${ids.candidateId} to interview ${ids.interviewId}`, { cause: error });
  }
  throw error;
}

/** `kind`'s command through the invite decider, on the caller's tenant's stream only. */
function retryHandler(kind: RetryKind, { eventStore, clock }: InvitesRoutesDeps): RouteHandler<ReturnType<typeof retryRoute>, ConfigApiEnv> {
  return async (c) => {
    const { tenantId, userId } = callerOf(c);
    const ids = c.req.valid('param');
    const stream = streams.invite(tenantId, ids.interviewId, ids.candidateId);
    try {
      const metadata = requestMetadata(c, tenantId, clock);
      const { appended, state } = await handleCommand(eventStore, stream, inviteDecider, { type: kind.command, data: { requestedBy: userId }, metadata });
      // Nothing decided and not this very request again (same request id): nothing has stopped.
      if (appended.length === 0 && !kind.recorded(state, metadata.causationId)) throw new ConflictError(kind.nothingToRetry(state, ids));
    } catch (error) {
      retryProblem(kind, error, ids);
    }
    return c.json(checked(acceptedSchema, { accepted: true }), 202);
  };
}

/**
 * `/interviews/{interviewId}/invites/{candidateId}/retry` (`RetryInvite`) and `…/note/retry`
 * (`RetryNote`): one route of one shape per retry kind.
 */
export function invitesRoutes(deps: InvitesRoutesDeps) {
  const app = resourceApp();
  for (const kind of [noteRetry, inviteRetry]) app.openapi(retryRoute(kind), retryHandler(kind, deps));
  return app;
}
