import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientTypesPath, generateClientTypes } from './client-types';

describe('the typed client of libs/config-api-client', () => {
  it('is generated from the OpenAPI document served now (regenerate: npx tsx apps/config-api/scripts/generate-client.ts)', async () => {
    expect(readFileSync(clientTypesPath, 'utf8')).toBe(await generateClientTypes());
  });
});
