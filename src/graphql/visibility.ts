/** Prisma `where` fragments limiting node(id) lookups to environments the caller can read. */
import { readableEnvironmentIds, type Actor } from '../domain/access/actor.js';

/** `{}` for all-environment tokens, else `environmentId IN (granted)`. */
export function environmentScope(actor: Actor) {
  const ids = readableEnvironmentIds(actor);
  return ids === 'all' ? {} : { environmentId: { in: ids } };
}
