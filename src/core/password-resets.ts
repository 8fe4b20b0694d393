/**
 * Password reset by email link (CONTRACT §14): single use, expiring, only when SMTP is
 * configured and password sign-in is on. Asking never reveals whether an email has an account.
 */
import { randomBytes } from 'node:crypto';
import { HeraldError } from '../errors.js';
import { hashPassword } from '../security/passwords.js';
import { sha256 } from '../security/tokens.js';
import { DEFAULT_WORKSPACE, trustedWorkspaceId, withWorkspace } from '../store/workspace-scope.js';
import { recordAudit, runAs, SECRET_CHANGED, SECRET_SET } from './audit.js';
import { passwordResetEmail, writeAuthEmail } from './auth-emails.js';
import type { CoreDeps } from './deps.js';

/** Long enough to find the email, short enough that an old inbox is no key to the account. */
export const RESET_TTL_MS = 3600_000;

export class PasswordResetsService {
  constructor(
    private readonly deps: CoreDeps,
    private readonly passwordLogin: boolean,
  ) {}

  private assertAvailable(): void {
    if (!this.passwordLogin) throw new HeraldError('PASSWORD_LOGIN_DISABLED', 'Password sign-in is turned off here; sign in with single sign-on.');
    if (!this.deps.config.providers.smtp.url)
      throw new HeraldError('NOT_CONFIGURED', 'Password reset needs email: SMTP_URL is not configured. Ask an admin to set a new password.');
  }

  /** Emails a link when the address belongs to an active operator; answers the same either way. */
  async request(email: string, now = Date.now()): Promise<void> {
    this.assertAvailable();
    const { db, box, config, events } = this.deps;
    const op = await db.selectFrom('operators').select(['id', 'email', 'disabled']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    if (!op || op.disabled) return;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + RESET_TTL_MS;
    // The person, not a workspace, forgot their password: the email is the instance's (workspace
    // default's, whose provider is the environment's SMTP).
    await withWorkspace(DEFAULT_WORKSPACE, () =>
      db.transaction().execute(async (tx) => {
        // Only the newest link works: asking again makes the earlier ones useless.
        await tx.deleteFrom('password_resets').where('operator_id', '=', op.id).execute();
        await tx
          .insertInto('password_resets')
          .values({ token_hash: sha256(token), operator_id: op.id, created_at: now, expires_at: expiresAt, used_at: null })
          .execute();
        const message = passwordResetEmail(op.email, `${config.publicUrl}/reset-password?token=${token}`, expiresAt);
        await writeAuthEmail(tx, box, { ...message, recipient: { type: 'operator', id: op.id } });
      }),
    );
    events.written();
  }

  /** Sets the new password and spends the link; every open login of that operator ends. */
  async confirm(token: string, password: string): Promise<string> {
    this.assertAvailable();
    const { db } = this.deps;
    const passwordHash = await hashPassword(password);
    const now = Date.now();
    return db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('password_resets').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
      if (!row || row.used_at !== null || Number(row.expires_at) < now) {
        throw new HeraldError('INVALID_LINK', 'This password-reset link has expired or was already used; ask for a new one.');
      }
      // Conditional update: of two uses racing, one wins.
      const spent = await tx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('token_hash', '=', row.token_hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(spent.numUpdatedRows) === 0) throw new HeraldError('INVALID_LINK', 'This password-reset link was already used.');
      await tx.updateTable('operators').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', row.operator_id).execute();
      await tx.deleteFrom('auth_sessions').where('operator_id', '=', row.operator_id).execute();
      // The operator proved they own the mailbox: they are the author of this change, recorded in
      // the workspace they sign in to (their first), as the auth hook would choose it.
      const first = await tx
        .selectFrom('workspace_members as m')
        .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
        .select('w.id')
        .where('m.operator_id', '=', row.operator_id)
        .orderBy('w.created_at')
        .executeTakeFirst();
      await withWorkspace(first ? trustedWorkspaceId(first.id) : DEFAULT_WORKSPACE, () =>
        runAs({ type: 'operator', id: row.operator_id }, () =>
          recordAudit(tx, {
            action: 'operator.password_reset',
            target: { type: 'operator', id: row.operator_id },
            changes: { password: [SECRET_SET, SECRET_CHANGED] },
          }),
        ),
      );
      return row.operator_id;
    });
  }
}
