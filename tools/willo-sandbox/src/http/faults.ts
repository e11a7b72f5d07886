/**
 * Faults injected into API calls, each at a chosen rate:
 * - `error` answers a 5xx before the handler runs (nothing happened);
 * - `error-after` runs the handler, then answers a 5xx anyway (it happened, the caller cannot tell);
 * - `throttle` answers as an exceeded quota would;
 * - `latency` delays the answer.
 */
export interface FaultPlan {
  kind: 'error' | 'error-after' | 'throttle' | 'latency';
  /** Probability per matching request, 0..1. */
  rate: number;
  /** For `error`/`error-after`: 500, 502 or 503 (default 503). */
  status?: 500 | 502 | 503;
  /** For `latency`. */
  latencyMs?: number;
  /** Only requests with this method (e.g. `POST`). */
  method?: string;
  /** Only requests whose path (below the API root) starts with this, e.g. `/participants/`. */
  pathPrefix?: string;
  /** Stop after this many injections. */
  times?: number;
}

export interface ActiveFault {
  id: number;
  plan: FaultPlan;
  injected: number;
}

export class FaultInjector {
  private nextId = 1;
  readonly active: ActiveFault[] = [];

  constructor(private readonly random: () => number) {}

  add(plan: FaultPlan): number {
    const id = this.nextId++;
    this.active.push({ id, plan, injected: 0 });
    return id;
  }

  clear(): void {
    this.active.length = 0;
  }

  /** The faults that fire for this request; each is counted as it is drawn. */
  draw(method: string, path: string): FaultPlan[] {
    const fired: FaultPlan[] = [];
    for (const fault of this.active) {
      const { plan } = fault;
      if (plan.method !== undefined && plan.method.toUpperCase() !== method.toUpperCase()) continue;
      if (plan.pathPrefix !== undefined && !path.startsWith(plan.pathPrefix)) continue;
      if (plan.times !== undefined && fault.injected >= plan.times) continue;
      if (this.random() >= plan.rate) continue;
      fault.injected += 1;
      fired.push(plan);
    }
    return fired;
  }
}
