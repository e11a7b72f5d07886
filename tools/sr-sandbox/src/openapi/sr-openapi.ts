import type { AjvCustomizer, Document, OpenAPIBackend, Operation } from 'openapi-backend';

// The spec is untyped YAML, navigated loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;
type Ajv = Parameters<AjvCustomizer>[0];

/** The base paths of SR's APIs (API-NOTES §2); the spec lists every path at the root. */
export const srBasePaths = ['/user-api/v201804', '/webhooks-api/v201907', '/audit-api/v201910', '/job-applications-api/v202112'];

/**
 * Where the merged spec is known to be wrong (SOURCES.md "Changes the merge made"), corrected here
 * and nowhere else:
 * - `servers` fits no path (each API has its own base path);
 * - `Subscription.events` was collapsed with the Audit API's `Event` object, while subscriptions
 *   list event names (as `SubscriptionRequest.events` does);
 * - `CandidateDetails` assignments are `allOf [Job, Assignment]` where the Jobs API's `Job.status`
 *   (job statuses) contradicts `Assignment.status` (application statuses): the job's own status
 *   fields are dropped from that member;
 * - some operationIds repeat (e.g. `/users/me` and `/users/{id}`, both status histories), so routers
 *   mix those operations up: repeats get a unique suffix.
 */
export function correctMergeCollisions(spec: Loose): Document {
  const schemas = spec['components']['schemas'];
  spec['servers'] = [{ url: '/' }];
  schemas['Subscription']['properties']['events']['items'] = { $ref: '#/components/schemas/EventName' };
  const assignedJob = () => {
    const job = structuredClone(schemas['Job']);
    delete job.properties.status;
    delete job.properties.postingStatus;
    return job;
  };
  const details = schemas['CandidateDetails']['properties'];
  details['primaryAssignment']['allOf'][0] = assignedJob();
  details['secondaryAssignments']['items']['allOf'][0] = assignedJob();
  const seen = new Set<string>();
  for (const [path, item] of Object.entries<Record<string, { operationId?: string }>>(spec['paths'])) {
    for (const [method, operation] of Object.entries(item)) {
      const id = operation?.operationId;
      if (id === undefined) continue;
      if (seen.has(id)) operation.operationId = `${id} ${method} ${path}`;
      seen.add(operation.operationId as string);
    }
  }
  return spec as Document;
}

/** Formats the spec uses that ajv does not know; SR's dates are `yyyy-MM-ddTHH:mm:ss.SSSZZ`. */
function addFormats(ajv: Ajv): Ajv {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  ajv.addFormat('uuid', uuid);
  ajv.addFormat('guid', uuid);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:?\d{2})$/);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  // https only at SR; the sandbox also allows loopback http so tests need no certificates.
  ajv.addFormat('https_url', /^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)[:/])/);
  for (const loose of ['name', 'address', 'when', 'video_url', 'double', 'float', 'int32', 'int64']) ajv.addFormat(loose, () => true);
  return ajv;
}

export interface SrRequestShape {
  method: string;
  /** Full path as sent, including the API's base path. */
  path: string;
  query: Record<string, string | string[]>;
  body?: unknown;
}

export interface SrOpenApi {
  /** The spec operation for a request, its path template prefixed with the API's base path. */
  match(request: SrRequestShape): { operation: Operation; template: string } | undefined;
  /** ajv errors of the request against its operation (empty when valid). */
  requestErrors(request: SrRequestShape, operation: Operation): unknown[];
  /** ajv errors of an answer body against the operation's response for `status`. */
  responseErrors(body: unknown, operation: Operation, status: number): unknown[];
}

/**
 * SR's OpenAPI document (after {@link correctMergeCollisions}) behind an independent validator
 * (openapi-backend and ajv). Loaded lazily so that the sandbox itself never needs these packages.
 */
export async function loadSrOpenApi(specFile: string): Promise<SrOpenApi> {
  const [{ readFileSync }, { parse }, { OpenAPIBackend: Backend }] = await Promise.all([
    import('node:fs'),
    import('yaml'),
    import('openapi-backend'),
  ]);
  const spec = correctMergeCollisions(parse(readFileSync(specFile, 'utf8')) as Loose);
  // quick: the merged document does not pass OpenAPI schema validation itself.
  const api: OpenAPIBackend = new Backend({ definition: spec, quick: true, strict: false, validate: true, customizeAjv: addFormats });
  await api.init();
  const toSpec = (request: SrRequestShape) => {
    const base = srBasePaths.find((b) => request.path.startsWith(`${b}/`)) ?? '';
    return { base, request: { ...request, path: request.path.slice(base.length), headers: { 'content-type': 'application/json' } } };
  };
  return {
    match(request) {
      const { base, request: specRequest } = toSpec(request);
      const operation = api.matchOperation(specRequest);
      return operation ? { operation, template: `${base}${operation.path}` } : undefined;
    },
    requestErrors(request, operation) {
      return api.validateRequest(toSpec(request).request, operation).errors ?? [];
    },
    responseErrors(body, operation, status) {
      return api.validateResponse(body, operation, status).errors ?? [];
    },
  };
}
