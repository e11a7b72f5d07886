import { describe, expect, it } from 'vitest';
import { hasWebhookToken, webhookTargetUrl } from './webhook-url-token';

describe('webhook URL token', () => {
  it('accepts the URL it made and refuses a wrong, missing or truncated token', () => {
    const { targetUrl, token } = webhookTargetUrl('https://integration.example/hooks/willo/tenant-1');

    expect(token).toMatch(/^[\w-]{43}$/);
    expect(hasWebhookToken(targetUrl, token)).toBe(true);
    expect(hasWebhookToken('/hooks/willo/tenant-1?token=guess', token)).toBe(false);
    expect(hasWebhookToken('/hooks/willo/tenant-1', token)).toBe(false);
    expect(hasWebhookToken(`/hooks/willo/tenant-1?token=${token.slice(0, -1)}`, token)).toBe(false);
  });
});
