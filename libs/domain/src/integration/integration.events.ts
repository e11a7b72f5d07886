import type { IntegrationEvent, Plan } from '@srw/contracts';

export type { IntegrationEvent };

/**
 * `disabled`: never enabled. `connecting`: enable requested, waiting for the admin's grant.
 * `connected`: SR tokens held. `authorisation_lost`: the grant was revoked or expired, a person must
 * authorise again. `disconnected`: switched off on purpose, tokens deleted.
 */
export type IntegrationStatus = 'disabled' | 'connecting' | 'connected' | 'authorisation_lost' | 'disconnected';

export interface Grant {
  connectedBy: string;
  scopes: string[];
  accessTokenExpiresAt: string;
}

export interface IntegrationState {
  status: IntegrationStatus;
  plan: Plan | undefined;
  intervalSecondsOverride: number | undefined;
  /** The grant behind the current connection; kept while authorisation is lost, to tell a repeat apart. */
  grant: Grant | undefined;
  /** Causation ids of the latest sync requests: a redelivered "sync now" is recognised by them. */
  recentSyncRequests: string[];
}

/** Enough to recognise a redelivered request: "sync now" is not clicked dozens of times a minute. */
export const rememberedSyncRequests = 20;

export const initialIntegrationState = (): IntegrationState => ({
  status: 'disabled',
  plan: undefined,
  intervalSecondsOverride: undefined,
  grant: undefined,
  recentSyncRequests: [],
});

export function evolveIntegration(state: IntegrationState, event: IntegrationEvent): IntegrationState {
  switch (event.type) {
    case 'IntegrationEnableRequested':
      return { ...state, status: 'connecting', plan: event.data.plan };
    case 'IntegrationConnected':
      return {
        ...state,
        status: 'connected',
        grant: {
          connectedBy: event.data.connectedBy,
          scopes: event.data.scopes,
          accessTokenExpiresAt: event.data.accessTokenExpiresAt,
        },
      };
    case 'AccessTokenRefreshed':
      return state.grant ? { ...state, grant: { ...state.grant, accessTokenExpiresAt: event.data.expiresAt } } : state;
    case 'AuthorizationLost':
      return { ...state, status: 'authorisation_lost' };
    case 'IntegrationDisconnected':
      return { ...state, status: 'disconnected', grant: undefined };
    case 'PlanChanged':
      return { ...state, plan: event.data.plan, intervalSecondsOverride: event.data.intervalSecondsOverride };
    case 'SyncRequested': {
      const id = event.metadata.causationId;
      if (state.recentSyncRequests.includes(id)) return state;
      return { ...state, recentSyncRequests: [...state.recentSyncRequests, id].slice(-rememberedSyncRequests) };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
