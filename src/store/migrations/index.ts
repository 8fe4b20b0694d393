import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0003 from './0003-campaigns-actions.js';
import * as m0004 from './0004-email-sms.js';
import * as m0005 from './0005-inbound-receipts.js';
import * as m0006 from './0006-attempt-provider-id.js';
import * as m0007 from './0007-idempotency.js';
import * as m0008 from './0008-engine-v2.js';
import * as m0009 from './0009-console-indexes.js';
import * as m0010 from './0010-read-state.js';
import * as m0011 from './0011-explain-analytics.js';
import * as m0012 from './0012-sso-audit.js';
import * as m0013 from './0013-compact-deliveries.js';
import * as m0014 from './0014-workspaces.js';
import * as m0015 from './0015-workspace-keys.js';
import * as m0016 from './0016-analytics-by-seq.js';
import * as m0017 from './0017-attempts-by-seq.js';
import * as m0018 from './0018-derived-columns.js';

/** One migration set for both engines, bundled in code so a built server needs no loose files. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001-initial': m0001,
      '0003-campaigns-actions': m0003,
      '0004-email-sms': m0004,
      '0005-inbound-receipts': m0005,
      '0006-attempt-provider-id': m0006,
      '0007-idempotency': m0007,
      '0008-engine-v2': m0008,
      '0009-console-indexes': m0009,
      '0010-read-state': m0010,
      '0011-explain-analytics': m0011,
      '0012-sso-audit': m0012,
      '0013-compact-deliveries': m0013,
      '0014-workspaces': m0014,
      '0015-workspace-keys': m0015,
      '0016-analytics-by-seq': m0016,
      '0017-attempts-by-seq': m0017,
      '0018-derived-columns': m0018,
    };
  },
};
