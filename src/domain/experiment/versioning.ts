/**
 * Optimistic concurrency for experiments: every change names the `resourceVersion` it read and
 * bumps it by exactly one, atomically (a conditional update on the version), so of two
 * concurrent changes from the same version one wins and the other gets STALE_VERSION.
 */
import type { Tx } from '../../db/transaction.js';
import type { Experiment, Prisma, PrismaClient, Role } from '../../generated/prisma/client.js';
import type { Actor } from '../access/actor.js';
import { requireChangeable } from '../access/scope.js';
import { StaleVersionError } from '../errors.js';

/** Loads a non-deleted experiment the caller can change with `minimum` role; NotFound/Forbidden otherwise. */
export async function loadForChange(
  prisma: PrismaClient,
  actor: Actor,
  id: string,
  field: string[],
  minimum: Role = 'EDITOR',
): Promise<Experiment> {
  const exp = await prisma.experiment.findFirst({ where: { id, deletedAt: null } });
  return requireChangeable(actor, exp, minimum, 'experiment not found', field);
}

/** Throws STALE_VERSION unless the experiment is at `expected` (the early, friendly check). */
export function checkVersion(exp: Experiment, expected: number): void {
  if (exp.resourceVersion !== expected) throw new StaleVersionError(expected, exp.resourceVersion);
}

/**
 * Applies `data` and bumps the version iff it is still `expected` (the race-safe check); returns
 * the updated experiment. Throws STALE_VERSION when another change got there first.
 */
export async function bumpVersion(
  tx: Tx,
  experimentId: string,
  expected: number,
  data: Prisma.ExperimentUpdateManyMutationInput = {},
): Promise<Experiment> {
  const { count } = await tx.experiment.updateMany({
    where: { id: experimentId, resourceVersion: expected },
    data: { ...data, resourceVersion: { increment: 1 } },
  });
  const current = await tx.experiment.findUniqueOrThrow({ where: { id: experimentId } });
  if (count === 0) throw new StaleVersionError(expected, current.resourceVersion);
  return current;
}
