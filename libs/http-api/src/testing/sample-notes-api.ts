import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError } from '@srw/errors';
import { silentLogger, type Logger } from '@srw/observability';
import { problemNotFound, problemOnError } from '@srw/runtime';
import type { MiddlewareHandler } from 'hono';
import type { CallerEnv } from '../caller';
import { problemResponses, throwValidationProblem } from '../problem-schema';
import { requestId } from '../request-id';
import { problemMethodNotAllowed } from '../unknown-routes';

/**
 * A small tenant-scoped API built the way config-api is (OpenAPIHono, zod on every input and output,
 * an injected `authenticate`, problem+json everywhere), for the specs of the route walker and the
 * fuzz harness. Not a pattern for data: notes live in memory.
 */
export interface SampleNotesApiOptions {
  authenticate: MiddlewareHandler<CallerEnv>;
  /** Notes present at the start, by tenant. */
  notes?: Record<string, Note[]>;
  /** A deliberate fault, for the fuzz harness to prove it finds one: `PUT` of an unknown note answers 500 instead of 404. */
  bug?: 'put-of-unknown-note-crashes';
  logger?: Logger;
}

const noteId = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/);
const noteInput = z.object({ title: z.string().min(1).max(200), body: z.string().max(2000).default('') }).openapi('NoteInput');
const note = z.object({ id: noteId, title: z.string(), body: z.string() }).openapi('Note');
export type Note = z.infer<typeof note>;

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const jsonBody = { body: { required: true, content: { 'application/json': { schema: noteInput } } } };
const params = { params: z.object({ noteId: noteId.openapi({ param: { name: 'noteId', in: 'path' } }) }) };
const security = [{ Bearer: [] }];

const routes = {
  list: createRoute({ method: 'get', path: '/v1/notes', security, responses: { 200: json(z.object({ items: z.array(note) }), 'the tenant’s notes'), ...problemResponses(400, 401, 429) } }),
  create: createRoute({ method: 'post', path: '/v1/notes', security, request: jsonBody, responses: { 201: json(note, 'created'), ...problemResponses(400, 401, 413, 429) } }),
  read: createRoute({ method: 'get', path: '/v1/notes/{noteId}', security, request: params, responses: { 200: json(note, 'the note'), ...problemResponses(400, 401, 404, 429) } }),
  replace: createRoute({
    method: 'put',
    path: '/v1/notes/{noteId}',
    security,
    request: { ...params, ...jsonBody },
    responses: { 200: json(note, 'replaced'), ...problemResponses(400, 401, 404, 413, 429) },
  }),
  remove: createRoute({ method: 'delete', path: '/v1/notes/{noteId}', security, request: params, responses: { 204: { description: 'deleted' }, ...problemResponses(400, 401, 404, 429) } }),
};

export function createSampleNotesApi(options: SampleNotesApiOptions): OpenAPIHono<CallerEnv> {
  const store = new Map<string, Map<string, Note>>();
  for (const [tenantId, notes] of Object.entries(options.notes ?? {})) store.set(tenantId, new Map(notes.map((n) => [n.id, n])));
  let created = 0;
  const notesOf = (tenantId: string) => store.get(tenantId) ?? store.set(tenantId, new Map()).get(tenantId)!;
  const find = (tenantId: string, id: string) => {
    const found = notesOf(tenantId).get(id);
    if (!found) throw new NotFoundError(`note ${id} does not exist`);
    return found;
  };

  const app = new OpenAPIHono<CallerEnv>({ defaultHook: throwValidationProblem });
  app.onError(problemOnError(options.logger ?? silentLogger));
  app.notFound(problemNotFound);
  app.use(requestId());
  app.use(problemMethodNotAllowed(app));
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  // Registered before authentication, so the document is public; it is built at each request, from every route.
  app.doc31('/v1/openapi.json', { openapi: '3.1.0', info: { title: 'Sample notes API', version: '1.0.0' } });
  app.use('/v1/*', options.authenticate);

  app.openapi(routes.list, (c) => c.json({ items: [...notesOf(c.var.caller.tenantId).values()] }, 200));
  app.openapi(routes.create, (c) => {
    const input = c.req.valid('json');
    const created_ = { id: `note-${++created}`, title: input.title, body: input.body };
    notesOf(c.var.caller.tenantId).set(created_.id, created_);
    return c.json(created_, 201);
  });
  app.openapi(routes.read, (c) => c.json(find(c.var.caller.tenantId, c.req.valid('param').noteId), 200));
  app.openapi(routes.replace, (c) => {
    const { noteId: id } = c.req.valid('param');
    const notes = notesOf(c.var.caller.tenantId);
    // The deliberate fault: a lookup that assumes the note exists.
    const existing = options.bug === 'put-of-unknown-note-crashes' ? (notes.get(id) as Note) : find(c.var.caller.tenantId, id);
    const replaced = { ...c.req.valid('json'), id: existing.id };
    notes.set(id, replaced);
    return c.json(replaced, 200);
  });
  app.openapi(routes.remove, (c) => {
    const { noteId: id } = c.req.valid('param');
    find(c.var.caller.tenantId, id);
    notesOf(c.var.caller.tenantId).delete(id);
    return c.body(null, 204);
  });
  return app;
}
