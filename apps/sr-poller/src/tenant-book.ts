import { parseStreamName, type EventMessage, type Plan } from '@srw/contracts';
import { syncIntervalFor } from '@srw/domain';
import { applicationStatuses, type KnownApplicationStatus } from '@srw/smartrecruiters';
import type { TriggerStage } from '@srw/sr-sync';

/** What the poller knows of one tenant, folded from `integration.events.v1` and `mapping.events.v1`. */
export interface TenantSync {
  tenantId: string;
  plan: Plan;
  intervalSecondsOverride: number | undefined;
  connected: boolean;
  /** The initial (or full) run to start or go on with; unset once one completed. */
  pendingInitial: { runId: string; resumesRunId?: string } | undefined;
  /** The last run that completed, whoever ran it: the next incremental run goes on from it. */
  lastCompletedRunId: string | undefined;
  /** When the last run completed (epoch ms), whoever ran it: where the sync lag is measured from. */
  lastCompletedAt: number | undefined;
  /** When the last run started (epoch ms), whoever ran it: the next is due an interval later. */
  lastStartedAt: number | undefined;
  /** When "sync now" was asked (epoch ms) and no run has started since: due at once, whatever the interval. */
  syncRequestedAt: number | undefined;
  /** Mapped trigger stages by interview. */
  triggers: Map<string, TriggerStage[]>;
}

/** What the scheduler should do after an event. */
export type ScheduleChange = 'syncNow' | 'reschedule' | 'unschedule' | 'none';

/** The run a due tenant gets. */
export type PlannedRun =
  | { kind: 'initial'; runId: string; resumesRunId?: string }
  | { kind: 'incremental'; runId: string; sinceRunId: string };

/**
 * Every replica folds every tenant's lifecycle and runs, so any of them can take a tenant over. Run
 * ids come from event ids (`initial-<connected event id>`, and `~1`, `~2`… for its retries), so replicas agree on
 * them: whoever holds the lease starts or resumes the same initial run, and a run that completed is
 * not run again. Pure: no clock, no I/O.
 */
export class TenantBook {
  private readonly tenants = new Map<string, TenantSync>();

  get(tenantId: string): TenantSync | undefined {
    return this.tenants.get(tenantId);
  }

  connectedTenants(): TenantSync[] {
    return [...this.tenants.values()].filter((tenant) => tenant.connected);
  }

  apply(event: EventMessage): { tenantId: string; change: ScheduleChange } {
    const tenantId = event.metadata.tenantId;
    const tenant = this.tenant(tenantId);
    const change = (value: ScheduleChange) => ({ tenantId, change: value });
    switch (event.type) {
      case 'IntegrationEnableRequested':
        tenant.plan = event.data.plan;
        return change('none');
      case 'IntegrationConnected':
        tenant.connected = true;
        tenant.pendingInitial = { runId: `initial-${event.id}` };
        return change('syncNow');
      case 'SyncRequested':
        if (!tenant.connected) return change('none');
        if (event.data.kind === 'full') tenant.pendingInitial = { runId: `full-${event.id}` };
        tenant.syncRequestedAt = Date.parse(event.metadata.observedAt);
        return change('syncNow');
      case 'PlanChanged':
        tenant.plan = event.data.plan;
        tenant.intervalSecondsOverride = event.data.intervalSecondsOverride;
        return change(tenant.connected ? 'reschedule' : 'none');
      case 'IntegrationDisconnected':
      case 'AuthorizationLost':
        tenant.connected = false;
        return change('unschedule');
      case 'SyncRunStarted': {
        const startedAt = Date.parse(event.metadata.observedAt);
        tenant.lastStartedAt = Math.max(tenant.lastStartedAt ?? 0, startedAt);
        // A run another replica started after the request answers it.
        if (tenant.syncRequestedAt !== undefined && startedAt >= tenant.syncRequestedAt) tenant.syncRequestedAt = undefined;
        return change('none');
      }
      case 'SyncRunCompleted':
        this.completed(tenant, runIdOf(event.stream), Date.parse(event.metadata.observedAt));
        return change('none');
      case 'SyncRunFailed':
        this.failed(tenant, runIdOf(event.stream));
        return change('none');
      case 'InterviewJobsConnected':
        tenant.triggers.set(event.data.interviewId, event.data.jobs.flatMap((job) => job.triggerStages.flatMap((stage) => triggerOf(job.jobId, stage))));
        return change('none');
      case 'InterviewJobDisconnected': {
        const left = (tenant.triggers.get(event.data.interviewId) ?? []).filter((trigger) => trigger.jobId !== event.data.jobId);
        tenant.triggers.set(event.data.interviewId, left);
        return change('none');
      }
      default:
        return change('none');
    }
  }

  /** Our own run's end, applied at once rather than when its event comes back over the bus. */
  recordOutcome(tenantId: string, runId: string, status: 'completed' | 'failed', startedAt: number, endedAt = startedAt): void {
    const tenant = this.tenant(tenantId);
    tenant.lastStartedAt = Math.max(tenant.lastStartedAt ?? 0, startedAt);
    if (status === 'completed') this.completed(tenant, runId, endedAt);
    else this.failed(tenant, runId);
  }

  /** A run of ours is starting: it answers any "sync now" asked before it. */
  beginRun(tenantId: string): void {
    this.tenant(tenantId).syncRequestedAt = undefined;
  }

  /** The run a due tenant gets: the pending initial one, else an incremental one from the last completed. */
  nextRun(tenantId: string, newRunId: () => string): PlannedRun {
    const tenant = this.tenant(tenantId);
    if (tenant.pendingInitial) return { kind: 'initial', ...tenant.pendingInitial };
    if (tenant.lastCompletedRunId) return { kind: 'incremental', runId: `incremental-${newRunId()}`, sinceRunId: tenant.lastCompletedRunId };
    // Connected before this replica's history begins (the topic's retention): a full run is the safe start.
    return { kind: 'initial', runId: `initial-${newRunId()}` };
  }

  intervalMs(tenantId: string): number {
    const tenant = this.tenant(tenantId);
    return syncIntervalFor(tenant.plan, tenant.intervalSecondsOverride) * 1000;
  }

  /** An interval after the last run started, or now when the tenant never ran. */
  nextDueAt(tenantId: string, now: number): number {
    const tenant = this.tenant(tenantId);
    if (tenant.pendingInitial || tenant.syncRequestedAt !== undefined || tenant.lastStartedAt === undefined) return now;
    return tenant.lastStartedAt + this.intervalMs(tenantId);
  }

  triggersOf(tenantId: string): TriggerStage[] {
    const unique = new Map<string, TriggerStage>();
    for (const triggers of this.tenant(tenantId).triggers.values()) {
      for (const trigger of triggers) unique.set(`${trigger.jobId}\u0000${trigger.status}\u0000${trigger.subStatus ?? ''}`, trigger);
    }
    return [...unique.values()];
  }

  private completed(tenant: TenantSync, runId: string, at: number): void {
    tenant.lastCompletedRunId = runId;
    if (!Number.isNaN(at)) tenant.lastCompletedAt = Math.max(tenant.lastCompletedAt ?? 0, at);
    if (tenant.pendingInitial?.runId === runId) tenant.pendingInitial = undefined;
  }

  private failed(tenant: TenantSync, runId: string): void {
    // A failed initial run is gone on with by a new one that starts from its checkpoints; its id comes
    // from the failed one's, so every replica (and the bus echo of our own failure) agrees on it.
    if (tenant.pendingInitial?.runId === runId) tenant.pendingInitial = { runId: retryRunIdOf(runId), resumesRunId: runId };
  }

  private tenant(tenantId: string): TenantSync {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      tenant = {
        tenantId,
        plan: 'launch',
        intervalSecondsOverride: undefined,
        connected: false,
        pendingInitial: undefined,
        lastCompletedRunId: undefined,
        lastCompletedAt: undefined,
        lastStartedAt: undefined,
        syncRequestedAt: undefined,
        triggers: new Map(),
      };
      this.tenants.set(tenantId, tenant);
    }
    return tenant;
  }
}

/** `initial-x` → `initial-x~1` → `initial-x~2`: the n-th attempt of one initial run. */
export function retryRunIdOf(runId: string): string {
  const attempt = /^(.*)~(\d+)$/.exec(runId);
  return attempt ? `${attempt[1]}~${Number(attempt[2]) + 1}` : `${runId}~1`;
}

function runIdOf(stream: string): string {
  return parseStreamName(stream).parts[1] as string;
}

/** SR's statuses we can filter candidates by; a stage with another status cannot be polled and is left out. */
function triggerOf(jobId: string, stage: { status: string; subStatus: string | null }): TriggerStage[] {
  return (applicationStatuses as readonly string[]).includes(stage.status) ? [{ jobId, status: stage.status as KnownApplicationStatus, subStatus: stage.subStatus }] : [];
}
