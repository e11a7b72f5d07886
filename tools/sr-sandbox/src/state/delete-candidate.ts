import type { SandboxDeps } from '../sandbox-deps';
import { Tenant, type SbAuditEvent } from './tenant';

export interface DeleteCandidateRequest {
  candidateId: string;
  /**
   * Who deleted them, as SR's `CANDIDATE_DELETED` audit event tells it: a user, or SR's compliance
   * mechanism (retention end, missing consent). The spec's prose also names `CANDIDATE`, which its
   * `authorType` enum lacks, so the sandbox does not produce it. Default `USER`.
   */
  authorType?: 'USER' | 'SYSTEM';
}

export type DeleteCandidateResult = { ok: true; auditEventId: string } | { ok: false; status: 404; code: 'CANDIDATE_NOT_FOUND'; message: string };

/**
 * Deletes a candidate as SR does (`DELETE /candidates/{id}`, the spec's "Candidate successfully
 * deleted"): the candidate and their applications are gone from every listing, `GET /candidates/{id}`
 * answers 404, the audit feed gets a `CANDIDATE_DELETED` event (entity `CANDIDATE`, `authorType`
 * telling the deletion's nature) and `candidate.deleted` (body `{ id }`) goes to the webhooks.
 */
export function deleteCandidate(deps: SandboxDeps, request: DeleteCandidateRequest): DeleteCandidateResult {
  const tenant = deps.tenant();
  const candidate = tenant.candidates.get(request.candidateId);
  if (!candidate) return { ok: false, status: 404, code: 'CANDIDATE_NOT_FOUND', message: 'Candidate not found' };
  for (const jobId of candidate.jobIds) tenant.applications.delete(Tenant.applicationKey(candidate.id, jobId));
  tenant.candidates.delete(candidate.id);
  tenant.reindex();
  const now = deps.clock.now();
  const authorType = request.authorType ?? 'USER';
  const event: SbAuditEvent = {
    id: `${now}-${tenant.auditEvents.length}`,
    eventName: 'CANDIDATE_DELETED',
    eventDate: now,
    authorType,
    authorId: authorType === 'USER' ? tenant.integrationUserId : 'system',
    entityType: 'CANDIDATE',
    entityId: candidate.id,
    context: {},
  };
  tenant.auditEvents.push(event);
  deps.webhooks.emit('candidate.deleted', { id: candidate.id }, `${deps.baseUrl()}/candidates/${candidate.id}`);
  return { ok: true, auditEventId: event.id };
}
