import type { SandboxDeps } from '../sandbox-deps';
import type { ApplicationStatus, SbApplication } from './tenant';

export interface MoveRequest {
  candidateId: string;
  jobId: string;
  status: ApplicationStatus;
  subStatus?: string;
  /** A rejection or withdrawal reason id (only for REJECTED and WITHDRAWN). */
  reason?: string;
  /** Who moved it; defaults to the tenant's integration user. */
  authorId?: string;
}

export type MoveResult =
  | { ok: true; application: SbApplication }
  | { ok: false; status: 400 | 404; code: string; message: string };

const stepStatuses = new Set<ApplicationStatus>(['IN_REVIEW', 'INTERVIEW', 'OFFERED']);

/**
 * Moves an application to a stage as a recruiter would in SR: appends to its status history, writes
 * a JOB_APPLICATION_STATE_MODIFIED audit event and emits `application.status.updated` to webhooks.
 */
export function moveApplication(deps: SandboxDeps, request: MoveRequest): MoveResult {
  const tenant = deps.tenant();
  const application = tenant.application(request.candidateId, request.jobId);
  if (!application) {
    return { ok: false, status: 404, code: 'CANDIDATE_NOT_FOUND', message: 'No application of this candidate to this job' };
  }
  const job = tenant.jobs.get(request.jobId);
  const process = tenant.hiringProcesses.find((p) => p.id === job?.hiringProcessId);
  if (stepStatuses.has(request.status)) {
    const steps = process?.subStatuses[request.status as 'IN_REVIEW' | 'INTERVIEW' | 'OFFERED'] ?? [];
    if (request.subStatus === undefined) {
      return { ok: false, status: 400, code: 'REQUIRED_SUB_STATUS_OMITTED', message: `${request.status} needs a subStatus` };
    }
    if (!steps.includes(request.subStatus)) {
      return { ok: false, status: 400, code: 'INVALID_SUB_STATUS', message: `${request.subStatus} is not a step of ${request.status}` };
    }
  } else if (request.subStatus !== undefined) {
    return { ok: false, status: 400, code: 'INVALID_SUB_STATUS', message: `${request.status} has no steps` };
  }
  const reasons = request.status === 'REJECTED' ? tenant.rejectionReasons : request.status === 'WITHDRAWN' ? tenant.withdrawalReasons : undefined;
  const reason = request.reason === undefined ? undefined : reasons?.find((r) => r.id === request.reason);
  if (request.reason !== undefined && reasons === undefined) {
    return { ok: false, status: 400, code: 'NO_REASON_SUPPORT_FOR_STATUS', message: `${request.status} takes no reason (only REJECTED and WITHDRAWN do)` };
  }
  if (request.reason !== undefined && reason === undefined) {
    return { ok: false, status: 400, code: 'REASON_NOT_FOUND', message: `${request.reason} is not a ${request.status === 'REJECTED' ? 'rejection' : 'withdrawal'} reason` };
  }
  const now = deps.clock.now();
  const previous = { status: application.status, subStatus: application.subStatus };
  application.status = request.status;
  if (request.subStatus === undefined) delete application.subStatus;
  else application.subStatus = request.subStatus;
  if (reason === undefined) delete application.reason;
  else application.reason = reason;
  application.history.push({ changedOn: now, status: request.status, ...(request.subStatus ? { subStatus: request.subStatus } : {}) });
  // Not `job.lastActivityOn`: the spec bumps it on edits, new applications and publishing only.
  const candidate = tenant.candidates.get(request.candidateId);
  if (candidate && deps.settings.statusChangeBumpsCandidateUpdatedOn) candidate.updatedOn = now;

  tenant.auditEvents.push({
    id: `${now}-${tenant.auditEvents.length}`,
    eventName: 'JOB_APPLICATION_STATE_MODIFIED',
    eventDate: now,
    authorType: 'USER',
    authorId: request.authorId ?? tenant.integrationUserId,
    entityType: 'APPLICATION',
    entityId: application.applicationId,
    // Only the documented context (spec, JOB_APPLICATION_STATE_MODIFIED): the event names the
    // application by `entityId`, not its candidate or job.
    context: {
      currentStatus: application.status,
      ...(application.subStatus ? { currentStep: application.subStatus } : {}),
      previousStatus: previous.status,
      ...(previous.subStatus ? { previousStep: previous.subStatus } : {}),
    },
  });
  deps.webhooks.emit(
    'application.status.updated',
    { job_id: application.jobId, candidate_id: application.candidateId, application_id: application.applicationId },
    `${deps.baseUrl()}/candidates/${application.candidateId}/jobs/${application.jobId}`,
  );
  return { ok: true, application };
}
