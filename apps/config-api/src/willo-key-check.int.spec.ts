import { TransientError } from '@srw/errors';
import { startWilloSandbox } from '@srw/willo-sandbox';
import { describe, expect, it } from 'vitest';
import { willoKeyCheck } from './willo-key-check';

describe('willoKeyCheck', () => {
  it('answers accepted for a key of the organisation, refused for an unknown or revoked one', async () => {
    const willo = await startWilloSandbox({ port: 0 });
    try {
      const check = willoKeyCheck({ baseUrl: willo.apiBaseUrl });
      const revoked = willo.control.addOrganisation().apiKey;
      willo.control.revokeApiKey(revoked);

      expect(await check(willo.apiKey)).toBe('accepted');
      expect(await check('never-issued-key')).toBe('refused');
      expect(await check(revoked)).toBe('refused');
    } finally {
      await willo.close();
    }
  });

  it('throws a TransientError, at once and without retrying, when Willo is unreachable', async () => {
    const willo = await startWilloSandbox({ port: 0 });
    const { apiBaseUrl, apiKey } = willo;
    await willo.close();

    const started = Date.now();
    await expect(willoKeyCheck({ baseUrl: apiBaseUrl })(apiKey)).rejects.toBeInstanceOf(TransientError);
    // No retry's backoff: the admin waits on this answer.
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
