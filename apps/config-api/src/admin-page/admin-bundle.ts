import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The page's script, bundled from `client/` with esbuild in memory: nothing is written, nothing can go stale. */
export interface AdminBundle {
  js: string;
}

const clientEntry = fileURLToPath(new URL('./client/main.ts', import.meta.url));
// The workspace's path aliases (`@srw/config-api-client`) live there.
const workspaceTsconfig = fileURLToPath(new URL('../../../../tsconfig.base.json', import.meta.url));

/** The prebuilt script's file name, beside config-api's bundle (`main.js`) in its build output and image. */
export const prebuiltAdminScriptName = 'admin-page.js';

/**
 * The page's script: the prebuilt one where `nx build config-api` wrote it beside the bundle (the
 * image has no sources and no esbuild), else bundled from the sources in memory (`npm start`, tests).
 */
export async function buildAdminBundle(): Promise<AdminBundle> {
  // In the bundle, import.meta.url is dist/apps/config-api/main.js; in the sources it points into src/.
  const prebuilt = await readFile(new URL(`./${prebuiltAdminScriptName}`, import.meta.url), 'utf8').catch(() => undefined);
  return prebuilt === undefined ? bundleAdminScript() : { js: prebuilt };
}

/**
 * Builds the browser script (openapi-fetch and the typed client included) for current browsers.
 * esbuild is a dev dependency, loaded by a computed specifier so that config-api's production bundle
 * neither lists nor needs it; a missing one is reported as such, not as a blank page.
 */
export async function bundleAdminScript(): Promise<AdminBundle> {
  const devBundler: string = 'esbuild';
  let esbuild: typeof import('esbuild');
  try {
    esbuild = (await import(devBundler)) as typeof import('esbuild');
  } catch (error) {
    throw new Error('the admin page needs esbuild to build its script: run `npm install`', { cause: error });
  }
  const result = await esbuild.build({
    entryPoints: [clientEntry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'none',
    tsconfig: workspaceTsconfig,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no script for the admin page');
  return { js: output.text };
}
