import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';

/** One migration set for both engines, bundled in code so a built server needs no loose files. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '0001-initial': m0001 };
  },
};
