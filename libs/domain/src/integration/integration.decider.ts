import { createEvent, type EventByType } from '@srw/contracts';
import type { Command } from '../command';
import type { Decider } from '../decider';
import { DomainRuleViolation } from '../domain-rule-violation';
import {
  evolveIntegration,
  initialIntegrationState,
  type Grant,
  type IntegrationEvent,
  type IntegrationState,
} from './integration.events';

type DataOf<T extends IntegrationEvent['type']> = EventByType<T>['data'];

/** The admin asked to enable the integration (or to authorise again after a lost grant). */
export type RequestEnable = Command<'RequestEnable', DataOf<'IntegrationEnableRequested'>>;
/** SR granted access: the OAuth callback exchanged its code for tokens. */
export type Connect = Command<'Connect', DataOf<'IntegrationConnected'>>;
export type RecordTokenRefresh = Command<'RecordTokenRefresh', DataOf<'AccessTokenRefreshed'>>;
/** SR refused the grant (revoked, expired, scope removed): a person must authorise again. */
export type LoseAuthorisation = Command<'LoseAuthorisation', DataOf<'AuthorizationLost'>>;
export type Disconnect = Command<'Disconnect', DataOf<'IntegrationDisconnected'>>;
export type ChangePlan = Command<'ChangePlan', DataOf<'PlanChanged'>>;
/** "Sync now", or a scheduled full sync. */
export type RequestSync = Command<'RequestSync', DataOf<'SyncRequested'>>;

export type IntegrationCommand =
  | RequestEnable
  | Connect
  | RecordTokenRefresh
  | LoseAuthorisation
  | Disconnect
  | ChangePlan
  | RequestSync;

function notConnected(command: IntegrationCommand, state: IntegrationState): DomainRuleViolation {
  return new DomainRuleViolation(
    'integration_not_connected',
    `${command.type} needs a connected integration; tenant ${command.metadata.tenantId} is ${state.status}`,
  );
}

function sameGrant(grant: Grant | undefined, data: DataOf<'IntegrationConnected'>): boolean {
  if (!grant) return false;
  const scopes = new Set(grant.scopes);
  return (
    grant.connectedBy === data.connectedBy &&
    Date.parse(grant.accessTokenExpiresAt) === Date.parse(data.accessTokenExpiresAt) &&
    data.scopes.length === scopes.size &&
    data.scopes.every((scope) => scopes.has(scope))
  );
}

function decideIntegration(command: IntegrationCommand, state: IntegrationState): IntegrationEvent[] {
  const { metadata } = command;
  switch (command.type) {
    case 'RequestEnable': {
      if (state.status === 'connected') return [];
      // Clicking Enable again while waiting for the grant changes nothing, unless the plan changed.
      if (state.status === 'connecting' && state.plan === command.data.plan) return [];
      return [createEvent('IntegrationEnableRequested', command.data, metadata)];
    }

    case 'Connect': {
      if (state.status === 'disabled' || state.status === 'disconnected') {
        throw new DomainRuleViolation(
          'enable_not_requested',
          `a grant arrived for tenant ${metadata.tenantId} while the integration is ${state.status}; enable must be requested first`,
        );
      }
      if (sameGrant(state.grant, command.data)) {
        if (state.status === 'connected') return [];
        // The grant SR has since refused, delivered again late: reconnecting with it would lie.
        throw new DomainRuleViolation('grant_already_lost', `the grant of ${command.data.connectedBy} was already lost; it cannot connect again`);
      }
      return [createEvent('IntegrationConnected', command.data, metadata)];
    }

    case 'RecordTokenRefresh': {
      if (state.status !== 'connected' || !state.grant) throw notConnected(command, state);
      // Expiry only moves forward: a repeated or late refresh record says nothing new.
      if (Date.parse(command.data.expiresAt) <= Date.parse(state.grant.accessTokenExpiresAt)) return [];
      return [createEvent('AccessTokenRefreshed', command.data, metadata)];
    }

    case 'LoseAuthorisation': {
      // Already lost, or already switched off with the tokens deleted: the loss changes nothing.
      if (state.status === 'authorisation_lost' || state.status === 'disconnected') return [];
      if (state.status !== 'connected') throw notConnected(command, state);
      return [createEvent('AuthorizationLost', command.data, metadata)];
    }

    case 'Disconnect': {
      if (state.status === 'disabled' || state.status === 'disconnected') return [];
      return [createEvent('IntegrationDisconnected', command.data, metadata)];
    }

    case 'ChangePlan': {
      if (state.plan === command.data.plan && state.intervalSecondsOverride === command.data.intervalSecondsOverride) return [];
      return [createEvent('PlanChanged', command.data, metadata)];
    }

    case 'RequestSync': {
      // Checked before the status: a request already recorded stays handled whatever happened since.
      if (state.recentSyncRequests.includes(metadata.causationId)) return [];
      if (state.status !== 'connected') throw notConnected(command, state);
      return [createEvent('SyncRequested', command.data, metadata)];
    }

    default: {
      const unknown: never = command;
      throw new TypeError(`unknown integration command ${(unknown as { type: string }).type}`);
    }
  }
}

/** The lifecycle of one tenant's integration: the `integration-{tenant}` stream. */
export const integrationDecider: Decider<IntegrationCommand, IntegrationEvent, IntegrationState> = {
  decide: decideIntegration,
  evolve: evolveIntegration,
  initialState: initialIntegrationState,
};
