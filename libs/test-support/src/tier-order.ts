/** A test file starting or ending, in the order the runner reported it. */
export interface TierEvent {
  tier: string;
  kind: 'start' | 'end';
}

/**
 * Where the tiers did not run one after another in `order`: a file of a later tier that started
 * before every file of an earlier tier had ended. Tiers missing from the run are fine.
 */
export function tierOrderViolations(events: readonly TierEvent[], order: readonly string[]): string[] {
  const lastEnd = new Map<string, number>();
  const firstStart = new Map<string, number>();
  events.forEach((event, index) => {
    if (event.kind === 'end') lastEnd.set(event.tier, index);
    else if (!firstStart.has(event.tier)) firstStart.set(event.tier, index);
  });
  const violations: string[] = [];
  order.forEach((earlier, i) => {
    for (const later of order.slice(i + 1)) {
      const end = lastEnd.get(earlier);
      const start = firstStart.get(later);
      if (end !== undefined && start !== undefined && start < end) {
        violations.push(`a ${later} file started before the last ${earlier} file ended`);
      }
    }
  });
  return violations;
}
