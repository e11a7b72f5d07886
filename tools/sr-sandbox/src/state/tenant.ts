/**
 * The sandbox tenant: plain in-memory records, shaped after what SR stores rather than what it
 * returns (the routes build the response shapes), so that one record can serve several endpoints.
 */
export type ApplicationStatus =
  | 'LEAD'
  | 'NEW'
  | 'IN_REVIEW'
  | 'INTERVIEW'
  | 'OFFERED'
  | 'HIRED'
  | 'REJECTED'
  | 'WITHDRAWN'
  | 'TRANSFERRED';

export interface SbJob {
  id: string;
  title: string;
  refNumber: string;
  createdOn: number;
  updatedOn: number;
  lastActivityOn: number;
  department: { id: string; label: string };
  location: { city: string; region: string; country: string; countryCode: string; remote: boolean };
  status: 'CREATED' | 'SOURCING' | 'FILLED' | 'INTERVIEW' | 'OFFER' | 'CANCELLED' | 'ON_HOLD' | 'OTHER';
  postingStatus: 'PUBLIC' | 'INTERNAL' | 'NOT_PUBLISHED' | 'PRIVATE';
  typeOfEmployment: { id: string; label: string };
  experienceLevel: { id: string; label: string };
  function: { id: string; label: string };
  compensation: { min: number; max: number; currency: string };
  description: string;
  creatorId: string;
  hiringProcessId: string;
}

export interface SbStatusChange {
  changedOn: number;
  status: ApplicationStatus;
  subStatus?: string;
}

/** A company's rejection or withdrawal reason (spec `Property`). */
export interface SbReason {
  id: string;
  label: string;
}

export interface SbApplication {
  applicationId: string;
  candidateId: string;
  jobId: string;
  status: ApplicationStatus;
  subStatus?: string;
  source: string;
  createdOn: number;
  history: SbStatusChange[];
  /** Why it was REJECTED or WITHDRAWN, when the move named a reason. */
  reason?: SbReason;
}

export interface SbCandidate {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber: string;
  createdOn: number;
  updatedOn: number;
  tags: string[];
  location: { city: string; country: string; countryCode: string };
  /** Job ids in application order: the first is the primary assignment. */
  jobIds: string[];
}

export interface SbUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: 'EMPLOYEE' | 'RESTRICTED' | 'STANDARD' | 'EXTENDED' | 'ADMINISTRATOR';
  active: boolean;
  updatedOn: number;
}

export interface SbHiringProcess {
  id: string;
  name: string;
  active: boolean;
  subStatuses: { IN_REVIEW: string[]; INTERVIEW: string[]; OFFERED: string[] };
}

export interface SbMessage {
  id: string;
  content: string;
  createdOn: number;
  visibility: 'PUBLIC' | 'INTERNAL';
  authorId: string;
  applications: { candidateId: string; jobId: string }[];
  deleted: boolean;
}

export interface SbAuditEvent {
  id: string;
  eventName: string;
  eventDate: number;
  authorType: 'USER' | 'SUPPORT_USER' | 'SYSTEM';
  authorId: string;
  entityType: 'APPLICATION' | 'CANDIDATE' | 'JOB';
  entityId: string;
  context: Record<string, string>;
}

export class Tenant {
  readonly jobs = new Map<string, SbJob>();
  /** Ascending job ids: the order of `sort=job_id` and of `pageId` cursors. */
  sortedJobIds: string[] = [];
  readonly candidates = new Map<string, SbCandidate>();
  sortedCandidateIds: string[] = [];
  /** Candidate ids per job, ascending, for `GET /candidates?jobId=`. */
  readonly candidatesByJob = new Map<string, string[]>();
  readonly applications = new Map<string, SbApplication>();
  readonly users = new Map<string, SbUser>();
  readonly hiringProcesses: SbHiringProcess[] = [];
  readonly messages: SbMessage[] = [];
  readonly auditEvents: SbAuditEvent[] = [];
  /** The company's reasons, the only ones a REJECTED or WITHDRAWN move may name. */
  readonly rejectionReasons: SbReason[] = [
    { id: 'rejection-not-qualified', label: 'Not qualified' },
    { id: 'rejection-position-filled', label: 'Position filled' },
    { id: 'rejection-no-show', label: 'Did not attend the interview' },
  ];
  readonly withdrawalReasons: SbReason[] = [
    { id: 'withdrawal-other-offer', label: 'Accepted another offer' },
    { id: 'withdrawal-not-interested', label: 'No longer interested' },
  ];
  /** The user who grants OAuth access on the authorize page (an ADMINISTRATOR, as SR recommends). */
  integrationUserId = '';

  static applicationKey(candidateId: string, jobId: string): string {
    return `${candidateId}/${jobId}`;
  }

  application(candidateId: string, jobId: string): SbApplication | undefined {
    return this.applications.get(Tenant.applicationKey(candidateId, jobId));
  }

  /** The application with SR's `applicationId` (the Job Applications API and audit events name it so). */
  applicationById(applicationId: string): SbApplication | undefined {
    // Rebuilt when applications were added since: records are inserted, never removed.
    if (this.byApplicationId.size !== this.applications.size) {
      this.byApplicationId.clear();
      for (const application of this.applications.values()) this.byApplicationId.set(application.applicationId, application);
    }
    return this.byApplicationId.get(applicationId);
  }

  private readonly byApplicationId = new Map<string, SbApplication>();

  applicationsOf(candidate: SbCandidate): SbApplication[] {
    return candidate.jobIds.map((jobId) => this.application(candidate.id, jobId)).filter((a) => a !== undefined);
  }

  /** Re-sorts the id indexes after bulk inserts. */
  reindex(): void {
    this.sortedJobIds = [...this.jobs.keys()].sort();
    this.sortedCandidateIds = [...this.candidates.keys()].sort();
    this.candidatesByJob.clear();
    for (const id of this.sortedCandidateIds) {
      for (const jobId of (this.candidates.get(id) as SbCandidate).jobIds) {
        const list = this.candidatesByJob.get(jobId);
        if (list) list.push(id);
        else this.candidatesByJob.set(jobId, [id]);
      }
    }
  }
}
