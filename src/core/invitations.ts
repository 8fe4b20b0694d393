/**
 * Invitations (issue 15): an admin invites an email address with a role. The invitee accepts by
 * the emailed link (choosing a password) or simply by signing in through single sign-on with
 * that verified email. SSO never creates an operator for an email nobody invited.
 */
import { DEFAULT_WORKSPACE, type WorkspaceId, asSystem, currentWorkspace, withWorkspace, workspaceOfRow } from '../store/workspace-scope.js';
import { setMembership } from './workspaces.js';
import { randomBytes } from 'node:crypto';
import { HeraldError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { hashPassword } from '../security/passwords.js';
import { sha256 } from '../security/tokens.js';
import type { Role, Row } from '../store/schema.js';
import { currentActor, diff, recordAudit } from './audit.js';
import { invitationEmail, writeAuthEmail } from './auth-emails.js';
import type { CoreDeps } from './deps.js';
import type { Db } from './outbox.js';

const INVITATION_TTL_MS = 7 * 24 * 3600_000;

/** Who an accepted invitation signs in, and the workspace that invited them (where they land). */
export interface Accepted {
  operatorId: string;
  workspaceId: WorkspaceId;
}

async function isMember(tx: Db, workspace: WorkspaceId, operatorId: string): Promise<boolean> {
  const m = await tx
    .selectFrom('workspace_members')
    .select('role')
    .where('workspace_id', '=', workspace)
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
  return m !== undefined;
}

export function invitationDto(r: Row<'invitations'>) {
  return {
    id: r.id,
    email: r.email,
    role: r.role,
    invitedBy: r.invited_by,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    expiresAt: new Date(Number(r.expires_at)).toISOString(),
  };
}

export type InvitationDto = ReturnType<typeof invitationDto>;

export class InvitationsService {
  constructor(
    private readonly deps: CoreDeps,
    /** Something an invitee can do: choose a password, and/or sign in through SSO. */
    private readonly ways: { password: boolean; sso: boolean },
  ) {}

  private get smtpConfigured(): boolean {
    return this.deps.config.providers.smtp.url !== undefined;
  }

  /**
   * Invites an email (a fresh link replaces any earlier pending one). The link is emailed when SMTP
   * is configured; it is returned either way so an admin can hand it over another way.
   */
  async create(input: { email: string; role: Role }): Promise<{ invitation: InvitationDto; link: string; emailed: boolean }> {
    const { db, box, config, events } = this.deps;
    const email = input.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new HeraldError('VALIDATION', `"${input.email}" is not an email address.`);
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    const actor = currentActor();
    const row: Row<'invitations'> = {
      id: newId('inv', now),
      email,
      role: input.role,
      token_hash: sha256(token),
      invited_by: actor.type === 'operator' ? actor.id : null,
      created_at: now,
      expires_at: now + INVITATION_TTL_MS,
      accepted_at: null,
    };
    const link = `${config.publicUrl}/invite?token=${token}`;
    const emailed = this.smtpConfigured;
    await db.transaction().execute(async (tx) => {
      // An existing operator (a member of another workspace) is invited too: accepting adds this
      // workspace to theirs instead of creating a second operator.
      const taken = await tx.selectFrom('operators').select('id').where('email', '=', email).executeTakeFirst();
      const here = currentWorkspace() ?? DEFAULT_WORKSPACE;
      if (taken && (await isMember(tx, here, taken.id))) throw new HeraldError('CONFLICT', `${email} is already a member of this workspace.`);
      await tx.deleteFrom('invitations').where('email', '=', email).where('accepted_at', 'is', null).execute();
      await tx.insertInto('invitations').values(row).execute();
      await recordAudit(tx, { action: 'operator.invited', target: { type: 'invitation', id: row.id }, changes: diff(null, { email, role: input.role }) });
      if (emailed) {
        const inviter = row.invited_by
          ? await tx.selectFrom('operators').select(['name', 'email']).where('id', '=', row.invited_by).executeTakeFirst()
          : undefined;
        const message = invitationEmail(
          email,
          input.role,
          link,
          inviter ? `${inviter.name} (${inviter.email})` : null,
          row.expires_at,
          this.ways.sso && !this.ways.password,
        );
        await writeAuthEmail(tx, box, { ...message, recipient: { type: 'operator', id: row.id } });
      }
    });
    if (emailed) events.written();
    // Whether the email already has an operator is not said: an admin of one business must not
    // learn who works for another (only the invitee sees it, on the invitation page).
    return { invitation: invitationDto(row), link, emailed };
  }

  /** Pending invitations (not accepted, not expired), newest first. */
  async list(): Promise<InvitationDto[]> {
    const rows = await this.deps.db
      .selectFrom('invitations')
      .selectAll()
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', Date.now())
      .orderBy('id', 'desc')
      .execute();
    return rows.map(invitationDto);
  }

  async revoke(id: string): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('invitations').selectAll().where('id', '=', id).where('accepted_at', 'is', null).executeTakeFirst();
      if (!row) throw notFound('Invitation');
      await tx.deleteFrom('invitations').where('id', '=', id).execute();
      await recordAudit(tx, { action: 'invitation.revoked', target: { type: 'invitation', id }, changes: diff({ email: row.email, role: row.role }, null) });
    });
  }

  /** What the invitation page shows before the invitee accepts. */
  async lookup(token: string): Promise<{ email: string; role: Role; expiresAt: string; workspace: { id: string; name: string }; existingOperator: boolean }> {
    const { db } = this.deps;
    // A link is opened signed out: its invitation is found across workspaces, by its token alone.
    const row = await asSystem(() => this.pending(db, { token }));
    const ws = await db
      .selectFrom('workspaces')
      .select(['id', 'name'])
      .where('id', '=', row.workspace_id ?? DEFAULT_WORKSPACE)
      .executeTakeFirstOrThrow();
    const op = await db.selectFrom('operators').select('id').where('email', '=', row.email).executeTakeFirst();
    return { email: row.email, role: row.role, expiresAt: new Date(Number(row.expires_at)).toISOString(), workspace: ws, existingOperator: op !== undefined };
  }

  /**
   * Accepts by link: a new operator chooses a name and password; an existing one (invited to one
   * more workspace) must be signed in as themselves (`signedInAs`) and keeps their password. The
   * link is spent; the result says who signs in and in which workspace.
   */
  async acceptWithPassword(token: string, input: { name?: string; password?: string }, signedInAs?: string): Promise<Accepted> {
    if (!this.ways.password)
      throw new HeraldError('PASSWORD_LOGIN_DISABLED', 'Password sign-in is turned off here; accept the invitation by signing in with single sign-on.');
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    return asSystem(() =>
      this.deps.db.transaction().execute(async (tx) => {
        const row = await this.pending(tx, { token });
        const existing = await tx.selectFrom('operators').select('id').where('email', '=', row.email).executeTakeFirst();
        if (!existing && (!input.name || !passwordHash)) throw new HeraldError('VALIDATION', 'Choose a name and a password to accept this invitation.');
        // The link alone is not who they are: the inviting admin holds it too, and accepting signs in.
        if (existing && existing.id !== signedInAs)
          throw new HeraldError('UNAUTHORIZED', `This invitation is for ${row.email}, who already has an account: sign in as ${row.email}, then accept it.`);
        return {
          operatorId: await this.accept(tx, row, input.name ?? '', passwordHash ?? ''),
          workspaceId: workspaceOfRow(row),
        };
      }),
    );
  }

  /**
   * Single sign-on with a verified email: the invited operator is created (without a password)
   * and the invitation spent. undefined when the email was never invited (or the link expired).
   */
  async acceptBySso(email: string, name: string | undefined): Promise<Accepted | undefined> {
    // Every workspace that invited this email (the callback is signed out: found across them all).
    return asSystem(() =>
      this.deps.db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom('invitations')
          .selectAll()
          .where('email', '=', email.toLowerCase())
          .where('accepted_at', 'is', null)
          .where('expires_at', '>', Date.now())
          .orderBy('id')
          .execute();
        let accepted: Accepted | undefined;
        // Oldest first: the operator is created by the first, later ones add workspaces; the
        // newest invitation is where they land.
        for (const row of rows) {
          const operatorId = await this.accept(tx, row, name?.trim() || email.split('@')[0]!, '');
          accepted = { operatorId, workspaceId: workspaceOfRow(row) };
        }
        return accepted;
      }),
    );
  }

  private async pending(db: Db, by: { token: string } | { email: string }): Promise<Row<'invitations'>> {
    // The invitee has no workspace yet: the link (or their email) finds the invitation in any.
    const row = await asSystem(() =>
      db
        .selectFrom('invitations')
        .selectAll()
        .$if('token' in by, (q) => q.where('token_hash', '=', sha256((by as { token: string }).token)))
        .$if('email' in by, (q) => q.where('email', '=', (by as { email: string }).email.toLowerCase()))
        .where('accepted_at', 'is', null)
        .orderBy('id', 'desc')
        .executeTakeFirst(),
    );
    if (!row || Number(row.expires_at) < Date.now())
      throw new HeraldError('INVALID_LINK', 'This invitation has expired, was already used or was revoked; ask an admin for a new one.');
    return row;
  }

  private async accept(tx: Db, inv: Row<'invitations'>, name: string, passwordHash: string): Promise<string> {
    const now = Date.now();
    // Spent first, conditionally: two acceptances racing create one operator.
    const spent = await asSystem(() =>
      tx.updateTable('invitations').set({ accepted_at: now }).where('id', '=', inv.id).where('accepted_at', 'is', null).executeTakeFirst(),
    );
    if (Number(spent.numUpdatedRows) === 0) throw new HeraldError('INVALID_LINK', 'This invitation was already used.');
    const workspace = workspaceOfRow(inv);
    const taken = await tx.selectFrom('operators').select('id').where('email', '=', inv.email).executeTakeFirst();
    if (taken) {
      // Someone who already signs in here: one more workspace for them, with the invited role (a
      // membership they already have meanwhile is left as it is).
      if (!(await isMember(tx, workspace, taken.id))) {
        await setMembership(tx, workspace, taken.id, inv.role, now);
        await withWorkspace(workspace, () =>
          recordAudit(tx, {
            action: 'member.added',
            target: { type: 'operator', id: taken.id },
            changes: { ...diff(null, { email: inv.email, role: inv.role }), invitation: [null, inv.id] },
          }),
        );
      }
      return taken.id;
    }
    const id = newId('op', now);
    await tx
      .insertInto('operators')
      .values({
        id,
        email: inv.email,
        name: name.slice(0, 200),
        role: inv.role,
        password_hash: passwordHash,
        profile: '{}',
        disabled: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    // A member of the workspace that invited them, with the invited role; recorded there.
    await setMembership(tx, workspace, id, inv.role, now);
    await withWorkspace(workspace, () =>
      recordAudit(tx, {
        action: 'operator.created',
        target: { type: 'operator', id },
        changes: { ...diff(null, { email: inv.email, name, role: inv.role }), invitation: [null, inv.id] },
      }),
    );
    return id;
  }
}
