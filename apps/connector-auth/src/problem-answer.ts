import { problemContentType } from '@srw/runtime';

export interface ProblemInput {
  status: number;
  /** The last part of the problem type, `urn:srw:problem:<kind>`. */
  kind: string;
  detail: string;
  instance: string;
  title?: string;
}

const titles: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 409: 'Conflict' };

/** An RFC 9457 answer for the refusals a route decides itself (the error handler maps thrown errors). */
export function problemAnswer(input: ProblemInput, headers: Record<string, string> = {}): Response {
  const problem = {
    type: `urn:srw:problem:${input.kind}`,
    title: input.title ?? titles[input.status] ?? 'Client Error',
    status: input.status,
    detail: input.detail,
    instance: input.instance,
  };
  return new Response(JSON.stringify(problem), { status: input.status, headers: { 'content-type': problemContentType, ...headers } });
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

/**
 * The OAuth callback is opened by a browser, so it answers a page a person can read; a client that
 * does not ask for HTML gets the same content as problem+json.
 */
export function callbackAnswer(accept: string | undefined, input: ProblemInput): Response {
  if (!accept?.includes('text/html')) return problemAnswer(input);
  const ok = input.status < 400;
  const heading = ok ? (input.title ?? 'Connected') : (input.title ?? 'SmartRecruiters could not be connected');
  const html = `<!doctype html><meta charset="utf-8"><title>${escapeHtml(heading)}</title>
<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(input.detail)}</p>`;
  return new Response(html, { status: input.status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
