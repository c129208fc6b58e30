/**
 * Per-process cache of what placement needs beyond the experiment row: its variants and its
 * active cohort's allocations, keyed by (experiment id, resourceVersion).
 *
 * Why this is correct: every change of an experiment (variants, cohorts, status, winner) bumps
 * `resourceVersion` by exactly one in the same transaction (experiment/versioning.ts), and the
 * experiment row itself (status, winner, version) is read fresh on every call. So an entry is
 * only ever used for the version it was loaded under, whatever other replicas changed: a new
 * cohort or a declared winner is seen by the very next call, with no TTL and no invalidation
 * message. An entry is loaded after its version was read, so it can at worst hold a change that
 * committed in between; that change then bumps the version and is reloaded on the next call.
 */
import type { PrismaClient, Variant } from '../../generated/prisma/client.js';

export interface PlacementConfig {
  /** Variants by id. */
  variants: ReadonlyMap<string, Variant>;
  /** The highest-index cohort with its allocations in cohort order; null before any cohort. */
  activeCohort: { index: number; allocations: { variantId: string; splitMillis: number }[] } | null;
}

/** Most experiments kept; the map is cleared when it grows past this (entries reload cheaply). */
const MAX_ENTRIES = 10_000;

/** Per-process cache of each experiment's variants and active cohort, keyed by (id, resourceVersion). */
export function createPlacementConfigCache(prisma: PrismaClient) {
  const entries = new Map<string, { version: number; config: PlacementConfig }>();

  async function load(experimentId: string): Promise<PlacementConfig> {
    const [variants, cohort] = await Promise.all([
      prisma.variant.findMany({ where: { experimentId } }),
      prisma.cohort.findFirst({
        where: { experimentId },
        orderBy: { index: 'desc' },
        include: { allocations: { orderBy: { position: 'asc' } } },
      }),
    ]);
    return {
      variants: new Map(variants.map((v) => [v.id, v])),
      activeCohort: cohort && {
        index: cohort.index,
        allocations: cohort.allocations.map((a) => ({ variantId: a.variantId, splitMillis: a.splitMillis })),
      },
    };
  }

  return {
    /** The config of the experiment at `version` (its current resourceVersion). */
    async get(experimentId: string, version: number): Promise<PlacementConfig> {
      const hit = entries.get(experimentId);
      if (hit && hit.version === version) return hit.config;
      const config = await load(experimentId);
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(experimentId, { version, config });
      return config;
    },
  };
}
