import { readFileSync } from 'node:fs';
import OpenAPIBackend from 'openapi-backend';
import { parse } from 'yaml';
import { sandboxWire } from '../sandbox-settings';

/** ajv ignores unknown formats; these three are the ones the Willo files use. */
const formats: Record<string, (value: string) => boolean> = {
  email: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
  uri: (v) => URL.canParse(v),
  'date-time': (v) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v)),
};

/**
 * An `openapi-backend` validator for a Willo OpenAPI file (e.g. the reference's `willo-openapi.yml`),
 * rooted at `/api/integrations/v2`, strict about trailing slashes, reporting every error, formats on.
 */
export async function willoOpenApiValidator(specPath: string): Promise<OpenAPIBackend> {
  const api = new OpenAPIBackend({
    definition: parse(readFileSync(specPath, 'utf8')),
    apiRoot: sandboxWire.apiRoot,
    ignoreTrailingSlashes: false,
    ajvOpts: { allErrors: true },
    customizeAjv: (ajv) => {
      for (const [name, check] of Object.entries(formats)) ajv.addFormat(name, check);
      return ajv;
    },
  });
  await api.init();
  return api;
}
