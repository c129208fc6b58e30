/**
 * The one way warehouse reads name an environment's events: `environmentEvents(env)` is a
 * subquery with the columns of `events`, one row per event (FINAL collapses resent events,
 * see migrations/001-events.ts), only the environment's. Placeholder of the data-plane rewrite
 * (issue 12 i-store), which replaces the body and keeps this export.
 */
import { sql, type Param, type Sql } from '../sql.js';

/** `(SELECT … FROM events FINAL WHERE environment_id = env)`: the environment's events, deduplicated. */
export function environmentEvents(env: Param): Sql {
  return sql`(SELECT * FROM events FINAL WHERE environment_id = ${env})`;
}
