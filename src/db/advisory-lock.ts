/**
 * PostgreSQL transaction-level advisory locks (`pg_try_advisory_xact_lock`): a named mutex between
 * replicas sharing one database — and between callers of one embedded PGlite, the same SQL. The
 * name is hashed to the lock's 64-bit key by the server (`hashtextextended`). Call inside an
 * interactive transaction: the lock is released when it ends.
 */
import type { Tx } from './transaction.js';

/** Takes the lock named `name` for the rest of the transaction; false (at once) when another holds it. */
export async function tryAdvisoryXactLock(tx: Tx, name: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${name}, 0)) AS "locked"`;
  return row?.locked === true;
}
