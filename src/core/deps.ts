import type { Kysely } from 'kysely';
import type { Bus } from '../bus/bus.js';
import type { Config } from '../config.js';
import type { SecretBox } from '../security/secret-box.js';
import type { Events } from './events.js';
import type { DbCapabilities } from '../store/db.js';
import type { GroupCommit } from '../store/group-commit.js';
import type { Database } from '../store/schema.js';

/** What every core service is built from. */
export interface CoreDeps {
  db: Kysely<Database>;
  caps: DbCapabilities;
  /** The hot path's one writer: small writes arriving together share a transaction. */
  writer: GroupCommit;
  bus: Bus;
  box: SecretBox;
  config: Readonly<Config>;
  /** Raises outbox events and wakes the dispatcher after their commit. */
  events: Events;
}
