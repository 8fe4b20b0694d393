import { newId } from '../ids.js';
import { type WorkspaceId, asSystem, trustedWorkspaceId } from '../store/workspace-scope.js';
import { newApiKey, sha256 } from '../security/tokens.js';
import { diff, recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';

// Every request with the server key checks it; a short-lived memo of known hashes saves a query
// per request. Short, so a key deleted from the database stops working within seconds.
const VERIFIED_TTL_MS = 10_000;

export class ApiKeysService {
  private readonly verified = new Map<string, { key: { id: string; workspaceId: WorkspaceId }; at: number }>();

  constructor(private readonly deps: CoreDeps) {}

  /** Creates a key; the plain value is returned once and only its hash is kept. */
  async create(name: string, plain = newApiKey()): Promise<{ id: string; key: string }> {
    const id = newId('key');
    await this.deps.db.transaction().execute(async (tx) => {
      const res = await tx
        .insertInto('api_keys')
        .values({ id, name, key_hash: sha256(plain), prefix: plain.slice(0, 7), created_at: Date.now(), last_used_at: null })
        .onConflict((oc) => oc.column('key_hash').doNothing())
        .executeTakeFirst();
      // The same bootstrap key given again at every start is no new key.
      if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return;
      await recordAudit(tx, { action: 'api_key.created', target: { type: 'api_key', id }, changes: diff(null, { name, prefix: plain.slice(0, 7) }) });
    });
    return { id, key: plain };
  }

  /** The key's id and the workspace it belongs to (and acts in only), or undefined. */
  async verify(plain: string): Promise<{ id: string; workspaceId: WorkspaceId } | undefined> {
    const hash = sha256(plain);
    const hit = this.verified.get(hash);
    if (hit && Date.now() - hit.at < VERIFIED_TTL_MS) return hit.key;
    // Before the caller is known there is no workspace yet: the key itself says which it is.
    const row = await asSystem(() => this.deps.db.selectFrom('api_keys').select(['id', 'workspace_id']).where('key_hash', '=', hash).executeTakeFirst());
    const key = row && { id: row.id, workspaceId: trustedWorkspaceId(row.workspace_id) };
    if (key) {
      if (this.verified.size > 1000) this.verified.clear();
      this.verified.set(hash, { key, at: Date.now() });
    } else {
      this.verified.delete(hash);
    }
    return key;
  }

  async count(): Promise<number> {
    const r = await this.deps.db
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
