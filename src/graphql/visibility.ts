/**
 * The `where` of node(id) lookups (Pothos' prismaNode `findUnique`): a node is visible only in an
 * environment the caller can read, and never once soft-deleted. One scope for every node type.
 */
import { readableEnvironmentIds, type Actor } from '../domain/access/actor.js';

/** Environment ids the caller can read as a Prisma filter; undefined (no filter) for all-environment tokens. */
function readableScope(actor: Actor): { in: string[] } | undefined {
  const ids = readableEnvironmentIds(actor);
  return ids === 'all' ? undefined : { in: ids };
}

/** node(id) of an Environment: one the caller can read. */
export function visibleEnvironmentNode(id: string, actor: Actor) {
  return { id, AND: [{ id: readableScope(actor) }] };
}

/** node(id) of an environment-scoped, soft-deleted type (Experiment, Metric): not deleted, in an environment the caller can read. */
export function visibleScopedNode(id: string, actor: Actor) {
  return { id, AND: [{ deletedAt: null, environmentId: readableScope(actor) }] };
}

/** node(id) of an AnomalySignal: its metric is not deleted and its environment is readable by the caller. */
export function visibleSignalNode(id: string, actor: Actor) {
  return { id, AND: [{ environmentId: readableScope(actor), metric: { deletedAt: null } }] };
}
