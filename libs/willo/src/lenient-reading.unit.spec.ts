import { parseWith, UpstreamError, ValidationError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { isKnown, openEnum, unlimitedRateLimiter as unlimited } from '@srw/http-kit';
import { participantWithInterview, parseWebhookPayload } from './webhook-delivery';
import { createWilloClient } from './willo-client';
import {
  interviewWire,
  lenient,
  pageWire,
  participantWire,
  sameEmail,
  webhookTriggers,
  webhookWire,
} from './willo-wire';
import { z } from 'zod';

/** A fetch that answers each path from a table (a list path answers with its `results`); records the paths. */
function tableFetch(table: Record<string, unknown>) {
  const paths: string[] = [];
  const fetch = (async (input: Parameters<typeof globalThis.fetch>[0]) => {
    const { pathname } = new URL(String(input));
    paths.push(pathname);
    const body = table[pathname];
    return new Response(JSON.stringify(body ?? { detail: 'Not found.' }), {
      status: body === undefined ? 404 : 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  const client = createWilloClient({ apiKey: 'k', baseUrl: 'https://willo.test/v2', fetch, rateLimiter: unlimited });
  return { client, paths };
}

function validationError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const good = { key: 'p1', interview: 'i1', email: 'ada@example.com', stage: 'invited' };

describe('reading leniently: one odd record never makes a list unreadable', () => {
  it('keeps every participant of a list with odd non-key fields, as far as they are readable', () => {
    const page = parseWith(
      pageWire(participantWire),
      {
        results: [
          good,
          { key: 'p2', interview: 'i1', email: 'user@localhost' },
          { key: 'p3', interview: 'i1', email: 'jörg@bücher.example', stage: 'some_new_stage' },
          { key: 'p4', interview: 42, email: 17, first_name: ['x'], stage: { id: 1 }, created: 5, responses: 'none' },
          { key: 'p5', interview: 'i1', responses: [{ question: 'Q', media_url: 'not a url', score: 'high' }, 'junk'] },
        ],
        count: 'five',
      },
      'page',
    );

    expect(page.results.map((p) => p.key)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(page.results[0]).toMatchObject({ interviewKey: 'i1', email: 'ada@example.com', stage: 'invited' });
    expect(page.results[1]?.email).toBe('user@localhost');
    expect(page.results[2]).toMatchObject({ email: 'jörg@bücher.example', stage: 'some_new_stage' });
    expect(page.results[3]).toMatchObject({ interviewKey: undefined, email: undefined, firstName: undefined, stage: undefined });
    expect(page.results[3]?.responses).toEqual([]);
    expect(page.results[4]?.responses).toEqual([{ question: 'Q', mediaUrl: undefined, transcript: undefined, score: undefined }]);
    expect(page.count).toBeUndefined();
  });

  it.each([
    ['a key of the wrong type', { key: 42 }, 'results.1.key'],
    ['a missing key', { key: undefined }, 'results.1.key'],
    ['an empty key', { key: '' }, 'results.1.key'],
  ])('still fails a participant list on %s, naming the field', (_case, change, field) => {
    const error = validationError(() => parseWith(pageWire(participantWire), { results: [good, { ...good, ...change }] }, 'page'));
    expect(error.message).toContain(field);
  });

  it('keeps interviews with an odd title or questions, and fails on a bad interview key', () => {
    const page = parseWith(
      pageWire(interviewWire),
      {
        results: [
          { key: 'i1', title: 'Support Associate', questions: [{ prompt: 'Who?', type: 'video' }] },
          { key: 'i2', title: null, questions: [{ prompt: 3, max_duration: 'long' }, 'junk'], share_url: 'nope' },
          { key: 'i3' },
        ],
      },
      'page',
    );
    expect(page.results.map((i) => [i.key, i.title, i.questionCount])).toEqual([
      ['i1', 'Support Associate', 1],
      ['i2', undefined, 1],
      ['i3', undefined, 0],
    ]);
    const error = validationError(() => parseWith(pageWire(interviewWire), { results: [{ key: ['i1'], title: 'x' }] }, 'page'));
    expect(error.message).toContain('results.0.key');
  });

  it('keeps webhooks with an unknown trigger (as sent) or an odd target, and fails on a bad webhook key', () => {
    const page = parseWith(
      pageWire(webhookWire),
      {
        results: [
          { key: 'w1', target_url: 'https://srw.test/hooks/a', trigger: 'new_response', is_active: true },
          { key: 'w2', target_url: 'https://srw.test/hooks/b', trigger: 'candidate_withdrawn', is_active: false },
          { key: 'w3', target_url: 17, trigger: 3, is_active: 'yes' },
        ],
      },
      'page',
    );
    expect(page.results.map((w) => [w.key, w.trigger, w.targetUrl, w.isActive])).toEqual([
      ['w1', 'new_response', 'https://srw.test/hooks/a', true],
      ['w2', 'candidate_withdrawn', 'https://srw.test/hooks/b', false],
      ['w3', undefined, undefined, true],
    ]);
    expect(page.results.filter((w) => isKnown(webhookTriggers, w.trigger)).map((w) => w.key)).toEqual(['w1']);
    const error = validationError(() => parseWith(pageWire(webhookWire), { results: [{ key: null, trigger: 'new_response' }] }, 'page'));
    expect(error.message).toContain('results.0.key');
  });

  it('openEnum and lenient: known values, other strings preserved, other shapes absent', () => {
    const stage = lenient(openEnum(['invited', 'completed'] as const));
    expect(stage.parse('invited')).toBe('invited');
    expect(stage.parse('archived')).toBe('archived');
    expect(stage.parse(3)).toBeUndefined();
    expect(stage.parse(null)).toBeUndefined();
    expect(lenient(z.number()).parse('x')).toBeUndefined();
    expect(isKnown(['invited'], 'archived')).toBe(false);
  });

  it('compares emails trimmed and case-insensitively', () => {
    expect(sameEmail(' Ada@Example.com ', 'ada@example.com')).toBe(true);
    expect(sameEmail('ada@example.com', 'eve@example.com')).toBe(false);
    expect(sameEmail(undefined, 'ada@example.com')).toBe(false);
  });
});

describe('findByInterviewAndEmail over odd records', () => {
  it('finds the good record although another participant of the interview has an odd email', async () => {
    const { client } = tableFetch({
      '/v2/participants/': {
        results: [
          { key: 'p0', interview: 'i1', email: 'root@localhost' },
          { key: 'p1', interview: 'i1', email: ' ADA@example.com ', created: '2026-01-02' },
          { key: 'p2', interview: 'i2', email: 'ada@example.com' },
        ],
      },
    });
    const found = await client.participants.findByInterviewAndEmail('i1', 'ada@example.com');
    expect(found.map((p) => p.key)).toEqual(['p1']);
  });

  it('reads a matching record that does not say its interview, and leaves it out if its own record does not say either', async () => {
    const { client, paths } = tableFetch({
      '/v2/participants/': {
        results: [
          { key: 'p1', email: 'ada@example.com' },
          { key: 'p2', email: 'ada@example.com' },
          { key: 'p3', email: 'eve@example.com' },
        ],
      },
      '/v2/participants/p1/': { key: 'p1', interview: 'i1', email: 'ada@example.com' },
      '/v2/participants/p2/': { key: 'p2', email: 'ada@example.com' },
    });
    const found = await client.participants.findByInterviewAndEmail('i1', 'ada@example.com');
    expect(found.map((p) => [p.key, p.interviewKey])).toEqual([['p1', 'i1']]);
    // Only the records with this email were read on their own.
    expect(paths.filter((p) => p !== '/v2/participants/')).toEqual(['/v2/participants/p1/', '/v2/participants/p2/']);
  });

  it('lets inviteOnce invite next to a participant with an odd email', async () => {
    let posted: unknown;
    const fetch = (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
      if (init?.method === 'POST') {
        posted = JSON.parse(String(init.body));
        return Response.json({ key: 'p9', interview: 'i1', email: 'ada@example.com' }, { status: 201 });
      }
      void input;
      return Response.json({ results: [{ key: 'p0', interview: 'i1', email: 'ünïcode@bücher.example' }] });
    }) as typeof globalThis.fetch;
    const client = createWilloClient({ apiKey: 'k', baseUrl: 'https://willo.test/v2', fetch, rateLimiter: unlimited });
    const result = await client.inviteOnce({ idempotencyKey: 'inv-1', invite: { interviewKey: 'i1', email: 'ada@example.com' } });
    expect(result).toMatchObject({ outcome: 'invited', participant: { key: 'p9' } });
    expect(posted).toMatchObject({ interview: 'i1', email: 'ada@example.com' });
  });

  it('still validates the email we send', async () => {
    const { client, paths } = tableFetch({});
    const error = await client.participants.invite({ interviewKey: 'i1', email: 'root@localhost' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('email');
    expect(paths).toEqual([]);
  });
});

describe('webhook payload without the participant interview', () => {
  it('parses, says the interview is unknown, and participantWithInterview reads it through the API', async () => {
    const payload = parseWebhookPayload({ trigger: 'stage_change', previous_stage: 'invited', participant: { key: 'p1' } });
    if (payload.trigger !== 'stage_change') throw new Error('wrong trigger');
    expect(payload.participant.interviewKey).toBeUndefined();

    const { client, paths } = tableFetch({ '/v2/participants/p1/': { key: 'p1', interview: 'i1', stage: 'shortlisted' } });
    const participant = await participantWithInterview(client.participants, payload.participant);
    expect(participant).toMatchObject({ key: 'p1', interviewKey: 'i1', stage: 'shortlisted' });
    expect(paths).toEqual(['/v2/participants/p1/']);
  });

  it('uses the delivered interview without a call when the payload names it', async () => {
    const payload = parseWebhookPayload({ trigger: 'new_response', participant: { key: 'p1', interview: 'i1' } });
    if (payload.trigger !== 'new_response') throw new Error('wrong trigger');
    const { client, paths } = tableFetch({});
    await expect(participantWithInterview(client.participants, payload.participant)).resolves.toMatchObject({ interviewKey: 'i1' });
    expect(paths).toEqual([]);
  });

  it('fails with an UpstreamError when even the participant read through the API names no interview', async () => {
    const payload = parseWebhookPayload({ trigger: 'new_response', participant: { key: 'p1' } });
    if (payload.trigger !== 'new_response') throw new Error('wrong trigger');
    const { client } = tableFetch({ '/v2/participants/p1/': { key: 'p1' } });
    await expect(participantWithInterview(client.participants, payload.participant)).rejects.toBeInstanceOf(UpstreamError);
  });

  it('still fails a payload whose participant key has the wrong type, naming it', () => {
    const error = validationError(() => parseWebhookPayload({ trigger: 'new_response', participant: { interview: 'i1', key: 3 } }));
    expect(error.message).toContain('participant.key');
  });
});
