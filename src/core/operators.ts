import { DEFAULT_WORKSPACE, currentWorkspace, withWorkspace } from '../store/workspace-scope.js';
import { WorkspacesService, assertNotLastAdmin, lockWorkspace, setMembership, syncLegacyRole } from './workspaces.js';
import { randomBytes } from 'node:crypto';
import { HeraldError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { hashPassword, verifyPassword } from '../security/passwords.js';
import { sha256 } from '../security/tokens.js';
import { parseQuietHours, type QuietHours, validateQuietHours } from '../readstate/quiet-hours.js';
import type { Role, Row } from '../store/schema.js';
import { diff, recordAudit, SECRET_CHANGED, SECRET_SET } from './audit.js';
import type { CoreDeps } from './deps.js';

export interface OperatorProfile {
  soundAlerts: boolean;
  soundLoop: boolean;
}

const DEFAULT_PROFILE: OperatorProfile = { soundAlerts: true, soundLoop: false };
const LOGIN_TTL_MS = 7 * 24 * 3600_000;

export function operatorDto(o: Row<'operators'>, departmentIds: string[]) {
  return {
    id: o.id,
    email: o.email,
    name: o.name,
    role: o.role,
    departmentIds,
    profile: { ...DEFAULT_PROFILE, ...(JSON.parse(o.profile) as Partial<OperatorProfile>) },
    disabled: o.disabled === 1,
    timezone: o.timezone,
    quietHours: parseQuietHours(o.quiet_hours),
    createdAt: new Date(o.created_at).toISOString(),
  };
}

export type OperatorDto = ReturnType<typeof operatorDto>;

export interface NewOperator {
  email: string;
  name: string;
  role: Role;
  password: string;
  departmentIds?: string[];
}

/** The row of a new operator: no profile settings, time zone or quiet hours yet. */
function newOperatorRow(input: Pick<NewOperator, 'email' | 'name' | 'role'>, passwordHash: string, now = Date.now()): Row<'operators'> {
  return {
    id: newId('op', now),
    email: input.email,
    name: input.name,
    role: input.role,
    password_hash: passwordHash,
    profile: '{}',
    disabled: 0,
    timezone: null,
    quiet_hours: null,
    created_at: now,
    updated_at: now,
  };
}

export class OperatorsService {
  constructor(private readonly deps: CoreDeps) {}

  async create(input: NewOperator): Promise<OperatorDto> {
    const { db } = this.deps;
    const email = input.email.toLowerCase();
    const passwordHash = await hashPassword(input.password);
    const row = newOperatorRow({ ...input, email }, passwordHash);
    const { id, created_at: now } = row;
    await db.transaction().execute(async (tx) => {
      const taken = await tx.selectFrom('operators').select('id').where('email', '=', email).executeTakeFirst();
      if (taken) throw new HeraldError('CONFLICT', `An operator with email ${email} already exists.`);
      await tx.insertInto('operators').values(row).execute();
      await this.setDepartments(tx, id, input.departmentIds ?? []);
      // Their role, as a member of the workspace they were created in (0014).
      await setMembership(tx, currentWorkspace() ?? DEFAULT_WORKSPACE, id, input.role, now);
      await recordAudit(tx, {
        action: 'operator.created',
        target: { type: 'operator', id },
        changes: diff(null, { email, name: input.name, role: input.role, departmentIds: [...new Set(input.departmentIds ?? [])] }),
      });
    });
    return this.get(id);
  }

  /**
   * POST /api/operators. An email that already has an operator is the caller's business only when
   * that person is a member of this workspace (409) or of one the caller administers (409: add them
   * as a member). Anyone else is invited to this workspace instead (`invite`; their account, name
   * and password stay theirs) and the caller gets the answer a new operator gets — the same status,
   * fields and work — so an admin of one business cannot learn who works for another.
   */
  async createOrInvite(
    input: NewOperator,
    /** The operator asking (a server key sees its own workspace's members only). */
    callerId: string | undefined,
    invite: (email: string, role: Role) => Promise<unknown>,
  ): Promise<OperatorDto> {
    const { db } = this.deps;
    const email = input.email.toLowerCase();
    const here = currentWorkspace() ?? DEFAULT_WORKSPACE;
    const taken = await db.selectFrom('operators').select('id').where('email', '=', email).executeTakeFirst();
    if (!taken) return this.create(input);
    const theirs = (await db.selectFrom('workspace_members').select('workspace_id').where('operator_id', '=', taken.id).execute()).map((m) => m.workspace_id);
    if (theirs.includes(here)) throw new HeraldError('CONFLICT', `${email} is already a member of this workspace.`);
    const adminOf = callerId ? await new WorkspacesService(this.deps).membershipsOf(callerId) : [];
    const mine = new Set<string>(adminOf.filter((m) => m.role === 'admin').map((m) => m.id));
    if (theirs.some((w) => mine.has(w)))
      throw new HeraldError('CONFLICT', `${email} already has an operator in a workspace you administer; add them with POST /api/workspaces/${here}/members.`);
    // The same work as a new operator's (the password hash, the departments' check), then an invitation.
    await hashPassword(input.password);
    await this.checkDepartments(db, input.departmentIds ?? []);
    await invite(email, input.role);
    return operatorDto(newOperatorRow({ ...input, email }, ''), [...new Set(input.departmentIds ?? [])]);
  }

  async get(id: string): Promise<OperatorDto> {
    const { db } = this.deps;
    const found = await db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
    if (!found) throw notFound('Operator');
    // People sign in once; in a workspace they exist only as its members, with its role.
    const [o] = await this.inWorkspace([found]);
    if (!o) throw notFound('Operator');
    const deps = await db.selectFrom('operator_departments').select('department_id').where('operator_id', '=', id).execute();
    return operatorDto(
      o,
      deps.map((d) => d.department_id),
    );
  }

  async list(): Promise<OperatorDto[]> {
    const { db } = this.deps;
    const ops = await this.inWorkspace(await db.selectFrom('operators').selectAll().orderBy('id').execute());
    const links = await db.selectFrom('operator_departments').selectAll().execute();
    return ops.map((o) =>
      operatorDto(
        o,
        links.filter((l) => l.operator_id === o.id).map((l) => l.department_id),
      ),
    );
  }

  async update(
    id: string,
    patch: {
      name?: string;
      role?: Role;
      password?: string;
      departmentIds?: string[];
      disabled?: boolean;
      profile?: Partial<OperatorProfile>;
      timezone?: string | null;
      quietHours?: QuietHours | null;
    },
  ): Promise<OperatorDto> {
    const { db } = this.deps;
    validateQuietHours(patch.quietHours, patch.timezone);
    const current = await this.get(id);
    const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('operators')
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(passwordHash && { password_hash: passwordHash }),
          ...(patch.disabled !== undefined && { disabled: patch.disabled ? 1 : 0 }),
          ...(patch.profile && { profile: JSON.stringify({ ...current.profile, ...patch.profile }) }),
          ...(patch.timezone !== undefined && { timezone: patch.timezone }),
          ...(patch.quietHours !== undefined && { quiet_hours: patch.quietHours ? JSON.stringify(patch.quietHours) : null }),
          updated_at: Date.now(),
        })
        .where('id', '=', id)
        .execute();
      if (patch.departmentIds) await this.setDepartments(tx, id, patch.departmentIds);
      if (patch.role !== undefined && patch.role !== current.role) {
        // The role is the one in this workspace; never leaving it without an admin.
        const ws = currentWorkspace() ?? DEFAULT_WORKSPACE;
        await lockWorkspace(tx, ws);
        if (patch.role !== 'admin') await assertNotLastAdmin(tx, ws, id);
        await setMembership(tx, ws, id, patch.role);
        await syncLegacyRole(tx, ws, id, patch.role);
      }
      // A disabled operator or a changed password ends every open login.
      if (patch.disabled || passwordHash) await tx.deleteFrom('auth_sessions').where('operator_id', '=', id).execute();
      // Profile settings (sounds) are the operator's own preferences, not access: not audited.
      const audited = (o: { name: string; role: Role; disabled: boolean; departmentIds: string[] }) => ({
        name: o.name,
        role: o.role,
        disabled: o.disabled,
        departmentIds: [...o.departmentIds].sort(),
      });
      const changes = diff(
        audited(current),
        audited({
          name: patch.name ?? current.name,
          role: patch.role ?? current.role,
          disabled: patch.disabled ?? current.disabled,
          departmentIds: patch.departmentIds ? [...new Set(patch.departmentIds)] : current.departmentIds,
        }),
      );
      if (passwordHash) changes.password = [SECRET_SET, SECRET_CHANGED];
      await recordAudit(tx, { action: 'operator.updated', target: { type: 'operator', id }, changes });
    });
    return this.get(id);
  }

  private async checkDepartments(tx: CoreDeps['db'], departmentIds: string[]): Promise<void> {
    const unique = [...new Set(departmentIds)];
    if (unique.length === 0) return;
    const found = await tx.selectFrom('departments').select('id').where('id', 'in', unique).execute();
    const missing = unique.filter((d) => !found.some((f) => f.id === d));
    if (missing.length) throw new HeraldError('UNPROCESSABLE', `Unknown department id: ${missing.join(', ')}.`);
  }

  private async setDepartments(tx: CoreDeps['db'], operatorId: string, departmentIds: string[]): Promise<void> {
    const unique = [...new Set(departmentIds)];
    await this.checkDepartments(tx, unique);
    await tx.deleteFrom('operator_departments').where('operator_id', '=', operatorId).execute();
    if (unique.length) {
      await tx
        .insertInto('operator_departments')
        .values(unique.map((d) => ({ operator_id: operatorId, department_id: d })))
        .execute();
    }
  }

  /** Checks a password and opens a login; the returned cookie value is never stored as is. */
  async login(email: string, password: string): Promise<{ cookie: string; operator: OperatorDto; expiresAt: number }> {
    const { db } = this.deps;
    const o = await db.selectFrom('operators').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    // Hash even for unknown emails (and operators who sign in only through SSO, who have no
    // password) so timing does not reveal which emails exist.
    const ok = await verifyPassword(password, o?.password_hash || DUMMY_HASH);
    if (!o || !o.password_hash || !ok || o.disabled) throw new HeraldError('BAD_CREDENTIALS', 'The email or password is not correct.');
    return this.openLogin(o.id);
  }

  /** Opens a login for an operator whose identity was proven elsewhere (password, SSO, invitation, reset link). */
  async openLogin(operatorId: string): Promise<{ cookie: string; operator: OperatorDto; expiresAt: number }> {
    const { db } = this.deps;
    // Signing in happens outside any workspace (no credential yet): the operator is shown as they
    // are in the workspace they land in — the caller's, or their first, as the auth hook chooses.
    const ws = currentWorkspace() ?? (await new WorkspacesService(this.deps).membershipsOf(operatorId))[0]?.id;
    if (!ws) throw new HeraldError('FORBIDDEN', 'You are not a member of any workspace.');
    const cookie = randomBytes(32).toString('base64url');
    const now = Date.now();
    const expiresAt = now + LOGIN_TTL_MS;
    await db
      .insertInto('auth_sessions')
      .values({ id: sha256(cookie), operator_id: operatorId, expires_at: expiresAt, created_at: now })
      .execute();
    await db.deleteFrom('auth_sessions').where('expires_at', '<', now).execute();
    return { cookie, operator: await withWorkspace(ws, () => this.get(operatorId)), expiresAt };
  }

  async logout(cookie: string): Promise<void> {
    await this.deps.db.deleteFrom('auth_sessions').where('id', '=', sha256(cookie)).execute();
  }

  /** The operator behind a login cookie, or undefined when it is unknown, expired or disabled. */
  async fromCookie(cookie: string): Promise<{ id: string; role: Role } | undefined> {
    const row = await this.deps.db
      .selectFrom('auth_sessions')
      .innerJoin('operators', 'operators.id', 'auth_sessions.operator_id')
      .select(['operators.id', 'operators.role', 'operators.disabled', 'auth_sessions.expires_at'])
      .where('auth_sessions.id', '=', sha256(cookie))
      .executeTakeFirst();
    if (!row || row.disabled || row.expires_at < Date.now()) return undefined;
    return { id: row.id, role: row.role };
  }

  /** The operators among `ops` who are members of the current workspace, with their role there (all, outside a scope). */
  private async inWorkspace(ops: Array<Row<'operators'>>): Promise<Array<Row<'operators'>>> {
    const ws = currentWorkspace();
    if (!ws || ops.length === 0) return ops;
    const members = await this.deps.db.selectFrom('workspace_members').select(['operator_id', 'role']).where('workspace_id', '=', ws).execute();
    const roleOf = new Map(members.map((m) => [m.operator_id, m.role]));
    return ops.filter((o) => roleOf.has(o.id)).map((o) => ({ ...o, role: roleOf.get(o.id)! }));
  }

  async count(): Promise<number> {
    const r = await this.deps.db
      .selectFrom('operators')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}

// A valid scrypt hash of a random password, used to spend the same time on unknown emails.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
