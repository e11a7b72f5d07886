import { createEvent, type EventByType, type IntegrationEvent } from '@srw/contracts';
import { deciderSpec } from '../testing';
import { describe, it } from 'vitest';
import type { CommandMetadata } from '../command';
import { DomainRuleViolation } from '../domain-rule-violation';
import { integrationDecider, type IntegrationCommand } from './integration.decider';
import { rememberedSyncRequests } from './integration.events';

const spec = deciderSpec(integrationDecider);

const tenantId = 'acme';
const meta = (causationId: string, observedAt = '2026-03-01T10:00:00.000Z'): CommandMetadata => ({
  tenantId,
  correlationId: 'corr-1',
  causationId,
  observedAt,
});

function command<T extends IntegrationCommand['type']>(
  type: T,
  data: Extract<IntegrationCommand, { type: T }>['data'],
  metadata = meta(`cmd-${type}`),
): Extract<IntegrationCommand, { type: T }> {
  return { type, data, metadata } as Extract<IntegrationCommand, { type: T }>;
}

/** The event a command of the same metadata leads to. */
function event<T extends IntegrationEvent['type']>(type: T, data: EventByType<T>['data'], metadata: CommandMetadata): EventByType<T> {
  return createEvent(type, data, metadata);
}

const grant = { connectedBy: 'admin-1', scopes: ['candidates_read', 'jobs_read'], accessTokenExpiresAt: '2026-03-01T10:30:00.000Z' };

const enableRequested = event('IntegrationEnableRequested', { requestedBy: 'admin-1', plan: 'growth' }, meta('cmd-enable'));
const connected = event('IntegrationConnected', grant, meta('cmd-connect'));
const authorizationLost = event('AuthorizationLost', { reason: 'revoked' }, meta('cmd-lose'));
const disconnected = event('IntegrationDisconnected', { disconnectedBy: 'admin-1' }, meta('cmd-disconnect'));
const syncRequested = event('SyncRequested', { kind: 'incremental', requestedBy: 'admin-1' }, meta('http-req-1'));

describe('integration decider', () => {
  describe('RequestEnable', () => {
    const requestEnable = command('RequestEnable', { requestedBy: 'admin-1', plan: 'growth' });

    it('asks for enabling a fresh integration', () => {
      spec.given([]).when(requestEnable).then([event('IntegrationEnableRequested', requestEnable.data, requestEnable.metadata)]);
    });

    it('changes nothing when repeated while waiting for the grant', () => {
      spec.given([enableRequested]).when(requestEnable).thenNothing();
      spec.given([]).when(requestEnable).thenRedeliveryChangesNothing();
    });

    it('records a new request when the plan asked for changed', () => {
      const scale = command('RequestEnable', { requestedBy: 'admin-2', plan: 'scale' });
      spec.given([enableRequested]).when(scale).then([event('IntegrationEnableRequested', scale.data, scale.metadata)]);
    });

    it('changes nothing on a connected integration', () => {
      spec.given([enableRequested, connected]).when(requestEnable).thenNothing();
    });

    it('starts over after a disconnect or a lost authorisation', () => {
      const expected = [event('IntegrationEnableRequested', requestEnable.data, requestEnable.metadata)];
      spec.given([enableRequested, connected, disconnected]).when(requestEnable).then(expected);
      spec.given([enableRequested, connected, authorizationLost]).when(requestEnable).then(expected);
    });
  });

  describe('Connect', () => {
    const connect = command('Connect', grant);

    it('connects an integration waiting for its grant', () => {
      spec.given([enableRequested]).when(connect).then([event('IntegrationConnected', grant, connect.metadata)]);
    });

    it('changes nothing when the same grant arrives twice, whatever the order of its scopes', () => {
      spec.given([enableRequested, connected]).when(connect).thenNothing();
      spec.given([enableRequested, connected]).when(command('Connect', { ...grant, scopes: [...grant.scopes].reverse() })).thenNothing();
      spec.given([enableRequested]).when(connect).thenRedeliveryChangesNothing();
    });

    it('replaces the grant of a connected integration with a new one', () => {
      const wider = command('Connect', { ...grant, scopes: [...grant.scopes, 'users_read'] });
      spec.given([enableRequested, connected]).when(wider).then([event('IntegrationConnected', wider.data, wider.metadata)]);
    });

    it('reconnects with a new grant after authorisation was lost', () => {
      const renewed = command('Connect', { ...grant, accessTokenExpiresAt: '2026-03-02T09:00:00.000Z' });
      spec
        .given([enableRequested, connected, authorizationLost, enableRequested])
        .when(renewed)
        .then([event('IntegrationConnected', renewed.data, renewed.metadata)]);
    });

    it('refuses the lost grant delivered again late', () => {
      spec
        .given([enableRequested, connected, authorizationLost])
        .when(connect)
        .thenThrows(DomainRuleViolation, (error) => error.rule === 'grant_already_lost');
    });

    it('refuses a grant nobody asked for, or one arriving after a disconnect', () => {
      spec.given([]).when(connect).thenThrows(DomainRuleViolation, (error) => error.rule === 'enable_not_requested');
      spec
        .given([enableRequested, connected, disconnected])
        .when(connect)
        .thenThrows(DomainRuleViolation, (error) => error.rule === 'enable_not_requested' && /disconnected/.test(error.message));
    });
  });

  describe('RecordTokenRefresh', () => {
    const refresh = command('RecordTokenRefresh', { expiresAt: '2026-03-01T11:00:00.000Z' });

    it('records a later expiry', () => {
      spec.given([enableRequested, connected]).when(refresh).then([event('AccessTokenRefreshed', refresh.data, refresh.metadata)]);
    });

    it('changes nothing when repeated or when older than the expiry known', () => {
      spec.given([enableRequested, connected]).when(refresh).thenRedeliveryChangesNothing();
      spec.given([enableRequested, connected]).when(command('RecordTokenRefresh', { expiresAt: grant.accessTokenExpiresAt })).thenNothing();
      spec
        .given([enableRequested, connected, event('AccessTokenRefreshed', refresh.data, refresh.metadata)])
        .when(command('RecordTokenRefresh', { expiresAt: '2026-03-01T10:45:00.000+00:00' }))
        .thenNothing();
    });

    it('compares expiries as instants, not as text', () => {
      // 11:00+02:00 is 09:00Z, before the known 10:30Z expiry.
      spec.given([enableRequested, connected]).when(command('RecordTokenRefresh', { expiresAt: '2026-03-01T11:00:00.000+02:00' })).thenNothing();
    });

    it('refuses a refresh after a disconnect, a lost authorisation, or before any grant', () => {
      const notConnected = (error: DomainRuleViolation) => error.rule === 'integration_not_connected';
      spec.given([enableRequested, connected, disconnected]).when(refresh).thenThrows(DomainRuleViolation, notConnected);
      spec.given([enableRequested, connected, authorizationLost]).when(refresh).thenThrows(DomainRuleViolation, notConnected);
      spec.given([enableRequested]).when(refresh).thenThrows(DomainRuleViolation, notConnected);
    });
  });

  describe('LoseAuthorisation', () => {
    const lose = command('LoseAuthorisation', { reason: 'invalid_grant', detail: 'refresh token rejected' });

    it('records that a connected grant was lost', () => {
      spec.given([enableRequested, connected]).when(lose).then([event('AuthorizationLost', lose.data, lose.metadata)]);
    });

    it('changes nothing when already lost, or after a disconnect deleted the tokens', () => {
      spec.given([enableRequested, connected]).when(lose).thenRedeliveryChangesNothing();
      spec.given([enableRequested, connected, authorizationLost]).when(lose).thenNothing();
      spec.given([enableRequested, connected, disconnected]).when(lose).thenNothing();
    });

    it('refuses a loss when no grant was ever held', () => {
      spec.given([]).when(lose).thenThrows(DomainRuleViolation, (error) => error.rule === 'integration_not_connected');
      spec.given([enableRequested]).when(lose).thenThrows(DomainRuleViolation, (error) => error.rule === 'integration_not_connected');
    });
  });

  describe('Disconnect', () => {
    const disconnect = command('Disconnect', { disconnectedBy: 'admin-2', reason: 'trial ended' });
    const expected = [event('IntegrationDisconnected', disconnect.data, disconnect.metadata)];

    it('disconnects a connected, connecting or unauthorised integration', () => {
      spec.given([enableRequested, connected]).when(disconnect).then(expected);
      spec.given([enableRequested]).when(disconnect).then(expected);
      spec.given([enableRequested, connected, authorizationLost]).when(disconnect).then(expected);
    });

    it('changes nothing when already disconnected or never enabled', () => {
      spec.given([enableRequested, connected]).when(disconnect).thenRedeliveryChangesNothing();
      spec.given([enableRequested, connected, disconnected]).when(disconnect).thenNothing();
      spec.given([]).when(disconnect).thenNothing();
    });
  });

  describe('ChangePlan', () => {
    const toScale = command('ChangePlan', { plan: 'scale' });

    it('records a new plan, or a new override of its interval', () => {
      spec.given([enableRequested, connected]).when(toScale).then([event('PlanChanged', toScale.data, toScale.metadata)]);
      const override = command('ChangePlan', { plan: 'growth', intervalSecondsOverride: 600 });
      spec.given([enableRequested]).when(override).then([event('PlanChanged', override.data, override.metadata)]);
    });

    it('changes nothing when the plan and override stay the same', () => {
      spec.given([enableRequested]).when(command('ChangePlan', { plan: 'growth' })).thenNothing();
      spec.given([enableRequested]).when(toScale).thenRedeliveryChangesNothing();
    });

    it('records dropping an override', () => {
      const withOverride = event('PlanChanged', { plan: 'growth', intervalSecondsOverride: 600 }, meta('cmd-plan'));
      const drop = command('ChangePlan', { plan: 'growth' });
      spec.given([enableRequested, withOverride]).when(drop).then([event('PlanChanged', drop.data, drop.metadata)]);
    });
  });

  describe('RequestSync', () => {
    const syncNow = command('RequestSync', { kind: 'incremental', requestedBy: 'admin-1' }, meta('http-req-1'));

    it('requests a sync of a connected integration', () => {
      spec.given([enableRequested, connected]).when(syncNow).then([syncRequested]);
    });

    it('changes nothing when the same request is delivered again, even after a disconnect', () => {
      spec.given([enableRequested, connected]).when(syncNow).thenRedeliveryChangesNothing();
      spec.given([enableRequested, connected, syncRequested, disconnected]).when(syncNow).thenNothing();
    });

    it('records a different request, even one just like the last', () => {
      const again = { ...syncNow, metadata: meta('http-req-2') };
      spec.given([enableRequested, connected, syncRequested]).when(again).then([event('SyncRequested', again.data, again.metadata)]);
    });

    it('refuses a sync while disconnected, connecting or unauthorised', () => {
      const notConnected = (error: DomainRuleViolation) => error.rule === 'integration_not_connected' && error.message.includes('acme');
      spec.given([enableRequested, connected, disconnected]).when(syncNow).thenThrows(DomainRuleViolation, notConnected);
      spec.given([enableRequested]).when(syncNow).thenThrows(DomainRuleViolation, notConnected);
      spec.given([enableRequested, connected, authorizationLost]).when(syncNow).thenThrows(DomainRuleViolation, notConnected);
    });

    it(`remembers the last ${rememberedSyncRequests} requests only`, () => {
      const requests = Array.from({ length: rememberedSyncRequests + 1 }, (_, i) =>
        event('SyncRequested', { kind: 'incremental', requestedBy: 'admin-1' }, meta(`http-req-${i}`)),
      );
      const history = [enableRequested, connected, ...requests];
      spec.given(history).when({ ...syncNow, metadata: meta(`http-req-${rememberedSyncRequests}`) }).thenNothing();
      spec.given(history).when({ ...syncNow, metadata: meta('http-req-0') }).then([event('SyncRequested', syncNow.data, meta('http-req-0'))]);
    });
  });

  describe('redelivered events', () => {
    it.each([enableRequested, connected, authorizationLost, disconnected])('folding $type twice changes nothing', (repeated) => {
      spec.given([enableRequested, connected, repeated]).whenRedelivered(repeated).thenStateUnchanged();
    });

    it('folding a sync request twice remembers it once', () => {
      spec.given([enableRequested, connected, syncRequested]).whenRedelivered(syncRequested).thenStateUnchanged();
    });
  });

  it('folds the lifecycle into its state', () => {
    const refreshed = event('AccessTokenRefreshed', { expiresAt: '2026-03-01T11:00:00.000Z' }, meta('cmd-refresh'));
    const planChanged = event('PlanChanged', { plan: 'enterprise', intervalSecondsOverride: 120 }, meta('cmd-plan'));
    spec.given([enableRequested, connected, refreshed, planChanged, syncRequested]).thenState({
      status: 'connected',
      plan: 'enterprise',
      intervalSecondsOverride: 120,
      grant: { ...grant, accessTokenExpiresAt: '2026-03-01T11:00:00.000Z' },
      recentSyncRequests: ['http-req-1'],
    });
  });
});
