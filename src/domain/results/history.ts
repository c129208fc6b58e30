/**
 * Snapshots as history (issue 10): every results snapshot of an experiment is kept
 * (ExperimentSnapshot rows), each with the analysis settings it is presented with and its readout
 * (the warehouse aggregates, domain/results/snapshot.ts). Two triggers:
 * - SCHEDULED: one per UTC day while the experiment is ACTIVE (jobs/snapshot-scheduler.ts), slot =
 *   the day; the unique (experiment, slot) index makes a replica's second write a no-op, and the
 *   write re-checks under the experiment's advisory lock that it is still ACTIVE;
 * - FREEZE: written by the transition that freezes results (experiment/service.ts), slot 'freeze'.
 * A snapshot is never updated, and its statistics are recomputed from its stored aggregates and
 * settings by pure code, so a frozen snapshot reads the same bytes on every read.
 */
import type { Experiment, ExperimentSnapshot, Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { tryAdvisoryXactLock } from '../../db/advisory-lock.js';
import { DEFAULT_ANALYSIS, type ResultsAnalysis } from './analysis.js';
import type { FrozenReadout } from './snapshot.js';

/** The slot of a scheduled snapshot taken at `at`: its UTC day, YYYY-MM-DD. */
export function scheduledSlot(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The settings a snapshot is stored with (those of a request without `analysis`). */
export const SNAPSHOT_SETTINGS: ResultsAnalysis = DEFAULT_ANALYSIS;

/** Stored settings back (a row always holds all four; defaults guard hand-edited rows). */
export function snapshotSettings(row: Pick<ExperimentSnapshot, 'settings'>): ResultsAnalysis {
  return { ...DEFAULT_ANALYSIS, ...(row.settings as Partial<ResultsAnalysis>) };
}

export type SnapshotHistory = ReturnType<typeof createSnapshotHistory>;

/** History reads and writes over the control plane; `takeReadout` reads the warehouse (results service). */
export function createSnapshotHistory(deps: {
  prisma: PrismaClient;
  takeReadout: (experiment: Experiment) => Promise<{ readout: FrozenReadout; takenAt: Date }>;
}) {
  const { prisma } = deps;
  return {
    /** ACTIVE, non-deleted experiments without a scheduled snapshot for `at`'s UTC day (oldest first, at most `limit`). */
    due(at: Date, limit = 100): Promise<Experiment[]> {
      return prisma.experiment.findMany({
        where: { status: 'ACTIVE', deletedAt: null, snapshots: { none: { slot: scheduledSlot(at) } } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: limit,
      });
    },

    /**
     * Takes today's scheduled snapshot of `experiment`: the warehouse read first (no lock held while
     * it runs), then one short transaction under the experiment's advisory lock that writes the row
     * if the experiment is still ACTIVE and the slot still free. True when this call wrote it.
     * Throws WarehouseUnavailableError / WarehouseLimitError from the read.
     */
    async takeScheduled(experiment: Experiment, at: Date): Promise<boolean> {
      const { readout, takenAt } = await deps.takeReadout(experiment);
      const slot = scheduledSlot(at);
      return prisma.$transaction(async (tx) => {
        if (!(await tryAdvisoryXactLock(tx, `results-snapshot:${experiment.id}`))) return false;
        const current = await tx.experiment.findFirst({ where: { id: experiment.id, status: 'ACTIVE', deletedAt: null }, select: { id: true } });
        if (!current) return false;
        const { count } = await tx.experimentSnapshot.createMany({
          data: [{ experimentId: experiment.id, trigger: 'SCHEDULED', slot, settings: { ...SNAPSHOT_SETTINGS }, readout: readout as unknown as Prisma.InputJsonValue, takenAt }],
          skipDuplicates: true,
        });
        return count === 1;
      });
    },

    /** A page of an experiment's snapshots, oldest first (`page`: Prisma take/skip/cursor). */
    list(experimentId: string, page: Omit<Prisma.ExperimentSnapshotFindManyArgs, 'where' | 'orderBy'>) {
      return prisma.experimentSnapshot.findMany({ ...page, where: { experimentId }, orderBy: [{ takenAt: 'asc' }, { id: 'asc' }] });
    },

    /** How many snapshots an experiment has. */
    count(experimentId: string): Promise<number> {
      return prisma.experimentSnapshot.count({ where: { experimentId } });
    },
  };
}
