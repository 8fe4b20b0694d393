import type { Role } from '../store/schema.js';
import { forbidden } from '../errors.js';

/** Who is calling: the app's backend (server key), one customer (token) or an operator (cookie). */
export type Principal = { kind: 'server'; apiKeyId: string } | { kind: 'customer'; customerId: string } | { kind: 'operator'; operatorId: string; role: Role };

/** What a route accepts: the server key, customers, and/or these operator roles. */
export interface Access {
  server?: boolean;
  customer?: boolean;
  roles?: readonly Role[];
}

export const ALL_ROLES: readonly Role[] = ['admin', 'manager', 'operator', 'viewer'];
export const WRITER_ROLES: readonly Role[] = ['admin', 'manager', 'operator'];
export const MANAGER_ROLES: readonly Role[] = ['admin', 'manager'];
export const ADMIN_ROLES: readonly Role[] = ['admin'];

export function allows(access: Access, p: Principal): boolean {
  if (p.kind === 'server') return access.server === true;
  if (p.kind === 'customer') return access.customer === true;
  return (access.roles ?? []).includes(p.role);
}

export function assertAllowed(access: Access, p: Principal): void {
  if (!allows(access, p)) {
    throw forbidden(p.kind === 'operator' ? `The ${p.role} role may not do this.` : 'This credential may not do this.');
  }
}
