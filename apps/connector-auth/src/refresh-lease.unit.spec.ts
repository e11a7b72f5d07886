import { TransientError } from '@srw/errors';
import type { SrTokens } from '@srw/smartrecruiters';
import { createGate } from '@srw/test-support';
import { InMemoryNonceStore } from '@srw/vault/testing';
import { describe, expect, it } from 'vitest';
import { leasedRefresh } from './refresh-lease';

const tokens = (n: number): SrTokens => ({ accessToken: `at${n}`, refreshToken: `rt${n}`, expiresAt: 1_000 + n, scopes: [] });

/** Two replicas of one tenant's refresh over one lease store and one vault record, on a clock the test moves. */
function replicas(beforeEachSleep: () => Promise<void> = async () => undefined) {
  let now = 0;
  let stored: SrTokens | undefined = tokens(1);
  const srCalls: string[] = [];
  const answer = createGate();
  const leases = new InMemoryNonceStore();
  const sleeps: number[] = [];
  const replica = () =>
    leasedRefresh({
      leases,
      store: { read: async () => stored },
      sr: {
        refresh: async (refreshToken) => {
          srCalls.push(refreshToken);
          await answer.wait();
          return tokens(Number(refreshToken.slice(2)) + 1);
        },
      },
      clock: { now: () => now },
      tenant: 'acme',
      leaseMs: 1_000,
      pollMs: 100,
      // Waiting moves the clock instead of time passing.
      sleep: async (ms) => {
        await beforeEachSleep();
        sleeps.push(ms);
        now += ms;
      },
    });
  return {
    replica,
    srCalls,
    answer,
    sleeps,
    store: (next: SrTokens | undefined) => (stored = next),
    advance: (ms: number) => (now += ms),
  };
}

describe('leasedRefresh', () => {
  it('lets one replica spend the refresh token; the other answers with the rotation it stored', async () => {
    const loserWaits = createGate();
    const world = replicas(() => loserWaits.wait());
    const [first, second] = [world.replica(), world.replica()];
    const winner = first('rt1');
    await world.answer.reached;
    // The loser finds the claim taken: it waits on the vault rather than asking SR.
    const loser = second('rt1');
    await loserWaits.reached;
    world.answer.open();
    world.store(await winner);
    loserWaits.open();
    expect(await loser).toEqual(tokens(2));
    expect(world.srCalls).toEqual(['rt1']);
  });

  it('claims each refresh token apart: the next rotation is refreshed again', async () => {
    const world = replicas();
    world.answer.open();
    const replica = world.replica();
    expect(await replica('rt1')).toEqual(tokens(2));
    expect(await replica('rt2')).toEqual(tokens(3));
    expect(world.srCalls).toEqual(['rt1', 'rt2']);
  });

  it('gives up with a TransientError when the winner never stores, and claims afresh once the lease expired', async () => {
    const world = replicas();
    const replica = world.replica();
    const abandoned = replica('rt1'); // the "winner" that died: SR never answers it
    await world.answer.reached;
    await expect(world.replica()('rt1')).rejects.toBeInstanceOf(TransientError);
    expect(world.sleeps.reduce((a, b) => a + b, 0)).toBe(1_000);
    world.advance(1);
    world.answer.open();
    expect(await world.replica()('rt1')).toEqual(tokens(2));
    expect(world.srCalls).toEqual(['rt1', 'rt1']);
    await abandoned;
  });
});
