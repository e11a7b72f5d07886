/** Writes the typed client's types from config-api's OpenAPI document: `npx tsx apps/config-api/scripts/generate-client.ts`. */
import { writeFileSync } from 'node:fs';
import { clientTypesPath, generateClientTypes } from '../src/client-types';

writeFileSync(clientTypesPath, await generateClientTypes());
console.log(`wrote ${clientTypesPath}`);
