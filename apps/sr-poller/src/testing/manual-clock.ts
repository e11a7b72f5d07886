import type { SchedulerClock } from '../scheduler/scheduler-clock';

interface PendingTimer {
  at: number;
  fire: () => void;
}

/**
 * A clock the spec moves by hand: timers fire only inside `advance`, in time order, and the spec
 * can count how many are armed (the scheduler keeps one, whatever the number of tenants).
 */
export class ManualClock implements SchedulerClock {
  private readonly timers = new Set<PendingTimer>();

  constructor(private current = Date.UTC(2026, 0, 5, 9, 0)) {}

  now = (): number => this.current;

  setTimer = (delayMs: number, fire: () => void): (() => void) => {
    const timer = { at: this.current + Math.max(0, delayMs), fire };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  };

  get armedTimers(): number {
    return this.timers.size;
  }

  /** When the earliest armed timer fires, if any. */
  get nextTimerAt(): number | undefined {
    let earliest: number | undefined;
    for (const timer of this.timers) if (earliest === undefined || timer.at < earliest) earliest = timer.at;
    return earliest;
  }

  /** Moves time forward by `ms`, firing each timer that comes due at its own time. */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  advanceTo(target: number): void {
    for (;;) {
      const due = [...this.timers].filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.delete(due);
      this.current = Math.max(this.current, due.at);
      due.fire();
    }
    this.current = target;
  }
}
