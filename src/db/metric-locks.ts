/**
 * Row locks on a live (non-deleted) metric, for the attach-vs-delete race: deleteMetric takes
 * FOR UPDATE and attachMetric FOR SHARE, so concurrent attaches proceed while a delete waits for
 * them (and they for it). Prisma has no locking reads, hence raw SQL, bound, never spliced.
 * Call inside an interactive transaction; the lock lasts until it ends.
 */
import type { Tx } from './transaction.js';

/** Locks the metric for update; null when it does not exist or is deleted. */
export async function lockMetricForUpdate(tx: Tx, metricId: string): Promise<{ id: string } | null> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Metric" WHERE "id" = ${metricId}::uuid AND "deletedAt" IS NULL FOR UPDATE`;
  return row ?? null;
}

/** Share-locks the metric; its environment and status, or null when it does not exist or is deleted. */
export async function lockMetricForShare(tx: Tx, metricId: string): Promise<{ environmentId: string; status: string } | null> {
  const [row] = await tx.$queryRaw<{ environmentId: string; status: string }[]>`
    SELECT "environmentId", "status"::text AS "status" FROM "Metric"
    WHERE "id" = ${metricId}::uuid AND "deletedAt" IS NULL FOR SHARE`;
  return row ?? null;
}
