/**
 * What assignment needs of an experiment, loaded together and cached in the environment-scoped
 * configuration cache (experiment/config-cache.ts): the experiment row by key (status, winner,
 * resourceVersion), its variants and its active cohort's allocations. Every change of any of
 * these bumps resourceVersion and publishes on the change feed, which invalidates the entry (at
 * once on the changing replica, within the feed's delivery elsewhere, never older than the
 * cache's maximum age).
 */
import type { Experiment, PrismaClient, Variant } from '../../generated/prisma/client.js';
import type { ConfigCache } from '../experiment/config-cache.js';
import { findExperimentByKey } from '../experiment/lookup.js';

export interface PlacementConfig {
  experiment: Experiment;
  /** Variants by id. */
  variants: ReadonlyMap<string, Variant>;
  /** The highest-index cohort with its allocations in cohort order; null before any cohort. */
  activeCohort: { index: number; allocations: { variantId: string; splitMillis: number }[] } | null;
}

/** The experiment `key` (upper-case) of the environment with its placement config, or null; cached. */
export function loadPlacementConfig(prisma: PrismaClient, cache: ConfigCache, environmentId: string, key: string): Promise<PlacementConfig | null> {
  return cache.get(environmentId, `assignment-config:${key}`, async () => {
    const experiment = await findExperimentByKey(prisma, environmentId, key);
    if (!experiment) return null;
    // Both in one round trip: the experiment's variants, and its newest cohort with allocations.
    const [variants, cohort] = await Promise.all([
      prisma.variant.findMany({ where: { experimentId: experiment.id } }),
      prisma.cohort.findFirst({
        where: { experimentId: experiment.id },
        orderBy: { index: 'desc' },
        include: { allocations: { orderBy: { position: 'asc' } } },
      }),
    ]);
    return {
      experiment,
      variants: new Map(variants.map((v) => [v.id, v])),
      activeCohort: cohort && {
        index: cohort.index,
        allocations: cohort.allocations.map((a) => ({ variantId: a.variantId, splitMillis: a.splitMillis })),
      },
    };
  });
}
