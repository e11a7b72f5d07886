import { describe, expect, it } from 'vitest';
import { integrationScopes } from '../scopes';
import { buildAuthorizeUrl } from './authorize-url';

describe('buildAuthorizeUrl', () => {
  it('targets SR consent page with the client, exact redirect URI, %20-separated scopes and state', () => {
    const url = buildAuthorizeUrl({ clientId: 'cid', redirectUri: 'https://app.example/cb', scopes: ['jobs_read', 'candidates_read'], state: 's 1' });
    expect(url.startsWith('https://www.smartrecruiters.com/identity/oauth/allow?')).toBe(true);
    expect(url).toContain('scope=jobs_read%20candidates_read');
    expect(url).not.toContain('+');
    const params = new URL(url).searchParams;
    expect(params.get('client_id')).toBe('cid');
    expect(params.get('redirect_uri')).toBe('https://app.example/cb');
    expect(params.get('state')).toBe('s 1');
  });

  it('refuses an empty scope, which SR rejects', () => {
    expect(() => buildAuthorizeUrl({ clientId: 'c', redirectUri: 'https://a', scopes: [], state: 's' })).toThrow(RangeError);
  });

  it('asks for what the features need, including notes, audit events and webhooks', () => {
    expect(integrationScopes()).toEqual(expect.arrayContaining(['jobs_read', 'candidates_read', 'messages_write', 'audit_events_read', 'webhooks_manage']));
    expect(integrationScopes({ statusHistoryScope: 'candidates_status_read' })).toContain('candidates_status_read');
  });
});
