/**
 * Experiment results (design §3–§4): exposures per variant with the sample-ratio check, and per
 * attached metric the per-variant statistics and each treatment-vs-control Welch comparison.
 * Aggregates come from the request's results loader (one warehouse query per experiment), or,
 * once a winner is declared or the experiment ended, from its frozen snapshot (snapshot.ts); the
 * statistics are computed here for the requested alpha either way.
 */
import type { Experiment, Metric, PrismaClient, Variant } from '../../generated/prisma/client.js';
import { SRM_P_THRESHOLD, sampleRatioTest, welchTest, type Estimate } from '../../stats/index.js';
import type { ClickHouseClient } from '../../warehouse/client.js';
import { isWarehouseUnavailable } from '../../warehouse/errors.js';
import type { ResultsLoader } from '../../warehouse/loaders.js';
import { readExperimentAggregates, type ExperimentAggregates, type MetricAggregate } from '../../warehouse/readers/results.js';
import { ValidationError, WarehouseUnavailableError } from '../errors.js';
import { toEventMetricSpec } from '../metric/definition.js';
import { fromFrozenReadout, toFrozenReadout, type FrozenReadout } from './snapshot.js';
import { comparisonVerdict, worstVerdict, type Verdict } from './verdict.js';

export interface VariantStatistics { variant: Variant; n: number; mean: number; variance: number; sum: number }
export interface VariantComparison {
  variant: Variant;
  absoluteLift: Estimate;
  relativeLift: Estimate | null;
  pValue: number;
  significant: boolean;
  verdict: Verdict;
}
export interface MetricResult {
  metric: Metric;
  role: 'PRIMARY' | 'SECONDARY' | 'GUARDRAIL';
  variants: VariantStatistics[];
  comparisons: VariantComparison[];
  verdict: Verdict;
}
export interface ExperimentResults {
  experiment: Experiment;
  computedAt: Date;
  frozen: boolean;
  alpha: number;
  exposures: { variant: Variant; subjects: number; expectedShare: number; observedShare: number }[];
  multipleExposures: number;
  sampleRatioMismatch: { chiSquare: number; pValue: number; mismatch: boolean };
  metrics: MetricResult[];
}

export type ResultsService = ReturnType<typeof createResultsService>;

/** Results service: live results through the request's loader, frozen ones from ResultSnapshot. */
export function createResultsService(deps: { prisma: PrismaClient; warehouse: ClickHouseClient }) {
  const { prisma, warehouse } = deps;

  /**
   * What a readout of the experiment covers: its variants, the cohort whose splits are expected
   * (the active one, or `cohortIndex` for a frozen readout) and its attached EVENT metrics.
   */
  async function readoutPlan(experiment: Experiment, cohortIndex?: number | null) {
    const [variants, cohort, attachments] = await Promise.all([
      prisma.variant.findMany({ where: { experimentId: experiment.id }, orderBy: { position: 'asc' } }),
      cohortIndex === null
        ? null
        : prisma.cohort.findFirst({
            where: { experimentId: experiment.id, ...(cohortIndex === undefined ? {} : { index: cohortIndex }) },
            orderBy: { index: 'desc' },
            include: { allocations: true },
          }),
      prisma.experimentMetric.findMany({
        where: { experimentId: experiment.id, metric: { deletedAt: null, kind: 'EVENT' } },
        include: { metric: true },
        orderBy: { createdAt: 'asc' },
      }),
    ]);
    const query = {
      experimentId: experiment.id,
      environmentId: experiment.environmentId,
      exposureEvent: experiment.exposureEvent,
      featureName: experiment.featureName,
      variantKeys: variants.map((v) => v.key),
      metrics: attachments.map((a) => toEventMetricSpec(a.metric)),
    };
    return { variants, cohort, attachments, query };
  }

  return {
    /**
     * Results of an experiment at significance level `alpha` (0 < alpha < 1): from its frozen
     * snapshot when it has one (frozen = true, computedAt = when frozen), else live. Null for a
     * DRAFT experiment without a control. Throws ValidationError for alpha, WarehouseUnavailableError.
     */
    async compute(experiment: Experiment, alpha: number, loader: ResultsLoader): Promise<ExperimentResults | null> {
      if (!(alpha > 0 && alpha < 1)) throw new ValidationError('alpha must be between 0 and 1', ['alpha']);
      // Only experiments past ACTIVE can have been frozen: skip the lookup for the others.
      const snapshot =
        experiment.status === 'DRAFT' || experiment.status === 'ACTIVE'
          ? null
          : await prisma.resultSnapshot.findUnique({ where: { experimentId: experiment.id } });
      const frozen = snapshot ? (snapshot.readout as unknown as FrozenReadout) : null;
      const { variants, cohort: activeCohort, attachments: attached, query } = await readoutPlan(
        experiment,
        frozen ? frozen.cohortIndex : undefined,
      );
      const control = variants.find((v) => v.isControl);
      if (!control) return null;

      let aggregates: ExperimentAggregates;
      if (frozen) {
        aggregates = fromFrozenReadout(frozen);
      } else {
        // DataLoader rejects load() with a batch entry that is an Error: classify it here.
        try {
          aggregates = await loader.load(query);
        } catch (err) {
          throw isWarehouseUnavailable(err) ? new WarehouseUnavailableError(err) : err;
        }
      }
      // A metric attached after the freeze has no frozen figures: it is left out.
      const attachments = attached.filter((a) => aggregates.metrics.has(a.metricId));

      const splitOf = new Map(activeCohort?.allocations.map((a) => [a.variantId, a.splitMillis / 1000]) ?? []);
      const counts = variants.map((v) => aggregates.subjects.get(v.key) ?? 0);
      const total = counts.reduce((s, c) => s + c, 0);
      const expectedShares = variants.map((v) => splitOf.get(v.id) ?? 0);
      const srm = sampleRatioTest(counts, expectedShares);

      const metrics = attachments.map((a): MetricResult => {
        const byVariant = aggregates.metrics.get(a.metricId)!;
        const stats = variants.map((variant) => statistics(variant, byVariant.get(variant.key)));
        const controlStats = stats.find((s) => s.variant.id === control.id)!;
        const comparisons = stats
          .filter((s) => s.variant.id !== control.id)
          .map((t): VariantComparison => {
            const w = welchTest(t, controlStats, alpha);
            return {
              variant: t.variant,
              absoluteLift: w.absoluteLift,
              relativeLift: w.relativeLift,
              pValue: w.pValue,
              significant: w.significant,
              verdict: comparisonVerdict({
                significant: w.significant,
                lift: w.absoluteLift.estimate,
                polarity: a.metric.polarity,
                role: a.role,
                expectedDirection: a.expectedDirection,
              }),
            };
          });
        return { metric: a.metric, role: a.role, variants: stats, comparisons, verdict: worstVerdict(comparisons.map((c) => c.verdict)) };
      });

      return {
        experiment,
        computedAt: snapshot?.takenAt ?? new Date(),
        frozen: snapshot !== null,
        alpha,
        exposures: variants.map((variant, i) => ({
          variant,
          subjects: counts[i]!,
          expectedShare: expectedShares[i]!,
          observedShare: total ? counts[i]! / total : 0,
        })),
        multipleExposures: aggregates.multipleExposures,
        sampleRatioMismatch: { chiSquare: srm.chiSquare, pValue: srm.pValue, mismatch: srm.pValue < SRM_P_THRESHOLD },
        metrics,
      };
    },

    /**
     * Reads the experiment's aggregates from the warehouse now, to be frozen into its
     * ResultSnapshot by the transition that declares a winner or ends it. `takenAt` is when the
     * read started. Throws WarehouseUnavailableError when the warehouse cannot be reached.
     */
    async takeReadout(experiment: Experiment): Promise<{ readout: FrozenReadout; takenAt: Date }> {
      const { cohort, query } = await readoutPlan(experiment);
      const takenAt = new Date();
      let aggregates: ExperimentAggregates;
      try {
        aggregates = await readExperimentAggregates(warehouse, query);
      } catch (err) {
        throw isWarehouseUnavailable(err) ? new WarehouseUnavailableError(err) : err;
      }
      return { readout: toFrozenReadout(aggregates, cohort?.index ?? null), takenAt };
    },
  };
}

function statistics(variant: Variant, agg: MetricAggregate | undefined): VariantStatistics {
  const n = agg?.n ?? 0;
  const sum = agg?.sum ?? 0;
  return { variant, n, sum, mean: n ? sum / n : 0, variance: agg?.variance ?? 0 };
}
