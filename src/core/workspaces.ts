/**
 * Workspaces and memberships (CONTRACT §14): the `default` workspace made by migration 0014 gets
 * the deployment's identity secret on the first start; operators are members of workspaces with
 * a role in each; an instance admin (admin of `default`) creates more (docs/workspaces.md).
 */
import { randomBytes } from 'node:crypto';
import { newId } from '../ids.js';
import type { Role } from '../store/schema.js';
import { DEFAULT_WORKSPACE, type WorkspaceId, trustedWorkspaceId } from '../store/workspace-scope.js';
import type { CoreDeps } from './deps.js';
import type { Db } from './outbox.js';

export interface Membership {
  id: WorkspaceId;
  name: string;
  role: Role;
}

export class WorkspacesService {
  constructor(private readonly deps: Pick<CoreDeps, 'db' | 'box'>) {}

  /**
   * The deployment's identity secret (HERALD_IDENTITY_SECRET or identity.key) is `default`'s,
   * stored encrypted. The environment wins, as it does for provider settings: a changed value
   * replaces the stored one.
   */
  async adoptDefaultIdentitySecret(secret: string): Promise<void> {
    const { db, box } = this.deps;
    const row = await db.selectFrom('workspaces').select('identity_secret').where('id', '=', DEFAULT_WORKSPACE).executeTakeFirst();
    if (!row) throw new Error('workspace "default" is missing: migration 0014 did not run');
    if (row.identity_secret !== null && this.open(row.identity_secret) === secret) return;
    await db
      .updateTable('workspaces')
      .set({ identity_secret: box.encrypt(secret) })
      .where('id', '=', DEFAULT_WORKSPACE)
      .execute();
  }

  async identitySecret(id: WorkspaceId): Promise<string | undefined> {
    const row = await this.deps.db.selectFrom('workspaces').select('identity_secret').where('id', '=', id).executeTakeFirst();
    return row?.identity_secret ? this.open(row.identity_secret) : undefined;
  }

  /**
   * A stored secret, or undefined when this process's secret key cannot open it (processes with
   * different HERALD_SECRET_KEYs on one database): its tokens are then refused, never a crash.
   */
  private open(sealed: string): string | undefined {
    try {
      return this.deps.box.decrypt(sealed);
    } catch {
      return undefined;
    }
  }

  /**
   * A new workspace with its own identity secret; its creator becomes its admin. The caller
   * creates its first server key inside it (the key is made by ApiKeysService in its scope).
   */
  async create(name: string, creatorId: string | undefined): Promise<{ id: WorkspaceId; name: string }> {
    const { db, box } = this.deps;
    const now = Date.now();
    const id = trustedWorkspaceId(newId('ws', now));
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('workspaces')
        .values({ id, name, identity_secret: box.encrypt(randomBytes(32).toString('base64url')), created_at: now })
        .execute();
      if (creatorId) await setMembership(tx, id, creatorId, 'admin', now);
    });
    return { id, name };
  }

  async get(id: string): Promise<{ id: WorkspaceId; name: string } | undefined> {
    const row = await this.deps.db.selectFrom('workspaces').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
    return row && { id: trustedWorkspaceId(row.id), name: row.name };
  }

  /** The workspaces an operator belongs to, with their role in each. */
  async membershipsOf(operatorId: string): Promise<Membership[]> {
    const rows = await this.deps.db
      .selectFrom('workspace_members as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(['w.id', 'w.name', 'm.role'])
      .where('m.operator_id', '=', operatorId)
      .orderBy('w.created_at')
      .execute();
    return rows.map((r) => ({ id: trustedWorkspaceId(r.id), name: r.name, role: r.role }));
  }
}

/**
 * Makes `operatorId` a member of `workspace` with `role`, or changes their role there; in the
 * caller's transaction, beside the operator change it belongs to.
 */
export async function setMembership(tx: Db, workspace: WorkspaceId, operatorId: string, role: Role, now = Date.now()): Promise<void> {
  await tx
    .insertInto('workspace_members')
    .values({ workspace_id: workspace, operator_id: operatorId, role, created_at: now })
    .onConflict((oc) => oc.columns(['workspace_id', 'operator_id']).doUpdateSet({ role }))
    .execute();
}
