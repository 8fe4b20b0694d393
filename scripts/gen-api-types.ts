/**
 * Generates the API's TypeScript types for the portal and the SDK from the OpenAPI document Herald
 * serves, so neither copies shapes by hand: `npm run gen:api-types` writes both files;
 * `npm run gen:api-types -- --check` exits 1 when a committed file differs from a fresh generation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from './dump-openapi.js';

// One file: the portal imports the SDK's (type-only, erased from its bundle).
export const GENERATED_FILES = ['sdk/src/api-types.gen.ts'];

const HEADER = `/**
 * GENERATED from Herald's OpenAPI document (GET /api/docs/json) by \`npm run gen:api-types\`.
 * Do not edit: change the schemas in src/http/components.ts or the routes, then regenerate.
 */
`;

export async function generateApiTypes(): Promise<string> {
  const doc = await openApiDocument();
  const ast = await openapiTS(doc as never, { rootTypes: true, rootTypesNoSchemaPrefix: true, alphabetize: false });
  return HEADER + astToString(ast);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const check = process.argv.includes('--check');
  const fresh = await generateApiTypes();
  const stale = GENERATED_FILES.filter((f) => !fs.existsSync(f) || fs.readFileSync(f, 'utf8') !== fresh);
  if (check) {
    if (stale.length) {
      console.error(`${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} not what the API's schemas generate; run \`npm run gen:api-types\` and commit.`);
      process.exit(1);
    }
    console.log('generated API types are current');
  } else {
    for (const f of GENERATED_FILES) fs.writeFileSync(f, fresh);
    console.log(`wrote ${GENERATED_FILES.join(', ')}`);
  }
}
