import type { Plan } from '@srw/contracts';
import { syncIntervalFor } from '@srw/domain';
import { createGate } from '@srw/test-support';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock';
import { SyncScheduler } from './sync-scheduler';

const minute = 60_000;
const hour = 60 * minute;

/** A scheduler whose runs record when they started and plan the next one at the plan's interval. */
function planned(plans: Record<string, Plan>, overrides: Record<string, number> = {}) {
  const clock = new ManualClock();
  const runs: { tenantId: string; at: number }[] = [];
  const scheduler: SyncScheduler = new SyncScheduler({
    clock,
    maxConcurrent: 100,
    run: async (tenantId) => {
      runs.push({ tenantId, at: clock.now() });
      scheduler.schedule(tenantId, clock.now() + syncIntervalFor(plans[tenantId] as Plan, overrides[tenantId]) * 1000);
    },
  });
  return { clock, runs, scheduler };
}

describe('SyncScheduler', () => {
  it('syncs each tenant at its plan interval: Launch 3 h, Growth 30 min, Scale and Enterprise 5 min, an override wins', async () => {
    const plans: Record<string, Plan> = { launch: 'launch', growth: 'growth', scale: 'scale', enterprise: 'enterprise', custom: 'launch' };
    const { clock, runs, scheduler } = planned(plans, { custom: 10 * 60 });
    const start = clock.now();
    for (const tenantId of Object.keys(plans)) scheduler.schedule(tenantId, start);

    // Step minute by minute so every run's own reschedule happens before the clock moves on.
    for (let elapsed = 0; elapsed <= 6 * hour; elapsed += minute) {
      clock.advanceTo(start + elapsed);
      await scheduler.settled();
    }

    const offsets = (tenantId: string) => runs.filter((r) => r.tenantId === tenantId).map((r) => (r.at - start) / minute);
    expect(offsets('launch')).toEqual([0, 180, 360]);
    expect(offsets('growth')).toEqual(Array.from({ length: 13 }, (_, i) => i * 30));
    expect(offsets('scale')).toEqual(Array.from({ length: 73 }, (_, i) => i * 5));
    expect(offsets('enterprise')).toEqual(offsets('scale'));
    expect(offsets('custom')).toEqual(Array.from({ length: 37 }, (_, i) => i * 10));
  });

  it('carries 5,000 tenants with one timer, armed for the earliest, and runs them in due order', async () => {
    const clock = new ManualClock();
    const started: string[] = [];
    const scheduler = new SyncScheduler({ clock, maxConcurrent: 8, run: async (tenantId) => void started.push(tenantId) });
    const start = clock.now();
    // Due times spread over an hour in a scrambled order (a stride coprime with 5,000).
    const dueOf = (i: number) => start + ((i * 7_919) % 5_000) * 720;
    for (let i = 0; i < 5_000; i++) scheduler.schedule(`t${i}`, dueOf(i) + 1);

    expect(scheduler.size).toBe(5_000);
    expect(clock.armedTimers).toBe(1);
    expect(clock.nextTimerAt).toBe(start + 1);

    for (let step = 0; step <= 5_000; step++) {
      clock.advanceTo(start + step * 720 + 1);
      await scheduler.settled();
      expect(clock.armedTimers).toBeLessThanOrEqual(1);
    }
    expect(started).toHaveLength(5_000);
    const dues = started.map((tenantId) => dueOf(Number(tenantId.slice(1))));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(clock.armedTimers).toBe(0);
  });

  it('sync now jumps the queue: ahead of tenants that were due before it', async () => {
    const clock = new ManualClock();
    const started: string[] = [];
    const gate = createGate();
    const scheduler = new SyncScheduler({
      clock,
      maxConcurrent: 1,
      run: async (tenantId) => {
        started.push(tenantId);
        if (tenantId === 'busy') await gate.wait();
      },
    });
    scheduler.schedule('busy', clock.now());
    await gate.reached; // the only slot is taken
    for (let i = 0; i < 10; i++) scheduler.schedule(`due${i}`, clock.now() - 10 + i);
    scheduler.syncNow('urgent');
    gate.open();
    await scheduler.settled();
    for (let round = 0; round < 12 && started.length < 12; round++) {
      clock.advance(0);
      await scheduler.settled();
    }
    expect(started).toEqual(['busy', 'urgent', ...Array.from({ length: 10 }, (_, i) => `due${i}`)]);
  });

  it('a later regular plan does not demote a waiting sync now (a run rescheduling itself while one was asked)', async () => {
    const clock = new ManualClock();
    const gate = createGate();
    const scheduler = new SyncScheduler({ clock, maxConcurrent: 1, run: () => gate.wait() });
    scheduler.schedule('busy', clock.now());
    await gate.reached;
    scheduler.syncNow('t');
    const urgentAt = scheduler.dueAt('t');
    scheduler.schedule('t', clock.now() + hour);
    expect(urgentAt).toBe(clock.now());
    expect(scheduler.dueAt('t')).toBe(urgentAt);
    gate.open();
    await scheduler.settled();
  });

  it('unschedule removes a tenant: it never runs, and the timer moves to the next one', async () => {
    const clock = new ManualClock();
    const started: string[] = [];
    const scheduler = new SyncScheduler({ clock, run: async (tenantId) => void started.push(tenantId) });
    const start = clock.now();
    scheduler.schedule('gone', start + minute);
    scheduler.schedule('kept', start + 2 * minute);
    expect(clock.nextTimerAt).toBe(start + minute);

    scheduler.unschedule('gone');
    expect(scheduler.dueAt('gone')).toBeUndefined();
    expect(scheduler.size).toBe(1);
    expect(clock.nextTimerAt).toBe(start + 2 * minute);

    clock.advance(3 * minute);
    await scheduler.settled();
    expect(started).toEqual(['kept']);
  });

  it('never runs one tenant twice at once: due again while running, it starts after the run ends', async () => {
    const clock = new ManualClock();
    const gate = createGate();
    let active = 0;
    let maxActive = 0;
    const started: number[] = [];
    const scheduler = new SyncScheduler({
      clock,
      run: async () => {
        started.push(clock.now());
        maxActive = Math.max(maxActive, ++active);
        if (started.length === 1) await gate.wait();
        active--;
      },
    });
    scheduler.schedule('t', clock.now());
    await gate.reached;
    scheduler.syncNow('t');
    clock.advance(0);
    expect(started).toHaveLength(1);
    gate.open();
    await scheduler.settled();
    await scheduler.settled();
    expect(started).toHaveLength(2);
    expect(maxActive).toBe(1);
  });

  it('stop disarms the timer and starts nothing more', async () => {
    const clock = new ManualClock();
    const started: string[] = [];
    const scheduler = new SyncScheduler({ clock, run: async (tenantId) => void started.push(tenantId) });
    scheduler.schedule('t', clock.now() + minute);
    await scheduler.stop();
    expect(clock.armedTimers).toBe(0);
    clock.advance(hour);
    scheduler.syncNow('t');
    await scheduler.settled();
    expect(started).toEqual([]);
  });
  it('stop with a grace period: a sync still running when it is over is aborted through its signal, and stop resolves once that sync has ended', async () => {
    const clock = new ManualClock();
    const never = createGate();
    const ended: { tenantId: string; reason: unknown }[] = [];
    const scheduler = new SyncScheduler({
      clock,
      run: async (tenantId, signal) => {
        // A sync that would run far past the grace (a long initial sync): only its signal ends it.
        await Promise.race([never.wait(), new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
        ended.push({ tenantId, reason: signal.reason });
      },
    });
    scheduler.syncNow('long');
    await never.reached;
    let stopped = false;
    const stopping = scheduler.stop({ graceMs: minute }).then(() => void (stopped = true));
    clock.advance(minute - 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect({ stopped, ended }).toEqual({ stopped: false, ended: [] });
    clock.advance(1);
    await stopping;
    expect(ended).toEqual([{ tenantId: 'long', reason: expect.any(Error) }]);
    expect(scheduler.isRunning('long')).toBe(false);
  });

  it('stop with a grace period: a sync that ends within it is never aborted', async () => {
    const clock = new ManualClock();
    const gate = createGate();
    const signals: AbortSignal[] = [];
    const scheduler = new SyncScheduler({ clock, run: async (_tenantId, signal) => (signals.push(signal), gate.wait()) });
    scheduler.syncNow('short');
    await gate.reached;
    const stopping = scheduler.stop({ graceMs: minute });
    gate.open();
    await stopping;
    expect(signals.map((signal) => signal.aborted)).toEqual([false]);
    expect(clock.armedTimers).toBe(0);
  });
});
