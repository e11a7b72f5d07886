import { AuthorizationLostError } from '@srw/errors';
import { createGate, type Gate } from '@srw/test-support';
import { describe, expect, it } from 'vitest';
import { OAuthAccessTokens } from './access-tokens';
import { InMemoryTokenStore, type SrTokens, type TokenStore } from './token-store';

const now = 1_000_000;
const tokens = (n: number, expiresAt = now + 30 * 60_000): SrTokens => ({ accessToken: `at${n}`, refreshToken: `rt${n}`, expiresAt, scopes: [] });

/**
 * A token endpoint twin with single-use refresh tokens. `answer`, when given, holds every answer until
 * the test opens it; `onRefused` is told of each refusal.
 */
function fakeOAuth(initial: string, { answer, onRefused }: { answer?: Gate; onRefused?: () => void } = {}) {
  let live = initial;
  let n = 1;
  const calls: string[] = [];
  return {
    calls,
    async refresh(refreshToken: string): Promise<SrTokens> {
      calls.push(refreshToken);
      await answer?.wait();
      if (refreshToken !== live) {
        onRefused?.();
        throw new AuthorizationLostError('invalid_grant');
      }
      const next = tokens(++n);
      live = next.refreshToken;
      return next;
    },
  };
}

describe('OAuthAccessTokens', () => {
  it('reuses a valid token without refreshing', async () => {
    const oauth = fakeOAuth('rt1');
    const source = new OAuthAccessTokens(new InMemoryTokenStore(tokens(1)), oauth, { now: () => now });
    expect(await source.accessToken()).toBe('at1');
    expect(oauth.calls).toEqual([]);
  });

  it('given 50 callers at expiry, refreshes once and stores the rotated refresh token', async () => {
    const answer = createGate();
    const oauth = fakeOAuth('rt1', { answer });
    const store = new InMemoryTokenStore(tokens(1, now - 1));
    const source = new OAuthAccessTokens(store, oauth, { now: () => now });
    const calls = Array.from({ length: 50 }, () => source.accessToken());
    // SR answers only once all 50 callers are waiting: none of them can reuse a finished refresh.
    await answer.reached;
    answer.open();
    const results = await Promise.all(calls);
    expect(results).toEqual(Array<string>(50).fill('at2'));
    expect(oauth.calls).toEqual(['rt1']);
    expect((await store.read())?.refreshToken).toBe('rt2');
  });

  it('refreshes when SR rejected the current token, even before its expiry', async () => {
    const oauth = fakeOAuth('rt1');
    const source = new OAuthAccessTokens(new InMemoryTokenStore(tokens(1)), oauth, { now: () => now });
    source.rejected(await source.accessToken());
    expect(await source.accessToken()).toBe('at2');
  });

  it('adopts tokens another process already refreshed instead of spending the old refresh token', async () => {
    const oauth = fakeOAuth('rt1');
    const store = new InMemoryTokenStore(tokens(1, now - 1));
    const source = new OAuthAccessTokens(store, oauth, { now: () => now });
    await source.accessToken().catch(() => undefined);
    // simulate the other process: refresh rt2 → rt3 behind this instance's back
    await store.compareAndSwap('rt2', { ...tokens(3), expiresAt: now + 60 * 60_000 });
    source.rejected('at2');
    expect(await source.accessToken()).toBe('at3');
    expect(oauth.calls).toEqual(['rt1']);
  });

  it('surfaces a refused grant as AuthorizationLostError and does not retry the dead token', async () => {
    const oauth = fakeOAuth('something-else');
    // No other process shares this store: nothing to wait for, and a unit test does not wait in real time.
    const source = new OAuthAccessTokens(new InMemoryTokenStore(tokens(1, now - 1)), oauth, { now: () => now, lostGrantGraceMs: 0 });
    await expect(source.accessToken()).rejects.toBeInstanceOf(AuthorizationLostError);
    await expect(source.accessToken()).rejects.toBeInstanceOf(AuthorizationLostError);
    expect(oauth.calls).toEqual(['rt1']);
  });

  it('fails with AuthorizationLostError when nothing is stored', async () => {
    const source = new OAuthAccessTokens(new InMemoryTokenStore(), fakeOAuth('x'), { now: () => now });
    await expect(source.accessToken()).rejects.toBeInstanceOf(AuthorizationLostError);
  });
});

describe('OAuthAccessTokens across processes sharing one store', () => {
  it('does not report the grant lost when another process won the refresh but has not stored it yet', async () => {
    // The interleaving is forced: the winner stores its tokens only after SR has refused the loser,
    // and the loser looks at the store again only after the winner stored.
    const loserRefused = createGate();
    const winnerStored = createGate();
    const oauth = fakeOAuth('rt1', { onRefused: () => loserRefused.open() });
    const shared = new InMemoryTokenStore(tokens(1, now - 1));
    const lateWrites: TokenStore = {
      read: () => shared.read(),
      compareAndSwap: async (expected, next) => {
        await loserRefused.wait();
        const swapped = await shared.compareAndSwap(expected, next);
        winnerStored.open();
        return swapped;
      },
    };
    const options = { now: () => now, sleep: () => winnerStored.wait() };
    const a = new OAuthAccessTokens(lateWrites, oauth, options);
    const b = new OAuthAccessTokens(lateWrites, oauth, options);
    const [fromA, fromB] = await Promise.all([a.accessToken(), b.accessToken()]);
    expect(fromA).toBe('at2');
    expect(fromB).toBe('at2');
    expect(oauth.calls).toEqual(['rt1', 'rt1']);
    expect((await shared.read())?.refreshToken).toBe('rt2');
  });
});

describe('InMemoryTokenStore', () => {
  it('swaps only when the expected refresh token is still stored', async () => {
    const store = new InMemoryTokenStore(tokens(1));
    expect(await store.compareAndSwap('rt0', tokens(2))).toBe(false);
    expect(await store.compareAndSwap('rt1', tokens(2))).toBe(true);
    expect(await store.compareAndSwap('rt1', tokens(3))).toBe(false);
    expect((await store.read())?.refreshToken).toBe('rt2');
  });
});
