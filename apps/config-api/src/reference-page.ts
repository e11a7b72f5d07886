import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
// A static import, so the app's built package.json lists the package (the files are read at run time).
import viewerDirectory from 'swagger-ui-dist/absolute-path.js';
import { Hono, type Env } from 'hono';

/** The viewer's files served from node_modules (never a CDN): the page works offline. */
const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

/** Relative links: the page works under whatever prefix the API is mounted at (`/v1/reference` → `/v1/openapi.json`). */
const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>config-api reference</title>
<link rel="stylesheet" href="reference/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="reference/swagger-ui-bundle.js"></script>
<script src="reference/swagger-ui-standalone-preset.js"></script>
<script src="reference/init.js"></script>
</body>
</html>
`;

const init = `window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#reference', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'BaseLayout', deepLinking: true });\n`;

/** `GET /reference`: an interactive reference of the OpenAPI document at `openapi.json` beside it (Swagger UI). */
export function referencePageRoutes<E extends Env>(): Hono<E> {
  const app = new Hono<E>();
  const cache = new Map<string, Buffer>();
  app.get('/reference', (c) => c.html(page));
  app.get('/reference/init.js', (c) => c.body(init, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/reference/:file', async (c) => {
    const file = c.req.param('file');
    const type = assets[file];
    if (!type) return c.notFound();
    let content = cache.get(file);
    if (!content) {
      content = await readFile(join(viewerDirectory(), file));
      cache.set(file, content);
    }
    return c.body(new Uint8Array(content), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
  return app;
}
