import { readFileSync } from 'node:fs';
import { parseWith } from '@srw/errors';
import { announceSkip, referencePath } from '@srw/test-support';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { errorWire, pageWire, participantWire, webhookWire } from './willo-wire';

/**
 * The example answers in the reference's Postman collections (machine-generated from the modelled
 * schemas) must parse with our schemas: the client accepts every shape the files allow.
 */
const collections = {
  participants: referencePath('willo/willo-participants-api.postman_collection.json'),
  webhooks: referencePath('willo/willo-webhooks-api.postman_collection.json'),
};
const absent = Object.values(collections).some((path) => path === undefined);
if (absent) announceSkip('willo Postman examples', '../shared/reference/willo/*.postman_collection.json are absent');

interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  request?: { method: string };
  response?: { code: number; body?: string }[];
}

function examples(path: string | undefined): { name: string; method: string; code: number; body: unknown }[] {
  const collection = JSON.parse(readFileSync(path ?? '', 'utf8')) as { item: PostmanItem[] };
  const flat = (items: PostmanItem[]): PostmanItem[] => items.flatMap((i) => (i.item ? flat(i.item) : [i]));
  return flat(collection.item).flatMap((item) =>
    (item.response ?? [])
      .filter((r) => r.body)
      .map((r) => ({ name: item.name, method: item.request?.method ?? '', code: r.code, body: JSON.parse(r.body ?? '') })),
  );
}

function schemaFor(resource: 'participants' | 'webhooks', name: string, code: number): z.ZodType | undefined {
  if (code >= 400) return errorWire;
  if (name.includes('Identity Verification')) return undefined;
  const item = resource === 'participants' ? participantWire : webhookWire;
  return name.startsWith('List') ? pageWire(item) : item;
}

describe.skipIf(absent)('Willo schemas accept the reference examples', () => {
  for (const resource of ['participants', 'webhooks'] as const) {
    it(`parses every ${resource} example answer`, () => {
      const checked = examples(collections[resource]).flatMap(({ name, code, body }) => {
        const schema = schemaFor(resource, name, code);
        if (!schema) return [];
        parseWith(schema, body, `${name} ${code}`);
        return [`${name} ${code}`];
      });
      expect(checked.length).toBeGreaterThan(8);
    });
  }
});
