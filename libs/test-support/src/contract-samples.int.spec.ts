import { readdirSync } from 'node:fs';
import { categories, eventsByCategory, typedEventMessageSchema } from '@srw/contracts';
import { describe, expect, it } from 'vitest';
import { contractSamples, contractSamplesDir } from './contract-samples';

/**
 * The recorded messages every consuming app's `contract-samples.int.spec.ts` decodes: one per
 * published event version, each still valid. A new type or version without a sample fails here
 * (add its data to `tools/contract-samples.ts` and run it); a sample that stops parsing means a
 * change broke what is already on the topics and in the stores.
 */
describe('recorded samples of every published event version', () => {
  const samples = contractSamples();
  const recorded = new Set(samples.map((sample) => sample.name));

  it('exist for every version of every event type, upcast ones included, and for nothing else', () => {
    const published = categories.flatMap((category) =>
      eventsByCategory[category].flatMap((definition) => Array.from({ length: definition.version }, (_, n) => `${category}/${definition.type}.v${n + 1}.json`)),
    );
    expect(published.filter((name) => !recorded.has(name)), 'published versions with no recorded sample').toEqual([]);
    expect([...recorded].filter((name) => !published.includes(name)), 'samples of no published version').toEqual([]);
    expect(readdirSync(contractSamplesDir).sort()).toEqual([...categories].sort());
  });

  it.each(samples.map((sample) => [sample.name, sample] as const))('%s parses as the message consumers decode, at the current version', (_name, sample) => {
    const parsed = typedEventMessageSchema.safeParse(JSON.parse(sample.message.value));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.type).toBe(sample.type);
    const definition = eventsByCategory[sample.category].find((d) => d.type === sample.type)!;
    expect(parsed.data?.metadata.schemaVersion).toBe(definition.version);
  });
});
