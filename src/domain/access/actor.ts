/**
 * Who is calling and what they may do. Bearer tokens carry a role per environment (or one role
 * for every environment: the bootstrap token); the environment key (X-Environment-Key) only
 * allows ingestion and assignment in its own environment. Role checks live here, once.
 */
import type { Role } from '../../generated/prisma/enums.js';
import { ForbiddenError, NotFoundError } from '../errors.js';

export type { Role };

export type Actor =
  | { kind: 'anonymous'; /** A bearer token was sent but is unknown. */ invalidToken?: boolean }
  | { kind: 'environmentKey'; environmentId: string }
  | {
      kind: 'token';
      tokenId: string;
      tokenName: string;
      /** Role in every environment (bootstrap tokens), else null. */
      allEnvironments: Role | null;
      grants: ReadonlyMap<string, Role>;
    };

const RANK: Record<Role, number> = { VIEWER: 1, EDITOR: 2, ADMIN: 3 };

/** The token's role in an environment, or null (environment keys and anonymous have none). */
export function roleIn(actor: Actor, environmentId: string): Role | null {
  if (actor.kind !== 'token') return null;
  return actor.grants.get(environmentId) ?? actor.allEnvironments;
}

/** Whether the caller may read the environment's control-plane data. */
export function canRead(actor: Actor, environmentId: string): boolean {
  return roleIn(actor, environmentId) !== null;
}

/**
 * Throws NotFound when the caller cannot see the environment at all (so its existence does not
 * leak) and Forbidden when its role is below `minimum`.
 */
export function requireRole(actor: Actor, environmentId: string, minimum: Role, what = 'environment'): Role {
  const role = roleIn(actor, environmentId);
  if (role === null) throw new NotFoundError(`${what} not found`);
  if (RANK[role] < RANK[minimum]) {
    throw new ForbiddenError(`role ${role} cannot do this; ${minimum} or higher is required`);
  }
  return role;
}

/** Environments are created by tokens that are ADMIN in every environment. */
export function requireGlobalAdmin(actor: Actor): void {
  if (actor.kind !== 'token' || actor.allEnvironments !== 'ADMIN') {
    throw new ForbiddenError('only a token that is ADMIN in every environment can do this');
  }
}

/** Environment ids the caller can read: 'all' for all-environment tokens. */
export function readableEnvironmentIds(actor: Actor): string[] | 'all' {
  if (actor.kind !== 'token') return [];
  if (actor.allEnvironments) return 'all';
  return [...actor.grants.keys()];
}

/** Ingestion: the environment's own key, or a token that is EDITOR or ADMIN there. */
export function requireIngestion(actor: Actor, environmentId: string): void {
  if (actor.kind === 'environmentKey' && actor.environmentId === environmentId) return;
  requireRole(actor, environmentId, 'EDITOR');
}

/**
 * Assignment (assignSubject with `EDITOR`, Query.assignment with `VIEWER`): the environment's own
 * key, or a token with at least `minimum` there. NotFound/Forbidden as in requireRole.
 */
export function requireKeyOrRole(actor: Actor, environmentId: string, minimum: Role): void {
  if (actor.kind === 'environmentKey' && actor.environmentId === environmentId) return;
  requireRole(actor, environmentId, minimum);
}
