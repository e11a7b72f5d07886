import { UpstreamError } from '@srw/errors';

const snippetLength = 200;

/** The start of a body for an error message: one line, at most 200 characters. */
export function snippetOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > snippetLength ? `${line.slice(0, snippetLength)}…` : line;
}

type Parsed = { json: unknown } | { notJson: string };

function tryJson(text: string): Parsed {
  if (text.trim() === '') return { json: undefined };
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return { notJson: snippetOf(text) };
  }
}

/**
 * The JSON body of a successful answer (undefined when empty). A body that is not JSON (a proxy's
 * HTML page, a body cut short) is an {@link UpstreamError} naming `subject` and carrying a snippet of
 * the text as its `body`, instead of a confusing schema error further on.
 */
export function parseJsonBody(text: string, subject: string, status: number): unknown {
  const parsed = tryJson(text);
  if ('json' in parsed) return parsed.json;
  throw new UpstreamError(`${subject} answered ${status} with a body that is not JSON: ${parsed.notJson}`, status, parsed.notJson);
}

/**
 * The body of an error answer, which only decorates the error its status decides: its JSON, or a
 * snippet of the text when it is not JSON (a gateway's 502 page stays a retryable 502), or undefined.
 */
export function errorBodyOf(text: string): unknown {
  const parsed = tryJson(text);
  return 'json' in parsed ? parsed.json : parsed.notJson;
}
