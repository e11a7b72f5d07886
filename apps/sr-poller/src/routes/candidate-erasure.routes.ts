import { srIdSchema, tenantIdSchema } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import type { Logger } from '@srw/observability';
import { readJsonBody, requireServiceToken } from '@srw/runtime';
import { eraseCandidatePii } from '@srw/sr-sync';
import type { CandidateKeyStore } from '@srw/vault';
import { Hono } from 'hono';
import { z } from 'zod';

export interface CandidateErasureRoutesDeps {
  store: EventStore;
  keys: CandidateKeyStore;
  clock: () => Date;
  /** The bearer token of internal endpoints (config-api will call this one for an admin). */
  serviceToken: string;
  logger?: Logger;
}

const erasureRequest = z
  .object({
    tenant: tenantIdSchema,
    candidateId: srIdSchema,
    /** The request's id in the caller's records (a GDPR ticket): recorded in the event, and what makes a retry recognisable. */
    requestId: srIdSchema,
  })
  .strict();

/**
 * `POST /internal/candidate-erasures`: a GDPR erasure request for one candidate of one tenant. Shreds
 * the candidate's key and appends `CandidatePiiErased` (stage-projector then drops the sealed PII
 * from the read models). Idempotent: a retry, or a second request for the same candidate, answers
 * 200 again (`keyShredded: false`: the key was gone already) and appends nothing. The candidate need not be known here (a tombstone keeps them from being
 * stored later). Ids only in the answer and the logs.
 */
export function candidateErasureRoutes(deps: CandidateErasureRoutesDeps): Hono {
  const app = new Hono();
  app.post('/candidate-erasures', requireServiceToken(deps.serviceToken, 'sr-poller'), async (c) => {
    const { tenant, candidateId, requestId } = await readJsonBody(c, erasureRequest);
    const result = await eraseCandidatePii(
      { store: deps.store, keys: deps.keys, clock: deps.clock },
      { tenantId: tenant, candidateId, reason: 'erasureRequested', sourceId: `erasure-request:${requestId}` },
    );
    deps.logger?.info('candidate PII erased on request', { tenantId: tenant, candidateId, requestId, ...result });
    c.header('cache-control', 'no-store');
    return c.json({ tenant, candidateId, erased: true, ...result });
  });
  return app;
}
