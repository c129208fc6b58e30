/**
 * What of an environment's objects a caller may see or change, for every environment-scoped kind
 * (experiments, metrics, …): one place, so a new kind cannot leak another environment's rows.
 */
import { NotFoundError } from '../errors.js';
import { canRead, requireRole, type Actor, type Role } from './actor.js';

/**
 * `row` when the caller may change it with at least `minimum`: NotFoundError (`notFound`, at
 * `field`) when it is absent or the caller cannot read its environment, so existence does not
 * leak; ForbiddenError when the caller's role there is below `minimum`.
 */
export function requireChangeable<T extends { environmentId: string }>(
  actor: Actor,
  row: T | null,
  minimum: Role,
  notFound: string,
  field: string[],
): T {
  if (!row || !canRead(actor, row.environmentId)) throw new NotFoundError(notFound, field);
  requireRole(actor, row.environmentId, minimum);
  return row;
}

/**
 * The base `where` of an environment's list (metrics, experiments): that environment, never a
 * soft-deleted row. NotFoundError when the caller cannot read the environment.
 */
export function environmentListWhere(actor: Actor, environmentId: string): { environmentId: string; deletedAt: null } {
  if (!canRead(actor, environmentId)) throw new NotFoundError('environment not found');
  return { environmentId, deletedAt: null };
}
