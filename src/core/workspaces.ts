/**
 * Workspaces and memberships (CONTRACT §14): the `default` workspace made by migration 0014 gets
 * the deployment's identity secret on the first start; operators are members of workspaces with
 * a role in each; an instance admin (admin of `default`) creates more (docs/workspaces.md).
 */
import { randomBytes } from 'node:crypto';
import { HeraldError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { isPostgres } from '../store/raw-sql.js';
import type { Role } from '../store/schema.js';
import { DEFAULT_WORKSPACE, type WorkspaceId, currentWorkspace, trustedWorkspaceId, withWorkspace } from '../store/workspace-scope.js';
import { diff, recordAudit } from './audit.js';
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

  /** The members of a workspace, with their role there, oldest first. */
  async members(workspace: WorkspaceId): Promise<Member[]> {
    const rows = await this.deps.db
      .selectFrom('workspace_members as m')
      .innerJoin('operators as o', 'o.id', 'm.operator_id')
      .select(['o.id', 'o.email', 'o.name', 'm.role', 'm.created_at'])
      .where('m.workspace_id', '=', workspace)
      .orderBy('m.created_at')
      .orderBy('o.id')
      .execute();
    return rows.map(memberDto);
  }

  /**
   * Adds an existing operator to `workspace`. Only operators the caller already shares a
   * workspace with as its admin can be found this way, so an admin of one business cannot probe
   * which emails have an operator elsewhere (an unknown email gets the same answer; invite it).
   */
  async addMember(workspace: WorkspaceId, input: { email: string; role: Role }, callerId: string): Promise<Member> {
    const email = input.email.trim().toLowerCase();
    const adminOf = (await this.membershipsOf(callerId)).filter((m) => m.role === 'admin').map((m) => m.id);
    return this.deps.db.transaction().execute(async (tx) => {
      await lockWorkspace(tx, workspace);
      const op = await tx
        .selectFrom('operators as o')
        .innerJoin('workspace_members as m', 'm.operator_id', 'o.id')
        .select(['o.id'])
        .where('o.email', '=', email)
        .where('m.workspace_id', 'in', adminOf)
        .executeTakeFirst();
      if (!op) throw new HeraldError('NOT_FOUND', `No operator ${email} is a member of a workspace you administer; invite them by email instead.`);
      const already = await tx
        .selectFrom('workspace_members')
        .select('role')
        .where('workspace_id', '=', workspace)
        .where('operator_id', '=', op.id)
        .executeTakeFirst();
      if (already) throw new HeraldError('CONFLICT', `${email} is already a member of this workspace.`);
      const now = Date.now();
      await setMembership(tx, workspace, op.id, input.role, now);
      await withWorkspace(workspace, () =>
        recordAudit(tx, { action: 'member.added', target: { type: 'operator', id: op.id }, changes: diff(null, { email, role: input.role }) }),
      );
      return (await memberIn(tx, workspace, op.id))!;
    });
  }

  /**
   * Whether `caller` may change what is an operator's in every workspace at once (name, password,
   * disabled): only when each workspace the operator belongs to is the caller's to administer (a
   * server key: its own workspace only). An admin of one business must not take over, rename or
   * lock out someone who also works for another.
   */
  async governs(caller: { operatorId: string } | { workspace: WorkspaceId }, operatorId: string): Promise<boolean> {
    const theirs = await this.deps.db.selectFrom('workspace_members').select('workspace_id').where('operator_id', '=', operatorId).execute();
    const mine: string[] =
      'operatorId' in caller ? (await this.membershipsOf(caller.operatorId)).filter((m) => m.role === 'admin').map((m) => m.id) : [caller.workspace];
    return theirs.every((t) => mine.includes(t.workspace_id));
  }

  /** Changes a member's role in `workspace` (never leaving it without an admin); audited. */
  async setMemberRole(workspace: WorkspaceId, operatorId: string, role: Role): Promise<Member> {
    return this.deps.db.transaction().execute(async (tx) => {
      await lockWorkspace(tx, workspace);
      const before = await memberIn(tx, workspace, operatorId);
      if (!before) throw notFound('The member');
      if (role !== 'admin') await assertNotLastAdmin(tx, workspace, operatorId);
      await setMembership(tx, workspace, operatorId, role);
      await syncLegacyRole(tx, workspace, operatorId, role);
      await withWorkspace(workspace, () =>
        recordAudit(tx, { action: 'member.updated', target: { type: 'operator', id: operatorId }, changes: diff({ role: before.role }, { role }) }),
      );
      return { ...before, role };
    });
  }

  /** Removes a member from `workspace` (never its last admin); the operator keeps their other workspaces. */
  async removeMember(workspace: WorkspaceId, operatorId: string): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      await lockWorkspace(tx, workspace);
      const before = await memberIn(tx, workspace, operatorId);
      if (!before) throw notFound('The member');
      await assertNotLastAdmin(tx, workspace, operatorId);
      await tx.deleteFrom('workspace_members').where('workspace_id', '=', workspace).where('operator_id', '=', operatorId).execute();
      await withWorkspace(workspace, async () => {
        // Their departments in this workspace go with them (a tenant table: scoped to it).
        await tx.deleteFrom('operator_departments').where('operator_id', '=', operatorId).execute();
        await recordAudit(tx, {
          action: 'member.removed',
          target: { type: 'operator', id: operatorId },
          changes: diff({ email: before.email, role: before.role }, null),
        });
      });
    });
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

export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: string;
}

/**
 * Refuses a change that would leave `workspace` without an admin (the operator stops being one, or
 * leaves). In the caller's transaction, after the workspace row is locked (`lockWorkspace`), so two
 * admins demoting each other at once cannot both pass.
 */
export async function assertNotLastAdmin(tx: Db, workspace: WorkspaceId, operatorId: string): Promise<void> {
  const admins = await tx.selectFrom('workspace_members').select('operator_id').where('workspace_id', '=', workspace).where('role', '=', 'admin').execute();
  if (admins.length === 1 && admins[0]!.operator_id === operatorId)
    throw new HeraldError('CONFLICT', 'This is the last admin of the workspace; make someone else an admin first.');
}

/** Serializes membership changes of one workspace (PostgreSQL row lock; SQLite has one writer). */
export async function lockWorkspace(tx: Db, workspace: WorkspaceId): Promise<void> {
  const row = await tx
    .selectFrom('workspaces')
    .select('id')
    .where('id', '=', workspace)
    .$if(isPostgres(tx), (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row) throw notFound('The workspace');
}

/**
 * Refuses an operator who does not exist, is disabled or (in a workspace scope) is not a member
 * of the current workspace: someone who does not work here is nobody here (assignments, authors,
 * notification recipients).
 */
export async function assertOperatorHere(tx: Db, id: string): Promise<void> {
  const o = await tx.selectFrom('operators').select(['id', 'disabled']).where('id', '=', id).executeTakeFirst();
  const ws = currentWorkspace();
  const member =
    ws && (await tx.selectFrom('workspace_members').select('role').where('workspace_id', '=', ws).where('operator_id', '=', id).executeTakeFirst());
  if (!o || o.disabled || (ws && !member)) throw new HeraldError('UNPROCESSABLE', `Operator ${id} does not exist or is disabled.`);
}

/**
 * `operators.role` predates workspaces and mirrors the role in `default`, which code from before
 * workspaces still reads; a role in any other workspace lives only in `workspace_members`.
 */
export async function syncLegacyRole(tx: Db, workspace: WorkspaceId, operatorId: string, role: Role): Promise<void> {
  if (workspace === DEFAULT_WORKSPACE) await tx.updateTable('operators').set({ role, updated_at: Date.now() }).where('id', '=', operatorId).execute();
}

async function memberIn(tx: Db, workspace: WorkspaceId, operatorId: string): Promise<Member | undefined> {
  const row = await tx
    .selectFrom('workspace_members as m')
    .innerJoin('operators as o', 'o.id', 'm.operator_id')
    .select(['o.id', 'o.email', 'o.name', 'm.role', 'm.created_at'])
    .where('m.workspace_id', '=', workspace)
    .where('m.operator_id', '=', operatorId)
    .executeTakeFirst();
  return row && memberDto(row);
}

function memberDto(r: { id: string; email: string; name: string; role: Role; created_at: number | string }): Member {
  return { id: r.id, email: r.email, name: r.name, role: r.role, joinedAt: new Date(Number(r.created_at)).toISOString() };
}
