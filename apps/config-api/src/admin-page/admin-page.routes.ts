import { readFile } from 'node:fs/promises';
import { Hono, type Env } from 'hono';
import { buildAdminBundle, type AdminBundle } from './admin-bundle';
import { adminPageHtml } from './admin-page.html';

export interface AdminPageOptions {
  /** Where this sub-app is mounted (`/admin`): the page names its script and styles absolutely. */
  mountPath: string;
  /** Where config-api's `/v1` is, as browsers reach it from the page. */
  apiBasePath: string;
  /**
   * The all-in-one demo's routes (`/demo`: its sign-in and the acting panel); undefined outside the
   * demo, where the page asks for a token of the Willo frontend instead.
   */
  demoBasePath?: string;
  /** Builds the script; defaults to esbuild (tests may count the builds). */
  build?: () => Promise<AdminBundle>;
}

/**
 * Nothing but this origin: the page's own script and styles, and calls to this origin's API. No
 * inline script or style at all, so an injected `<script>` or `style=` does nothing; no framing.
 */
export const adminContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const securityHeaders = {
  'content-security-policy': adminContentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** The browser asks for an icon anyway; answering one keeps the page free of failed requests. */
const icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b57d0"/><path d="M4 8h8M8 4v8" stroke="#fff" stroke-width="2"/></svg>';

const stylesheet = new URL('./admin-page.css', import.meta.url);

/**
 * `GET <mountPath>`: the admin page of the integration (Integrations, an interview's jobs, the
 * activity timeline; in the demo, a panel to act as the SR recruiter and as the candidate), a plain
 * page over config-api's typed client. Its script is built at the first start (esbuild, in memory,
 * begun when the routes are made so the first visit rarely waits) and kept for the process's life.
 */
export function adminPageRoutes<E extends Env>(options: AdminPageOptions): Hono<E> {
  let bundle: Promise<AdminBundle> | undefined;
  const script = () =>
    (bundle ??= (options.build ?? buildAdminBundle)().catch((error: unknown) => {
      bundle = undefined;
      throw error;
    }));
  // Started now; a failure is reported when the script is asked for, never as an unhandled rejection.
  script().catch(() => undefined);
  let css: Promise<string> | undefined;
  const html = adminPageHtml({
    scriptPath: `${options.mountPath}/admin.js`,
    stylesheetPath: `${options.mountPath}/admin.css`,
    iconPath: `${options.mountPath}/favicon.svg`,
    apiBasePath: options.apiBasePath,
    ...(options.demoBasePath ? { demoBasePath: options.demoBasePath } : {}),
  });

  const app = new Hono<E>();
  app.get('/', (c) => c.body(html, 200, { ...securityHeaders, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }));
  app.get('/admin.js', async (c) => c.body((await script()).js, 200, { ...securityHeaders, 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/favicon.svg', (c) => c.body(icon, 200, { ...securityHeaders, 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }));
  app.get('/admin.css', async (c) => {
    css ??= readFile(stylesheet, 'utf8');
    return c.body(await css, 200, { ...securityHeaders, 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' });
  });
  return app;
}
