import type { Role } from './types';

/**
 * What each role may use, mirroring the server's guards (CONTRACT.md §3). The server is the
 * authority; this only keeps the portal from offering what would be refused.
 */
const ALL: Role[] = ['admin', 'manager', 'operator', 'viewer'];
export const permissions = {
  sessions: ALL,
  /** Reply, transfer, assign, resolve. */
  actOnSessions: ['admin', 'manager', 'operator'],
  workspace: ['admin', 'operator'],
  agents: ['admin', 'manager', 'viewer'],
  editAgents: ['admin', 'manager'],
  deliveries: ['admin', 'manager', 'viewer'],
  retryDeliveries: ['admin', 'manager'],
  /** "Why?": GET /api/events/:id/explain is for managers and up. */
  explain: ['admin', 'manager'],
  settings: ['admin', 'manager'],
  /** Operators answer conversations; campaigns are planned by managers (viewers may look). */
  campaigns: ['admin', 'manager', 'viewer'],
  editCampaigns: ['admin', 'manager'],
  editProfile: ['admin', 'manager', 'operator'],
  /** Invitations and the audit log. */
  admin: ['admin'],
} satisfies Record<string, Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role | undefined, what: Permission): boolean {
  return role !== undefined && (permissions[what] as Role[]).includes(role);
}
