/** Response schemas of workspaces, single sign-on, invitations and the audit log (issue 15); see components.ts. */
import { Type, type TSchema } from 'typebox';
import { Arr, Bool, NullStr, Obj, Ref, Str, Time } from './component-kit.js';

export const Invitation = Obj('Invitation', {
  id: Str,
  email: Str,
  role: Ref('Role'),
  invitedBy: Type.Union([Str, Type.Null()], { description: 'The inviting operator, null for the server key.' }),
  createdAt: Time,
  expiresAt: Time,
});
export const AuditEntry = Obj('AuditEntry', {
  id: Str,
  at: Time,
  actor: Type.Object({ type: Type.Enum(['operator', 'apiKey', 'system']), id: Str, email: Type.Optional(Str) }, { additionalProperties: false }),
  action: Type.String({ description: 'e.g. push_config.updated, operator.updated, provider.updated, template.updated.' }),
  target: Type.Object({ type: Str, id: Str }, { additionalProperties: false }),
  changes: Type.Record(Type.String(), Type.Array(Type.Unknown(), { minItems: 2, maxItems: 2 }), {
    description: '{field: [before, after]}; a secret shows only as "[secret]" / "[secret changed]", never its value.',
  }),
});

export const SSO_COMPONENTS: TSchema[] = [
  Invitation,
  AuditEntry,
  Obj('AuthMethods', {
    password: Type.Boolean({ description: 'Password sign-in is on (HERALD_PASSWORD_LOGIN).' }),
    sso: Type.Boolean({ description: 'Single sign-on is configured: sign in at GET /api/auth/oidc/start.' }),
    passwordReset: Type.Boolean({ description: 'Password reset by email is available (password sign-in on and SMTP configured).' }),
  }),
  Obj('InvitationCreated', {
    invitation: Ref('Invitation'),
    link: Type.String({ description: 'The single-use link (also emailed when SMTP is configured).' }),
    emailed: Bool,
  }),
  Obj('InvitationAccepted', {
    operator: Ref('Operator'),
    workspaceId: Type.String({ description: 'The workspace that invited them; the portal opens in it.' }),
  }),
  Obj('InvitationList', { items: Arr('Invitation') }),
  Obj('InvitationLookup', {
    email: Str,
    role: Ref('Role'),
    expiresAt: Time,
    password: Type.Boolean({ description: 'The invitee may choose a password.' }),
    sso: Type.Boolean({ description: 'The invitee may sign in with single sign-on instead.' }),
    workspace: Type.Object({ id: Str, name: Str }, { additionalProperties: false, description: 'The workspace that invites them.' }),
    existingOperator: Type.Boolean({ description: 'The email already has an operator: accepting needs no name or password.' }),
  }),
  Obj('AuditPage', { items: Arr('AuditEntry'), nextCursor: NullStr }),
  Obj('WorkspaceCreated', {
    id: Str,
    name: Str,
    apiKey: Type.String({ description: "The new workspace's first server key; shown once, only its hash is kept." }),
  }),
  Obj('Workspace', { id: Str, name: Str, role: Type.Union([Ref('Role'), Type.Null()], { description: "The caller's role there; null for a server key." }) }),
  Obj('WorkspaceList', { items: Arr('Workspace') }),
  Obj('WorkspaceMember', {
    id: Type.String({ description: "The operator's id." }),
    email: Str,
    name: Str,
    role: Ref('Role'),
    joinedAt: Time,
  }),
  Obj('WorkspaceMemberList', { items: Arr('WorkspaceMember') }),
  Obj('WorkspaceIdentitySecret', {
    workspaceId: Str,
    kid: Type.String({ description: 'The `kid` header customer tokens of this workspace carry.' }),
    secret: Type.String({ description: 'The HS256 key customer tokens of this workspace are signed with.' }),
  }),
];
