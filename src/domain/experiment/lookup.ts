/**
 * Experiments by key. A key is unique among live experiments (not deleted, not ARCHIVED) of an
 * environment, but archived ones keep theirs, so one key can name several rows over time: the
 * live experiment wins, else the most recently created ARCHIVED one. Deleted ones are never found.
 */
import type { Experiment, PrismaClient } from '../../generated/prisma/client.js';

/** The experiment that `key` (already upper-case) names in the environment, or null. */
export async function findExperimentByKey(
  prisma: Pick<PrismaClient, 'experiment'>,
  environmentId: string,
  key: string,
): Promise<Experiment | null> {
  const live = await prisma.experiment.findFirst({ where: { environmentId, key, deletedAt: null, status: { not: 'ARCHIVED' } } });
  return (
    live ??
    prisma.experiment.findFirst({
      where: { environmentId, key, deletedAt: null, status: 'ARCHIVED' },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    })
  );
}
