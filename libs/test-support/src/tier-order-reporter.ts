import type { Reporter, TestModule } from 'vitest/node';
import { tierOrderViolations, type TierEvent } from './tier-order';

/**
 * Proves on every run that the tiers ran in the README's order (unit, then int, then e2e), as the
 * projects' `sequence.groupOrder` asks: records the order in which test files start and end, and
 * fails the run if a later tier's file started while an earlier tier's was still running.
 */
export default class TierOrderReporter implements Reporter {
  private readonly events: TierEvent[] = [];
  private readonly order = ['unit', 'int', 'e2e'] as const;

  onTestModuleStart(module: TestModule): void {
    this.events.push({ tier: module.project.name, kind: 'start' });
  }

  onTestModuleEnd(module: TestModule): void {
    this.events.push({ tier: module.project.name, kind: 'end' });
  }

  onTestRunEnd(): void {
    const violations = tierOrderViolations(this.events, this.order);
    const files = this.order
      .map((tier) => `${tier} ${this.events.filter((e) => e.tier === tier && e.kind === 'end').length}`)
      .join(', ');
    if (violations.length === 0) {
      console.info(`tier order: ran one after another (${this.order.join(' → ')}); files: ${files}`);
      return;
    }
    console.error(`tier order: VIOLATED: ${violations.join('; ')}`);
    process.exitCode = 1;
  }
}
