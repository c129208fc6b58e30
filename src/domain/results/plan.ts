/**
 * Plan of a results read (control-plane reads only): the experiment's variants, the cohort whose
 * splits the sample-ratio check expects, its attached EVENT metrics, its frozen snapshot if any,
 * and the warehouse request those make (the domain's metric definitions mapped to the
 * warehouse's own input types).
 */
import type { Allocation, Cohort, Experiment, ExperimentMetric, Metric, PrismaClient, Variant } from '../../generated/prisma/client.js';
import type { ExperimentAggregates } from '../../warehouse/readers/results.js';
import type { MetricInput, ResultsQueryInput } from '../../warehouse/sql/results-input.js';
import { buildResultsQuery } from '../../warehouse/sql/results.sql.js';
import { toEventMetricReadSpec } from '../metric/definition.js';
import { fromFrozenReadout, type FrozenReadout } from './snapshot.js';

export interface ReadoutPlan {
  experiment: Experiment;
  /** In display order (position). */
  variants: Variant[];
  /** The active cohort, or the one active when frozen; null without cohorts. */
  cohort: (Cohort & { allocations: Allocation[] }) | null;
  /**
   * Every cohort up to `cohort`, by index: cohort period p of the readout (its `cohortSubjects`)
   * is cohorts[p − 1], for the sample-ratio check per cohort.
   */
  cohorts: (Cohort & { allocations: Allocation[] })[];
  /** Attached EVENT metrics of live (not deleted) metrics, in attachment order. */
  attachments: (ExperimentMetric & { metric: Metric })[];
  /** The frozen figures, when the experiment's results were frozen (then nothing is read live). */
  frozen: { aggregates: ExperimentAggregates; takenAt: Date } | null;
  /** What a live read asks of the warehouse. */
  request: ResultsQueryInput;
}

export type ResultsPlanner = ReturnType<typeof createResultsPlanner>;

/** Plans reads from the control plane. */
export function createResultsPlanner(prisma: PrismaClient) {
  async function planWith(experiment: Experiment, frozen: { readout: FrozenReadout; takenAt: Date } | null): Promise<ReadoutPlan> {
    const cohortIndex = frozen ? frozen.readout.cohortIndex : undefined;
    const [variants, cohorts, attachments] = await Promise.all([
      prisma.variant.findMany({ where: { experimentId: experiment.id }, orderBy: { position: 'asc' } }),
      // Every cohort (at most MAX_COHORTS) in the statements the newest alone took.
      cohortIndex === null
        ? []
        : prisma.cohort.findMany({
            where: { experimentId: experiment.id, ...(cohortIndex === undefined ? {} : { index: { lte: cohortIndex } }) },
            orderBy: { index: 'asc' },
            include: { allocations: true },
          }),
      prisma.experimentMetric.findMany({
        where: { experimentId: experiment.id, metric: { deletedAt: null, kind: 'EVENT' } },
        include: { metric: true },
        orderBy: { createdAt: 'asc' },
      }),
    ]);
    const cohort = cohorts.at(-1) ?? null;
    return {
      experiment,
      variants,
      cohort,
      cohorts,
      attachments,
      frozen: frozen ? { aggregates: fromFrozenReadout(frozen.readout), takenAt: frozen.takenAt } : null,
      request: {
        environmentId: experiment.environmentId,
        exposureEvent: experiment.exposureEvent,
        featureName: experiment.featureName,
        variantKeys: variants.map((v) => v.key),
        metrics: attachments.map((a): MetricInput => ({ source: 'events', ...toEventMetricReadSpec(a.metric) })),
        // Only when the splits changed: one cohort needs no per-period counts.
        ...(cohorts.length > 1 ? { cohortStartsMs: cohorts.map((c) => c.createdAt.getTime()) } : {}),
      },
    };
  }

  return {
    /** The plan of a results read: from the frozen snapshot when there is one, else live. */
    async plan(experiment: Experiment): Promise<ReadoutPlan> {
      // Only experiments past ACTIVE can have been frozen: skip the lookup for the others.
      const snapshot =
        experiment.status === 'DRAFT' || experiment.status === 'ACTIVE'
          ? null
          : await prisma.resultSnapshot.findUnique({ where: { experimentId: experiment.id } });
      return planWith(experiment, snapshot ? { readout: snapshot.readout as unknown as FrozenReadout, takenAt: snapshot.takenAt } : null);
    },

    /** The plan of presenting a stored readout (a snapshot of the history). */
    planStored(experiment: Experiment, readout: FrozenReadout, takenAt: Date): Promise<ReadoutPlan> {
      return planWith(experiment, { readout, takenAt });
    },

    /** The plan of a live read with the active cohort, ignoring any snapshot (to take one). */
    planLive(experiment: Experiment): Promise<ReadoutPlan> {
      return planWith(experiment, null);
    },
  };
}

/**
 * Bytes of results SQL text an experiment with these attached EVENT metrics reads with (values are
 * bound parameters and do not count; filters, ratio denominators and CUPED covariates do). The
 * engine refuses a statement past its max_query_size (256 KiB): attachMetric checks this first.
 */
export function resultsQueryBytes(metrics: Pick<Metric, 'id' | 'aggregation' | 'definition' | 'windowHours'>[]): number {
  const { query } = buildResultsQuery({
    environmentId: '',
    exposureEvent: '',
    featureName: '',
    variantKeys: [],
    metrics: metrics.map((m): MetricInput => ({ source: 'events', ...toEventMetricReadSpec(m) })),
    cohortStartsMs: [0, 1],
  });
  return Buffer.byteLength(query);
}
