/**
 * Writes the admin page's browser script beside config-api's bundle (`dist/apps/config-api/admin-page.js`):
 * the image holds no sources and no esbuild, so `nx build config-api` prebuilds what `npm start` bundles in memory.
 *
 *   npx tsx apps/config-api/scripts/build-admin-page.ts [outputDir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleAdminScript, prebuiltAdminScriptName } from '../src/admin-page/admin-bundle';

const outputDir = process.argv[2] ?? fileURLToPath(new URL('../../../dist/apps/config-api', import.meta.url));
const { js } = await bundleAdminScript();
mkdirSync(outputDir, { recursive: true });
writeFileSync(join(outputDir, prebuiltAdminScriptName), js);
console.log(`admin page script: ${join(outputDir, prebuiltAdminScriptName)} (${js.length} bytes)`);
