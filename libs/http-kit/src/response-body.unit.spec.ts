import { UpstreamError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { errorBodyOf, parseJsonBody, snippetOf } from './response-body';

describe('parseJsonBody', () => {
  it('parses JSON, and reads an empty body as undefined', () => {
    expect(parseJsonBody('{"a":[1]}', 'Vendor GET /a', 200)).toEqual({ a: [1] });
    expect(parseJsonBody('', 'Vendor GET /a', 200)).toBeUndefined();
    expect(parseJsonBody(' \n', 'Vendor GET /a', 200)).toBeUndefined();
  });

  it('fails a body that is not JSON with an upstream error carrying a snippet of the text', () => {
    const page = `<html>\n<body>${'x'.repeat(500)}</body></html>`;
    const error = (() => {
      try {
        return parseJsonBody(page, 'Vendor GET /a', 200);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).retryable).toBe(false);
    expect((error as UpstreamError).message).toMatch(/^Vendor GET \/a answered 200 with a body that is not JSON: <html> <body>x+…$/);
    expect((error as UpstreamError).body).toBe(snippetOf(page));
  });
});

describe('errorBodyOf', () => {
  it('parses JSON, and keeps a snippet of any other text for the message', () => {
    expect(errorBodyOf('{"detail":"Not found."}')).toEqual({ detail: 'Not found.' });
    expect(errorBodyOf('<h1>502 Bad Gateway</h1>\n')).toBe('<h1>502 Bad Gateway</h1>');
    expect(errorBodyOf('')).toBeUndefined();
  });
});

describe('snippetOf', () => {
  it('folds white space and cuts at 200 characters', () => {
    expect(snippetOf('  a\n\tb  ')).toBe('a b');
    expect(snippetOf('y'.repeat(201))).toBe(`${'y'.repeat(200)}…`);
    expect(snippetOf('y'.repeat(200))).toBe('y'.repeat(200));
  });
});
