import type { SandboxClock } from './clock';
import type { Tenant } from './state/tenant';
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher';

/** What route factories need: the current tenant (replaced on re-seed), the clock and the URL. */
export interface SandboxDeps {
  tenant(): Tenant;
  clock: SandboxClock;
  /** The sandbox's own origin, for HATEOAS `actions` URLs and webhook `Link` headers. */
  baseUrl(): string;
  webhooks: WebhookDispatcher;
  settings: {
    /** Unconfirmed: whether a status change bumps the candidate's `updatedOn` (API-NOTES §10.5). */
    statusChangeBumpsCandidateUpdatedOn: boolean;
    /** Unconfirmed: the docs page `GET /users` with `nextPageId`, the spec only with `offset`. */
    usersNextPageId: boolean;
  };
}
