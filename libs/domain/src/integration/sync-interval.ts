import type { Plan } from '@srw/contracts';

const planIntervalSeconds: Record<Plan, number> = {
  launch: 3 * 60 * 60,
  growth: 30 * 60,
  scale: 5 * 60,
  enterprise: 5 * 60,
};

/**
 * Seconds between two incremental syncs of a tenant: the tenant's override when it has one,
 * otherwise its plan's interval (Launch 3 h, Growth 30 min, Scale and Enterprise 5 min).
 */
export function syncIntervalFor(plan: Plan, intervalSecondsOverride?: number): number {
  return intervalSecondsOverride ?? planIntervalSeconds[plan];
}
