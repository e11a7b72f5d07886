import { fileURLToPath } from 'node:url';

/** The page's script, bundled from `client/` with esbuild in memory: nothing is written, nothing can go stale. */
export interface AdminBundle {
  js: string;
}

const clientEntry = fileURLToPath(new URL('./client/main.ts', import.meta.url));
// The workspace's path aliases (`@srw/config-api-client`) live there.
const workspaceTsconfig = fileURLToPath(new URL('../../../../tsconfig.base.json', import.meta.url));

/**
 * Builds the browser script (openapi-fetch and the typed client included) for current browsers.
 * esbuild is a dev dependency: the container image installs it too (`npm ci`); a missing one is
 * reported as such, not as a blank page.
 */
export async function buildAdminBundle(): Promise<AdminBundle> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
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
