import { ValidationError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { barrier } from '../testing/barrier';
import { InMemoryNonceStore } from '../testing/in-memory-nonce-store';
import { testKey } from '../testing/test-keys';
import { OAuthStateError, OAuthStateSigner, type OAuthStateFailure } from './oauth-state-signer';

const t0 = Date.UTC(2026, 11, 2, 3, 0, 0);
const minute = 60_000;
const request = { tenant: 'acme', userId: 'u-1', returnTo: '/integrations/acme' };

function signer(key = testKey('state')) {
  return new OAuthStateSigner({ key, nonces: new InMemoryNonceStore() });
}

async function refusal(work: Promise<unknown>): Promise<OAuthStateFailure | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    if (error instanceof OAuthStateError) return error.reason;
    throw error;
  }
}

/** Re-encodes a state's payload with `change` applied, keeping the original signature. */
function withPayload(state: string, change: (payload: Record<string, unknown>) => void): string {
  const [encoded, mac] = state.split('.') as [string, string];
  const payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(payload);
  return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
}

describe('OAuthStateSigner', () => {
  it('issues a state that consumes once to its claims, within 10 minutes', async () => {
    const s = signer();
    const state = s.issue(request, t0);
    const claims = await s.consume(state, { tenant: 'acme', userId: 'u-1' }, t0 + 10 * minute - 1);
    expect(claims).toEqual({ ...request, nonce: expect.any(String), expiresAt: t0 + 10 * minute });
    expect(Buffer.from(claims.nonce, 'base64url')).toHaveLength(16);
  });

  it('gives each state its own nonce', () => {
    const s = signer();
    expect(s.issue(request, t0)).not.toBe(s.issue(request, t0));
  });

  it('refuses a replayed state, also when the replays race', async () => {
    const s = signer();
    const state = s.issue(request, t0);
    await s.consume(state, {}, t0 + minute);
    expect(await refusal(s.consume(state, {}, t0 + minute))).toBe('replayed');

    const racing = s.issue(request, t0);
    const gate = barrier(10);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, async () => {
        await gate.arrive();
        return (await refusal(s.consume(racing, {}, t0 + minute))) ?? 'accepted';
      }),
    );
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'replayed')).toHaveLength(9);
  });

  it('refuses an expired state at exactly 10 minutes and after', async () => {
    const s = signer();
    expect(await refusal(s.consume(s.issue(request, t0), {}, t0 + 10 * minute))).toBe('expired');
    expect(await refusal(s.consume(s.issue(request, t0), {}, t0 + 60 * minute))).toBe('expired');
  });

  it('refuses forged states: another key, an edited payload, a cut signature, garbage', async () => {
    const s = signer();
    const state = s.issue(request, t0);
    const cases = [
      signer(testKey('other')).issue(request, t0),
      withPayload(state, (p) => (p['t'] = 'globex')),
      withPayload(state, (p) => (p['exp'] = t0 + 24 * 60 * minute)),
      state.slice(0, -2),
      state.split('.')[0]!,
      `${state}.extra`,
      '',
      'x'.repeat(5000),
    ];
    for (const forged of cases) expect(await refusal(s.consume(forged, {}, t0 + minute)), forged.slice(0, 40)).toBe('forged');
  });

  it('refuses a state presented for another tenant or by another user, without spending it', async () => {
    const s = signer();
    const state = s.issue(request, t0);
    expect(await refusal(s.consume(state, { tenant: 'globex' }, t0 + minute))).toBe('wrong-tenant');
    expect(await refusal(s.consume(state, { tenant: 'acme', userId: 'u-2' }, t0 + minute))).toBe('wrong-user');
    expect((await s.consume(state, { tenant: 'acme', userId: 'u-1' }, t0 + minute)).tenant).toBe('acme');
  });

  it('is a ForbiddenError saying which check failed, and never echoes the state', async () => {
    const s = signer();
    const state = s.issue(request, t0);
    const error = await s.consume(state, { tenant: 'globex' }, t0 + minute).catch((e: unknown) => e as OAuthStateError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', reason: 'wrong-tenant', retryable: false });
    expect((error as Error).message).not.toContain(state.split('.')[1]!);
  });

  it('purges expired nonces as it consumes', async () => {
    const nonces = new InMemoryNonceStore();
    const s = new OAuthStateSigner({ key: testKey('state'), nonces });
    await s.consume(s.issue(request, t0), {}, t0 + minute);
    await s.consume(s.issue(request, t0 + 20 * minute), {}, t0 + 21 * minute);
    expect(await nonces.purgeExpired(t0 + 21 * minute)).toBe(0);
  });

  it('refuses a bad config and a returnTo that leaves the site', () => {
    expect(() => new OAuthStateSigner({ key: Buffer.alloc(16).toString('base64'), nonces: new InMemoryNonceStore(), ttlMs: 0 })).toThrow(
      /key: must decode to at least 32 bytes \(got 16\); ttlMs: must be a positive integer/,
    );
    const s = signer();
    for (const returnTo of ['https://evil.example', '//evil.example', '/\\evil.example', 'relative']) {
      expect(() => s.issue({ ...request, returnTo }, t0)).toThrow(ValidationError);
    }
    expect(() => s.issue({ tenant: '', userId: '' }, t0)).toThrow(/tenant: must be a non-empty string; userId: must be a non-empty string/);
  });
});
