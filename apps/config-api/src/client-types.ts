import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { createConfigApi } from './config-api';

/** Where the typed client's generated types live (committed). */
export const clientTypesPath = 'libs/config-api-client/src/generated/config-api.types.ts';

/**
 * The client's types, generated from the OpenAPI document this very code serves (built without
 * ports: the document does not depend on them). `scripts/generate-client.ts` writes them; a spec
 * fails when the committed file differs.
 */
export async function generateClientTypes(): Promise<string> {
  const unused = () => {
    throw new Error('the document is built without ports');
  };
  const api = createConfigApi(
    { eventStore: new Proxy({}, { get: unused }) as never, readStore: new Proxy({}, { get: unused }) as never, connectorAuth: { authorizationUrl: unused, disconnect: unused }, willoKeyCheck: unused },
    { now: () => 0 },
    { authenticate: unused as never },
  );
  const document = api.openApiDocument();
  const ast = await openapiTS(document as never, { alphabetize: true });
  return `${COMMENT_HEADER}// Regenerate: npx tsx apps/config-api/scripts/generate-client.ts\n\n${astToString(ast)}`;
}
