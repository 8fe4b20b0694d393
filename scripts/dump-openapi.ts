/**
 * Writes the OpenAPI document Herald serves at GET /api/docs/json, built from a throwaway embedded
 * instance (temporary data dir, nothing listening). `npm run openapi:dump [-- out.json]`.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { createHeraldServer } from '../src/herald.js';
import { createLogger } from '../src/logger.js';

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-openapi-'));
  try {
    const config = loadConfig({ HERALD_DATA_DIR: dataDir, HERALD_LOG_LEVEL: 'silent', HERALD_API_KEY: 'hk_openapi_dump_0000000000000000000000000' });
    const herald = await createHeraldServer(config, { log: createLogger(config.logLevel), role: 'api' });
    try {
      await herald.app.ready();
      return herald.app.swagger() as unknown as Record<string, unknown>;
    } finally {
      await herald.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const out = process.argv[2] ?? 'dist/openapi.json';
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
  console.log(`wrote ${out}`);
}
