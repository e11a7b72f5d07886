import { Hono, type Context } from 'hono';
import { jsonObject, optionalString, requiredString, type SandboxDeps, type SandboxEnv } from '../sandbox-deps';
import { badRequest, notFound } from '../http/sandbox-http-error';
import { sandboxWire } from '../sandbox-settings';
import type { SandboxQuestion } from '../state/sandbox-state';
import { interviewBody, page } from '../wire';

/** `/interviews/` and `/interviews/{key}/` [REF paths and codes]. */
export function interviewsRoutes({ state, origin }: SandboxDeps) {
  const app = new Hono<SandboxEnv>({ strict: true });

  app.get('/', (c) => {
    const items = state.listOf(state.interviews, c.get('organisationId')).map((i) => interviewBody(i, origin()));
    return c.json(page(items, c.req.url, sandboxWire.pageParam, sandboxWire.pageSizeParam, pageSize(c.req.query())));
  });

  app.post('/', async (c) => {
    const body = await jsonObject(c);
    const interview = state.addInterview(c.get('organisationId'), {
      title: requiredString(body, 'title'),
      department: optionalString(body, 'department'),
      language: optionalString(body, 'language'),
      questions: questions(body['questions']),
    });
    return c.json(interviewBody(interview, origin()), 201);
  });

  app.get('/:key/', (c) => {
    const interview = state.interviewOf(c.get('organisationId'), c.req.param('key'));
    if (!interview) throw notFound();
    return c.json(interviewBody(interview, origin()));
  });

  const update = (replace: boolean) => async (c: Context<SandboxEnv, '/:key/'>) => {
    const interview = state.interviewOf(c.get('organisationId'), c.req.param('key'));
    if (!interview) throw notFound();
    const body = await jsonObject(c);
    const title = replace ? requiredString(body, 'title') : optionalString(body, 'title');
    if (title !== undefined) interview.title = title;
    const department = optionalString(body, 'department');
    if (department !== undefined) interview.department = department;
    const language = optionalString(body, 'language');
    if (language !== undefined) interview.language = language;
    if (body['questions'] !== undefined) interview.questions = questions(body['questions']) ?? [];
    return c.json(interviewBody(interview, origin()));
  };
  app.put('/:key/', update(true));
  app.patch('/:key/', update(false));

  app.delete('/:key/', (c) => {
    const interview = state.interviewOf(c.get('organisationId'), c.req.param('key'));
    if (!interview) throw notFound();
    state.interviews.delete(interview.key);
    return c.body(null, 204);
  });

  return app;
}

export function pageSize(query: Record<string, string>): number {
  const asked = Number.parseInt(query[sandboxWire.pageSizeParam] ?? '', 10);
  if (!Number.isFinite(asked) || asked < 1) return sandboxWire.defaultPageSize;
  return Math.min(asked, sandboxWire.maxPageSize);
}

function questions(value: unknown): SandboxQuestion[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badRequest('questions', 'Expected a list of items.');
  return value.map((item: unknown, index) => {
    const q = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if (typeof q['prompt'] !== 'string') throw badRequest(`questions.${index}.prompt`, 'This field is required.');
    const type = q['type'] ?? 'video';
    if (type !== 'video' && type !== 'audio' && type !== 'text') {
      throw badRequest(`questions.${index}.type`, `"${String(type)}" is not a valid choice.`);
    }
    return {
      prompt: q['prompt'],
      type,
      max_duration: typeof q['max_duration'] === 'number' ? q['max_duration'] : 120,
      max_retakes: typeof q['max_retakes'] === 'number' ? q['max_retakes'] : 1,
      thinking_time: typeof q['thinking_time'] === 'number' ? q['thinking_time'] : 30,
    };
  });
}
