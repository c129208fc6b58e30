/**
 * Experiment results (design §3–§4) as plan → read → analyze: the plan (plan.ts) reads the
 * control plane, the scope's reader (read.ts) gets the figures (one warehouse query per experiment,
 * or the frozen snapshot), stats/analyze.ts turns them into per-variant estimates and comparisons
 * for the requested alpha, and the verdicts (verdict.ts) judge each comparison.
 */
import type { Experiment, Metric, PrismaClient, Variant } from '../../generated/prisma/client.js';
import type { MetricRole } from '../../generated/prisma/enums.js';
import { analyze, type Estimate, type StatisticKind } from '../../stats/index.js';
import type { WarehouseQueries } from '../../warehouse/query.js';
import type { Sandbox } from '../../warehouse/sandbox.js';
import { ValidationError } from '../errors.js';
import { createResultsPlanner } from './plan.js';
import { createResultsReaderFactory, readLive, type Readout, type ResultsReader } from './read.js';
import { toFrozenReadout, type FrozenReadout } from './snapshot.js';
import { comparisonVerdict, worstVerdict, type Verdict } from './verdict.js';

export type { ResultsReader } from './read.js';
export type { Estimate };

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
  role: MetricRole;
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

/** The statistic a metric's per-subject values call for: OCCURRENCE is 0/1 per subject. */
function statisticOf(metric: Metric): StatisticKind {
  // A FACT RATIO: Σnumerator / Σdenominator per variant, delta method (stats/statistics/ratio.ts).
  if (metric.aggregation === 'RATIO') return 'ratio';
  return metric.aggregation === 'OCCURRENCE' ? 'proportion' : 'sample-mean';
}

/** Results service over the control plane and the warehouse's query wrapper. */
export function createResultsService(deps: { prisma: PrismaClient; warehouse: WarehouseQueries; sandbox?: Sandbox }) {
  const planner = createResultsPlanner(deps.prisma, deps.sandbox);
  const createReader = createResultsReaderFactory({ planner, warehouse: deps.warehouse, sandbox: deps.sandbox });

  return {
    /** A fresh reader: create one per GraphQL request, subscription event or job run. */
    createReader,

    /**
     * Results of an experiment at significance level `alpha` (0 < alpha < 1): from its frozen
     * snapshot when it has one (frozen = true, computedAt = when frozen), else live, through the
     * scope's `reader`. Null for an experiment without a control. Throws ValidationError for
     * alpha, WarehouseUnavailableError.
     */
    async compute(experiment: Experiment, alpha: number, reader: ResultsReader): Promise<ExperimentResults | null> {
      if (!(alpha > 0 && alpha < 1)) throw new ValidationError('alpha must be between 0 and 1', ['alpha']);
      return present(await reader.load(experiment), alpha);
    },

    /**
     * Reads the experiment's aggregates from the warehouse now, to be frozen into its
     * ResultSnapshot by the transition that declares a winner or ends it. `takenAt` is when the
     * read started. Throws WarehouseUnavailableError when the warehouse cannot be reached.
     */
    async takeReadout(experiment: Experiment): Promise<{ readout: FrozenReadout; takenAt: Date }> {
      const { plan, aggregates, readAt } = await readLive(deps.warehouse, await planner.planLive(experiment), deps.sandbox);
      return { readout: toFrozenReadout(aggregates, plan.cohort?.index ?? null), takenAt: readAt };
    },
  };
}

/** Analyses a readout at alpha and judges each comparison; null without a control variant. */
function present(readout: Readout, alpha: number): ExperimentResults | null {
  const { plan, aggregates } = readout;
  const { variants } = plan;
  const control = variants.find((v) => v.isControl);
  if (!control) return null;
  // A metric attached after the freeze has no frozen figures: it is left out.
  const attachments = plan.attachments.filter((a) => aggregates.metrics.has(a.metricId));
  const splitOf = new Map(plan.cohort?.allocations.map((a) => [a.variantId, a.splitMillis / 1000]) ?? []);

  const analysis = analyze(
    {
      arms: variants.map((v) => ({
        key: v.key,
        control: v.id === control.id,
        subjects: aggregates.subjects.get(v.key) ?? 0,
        expectedShare: splitOf.get(v.id) ?? 0,
      })),
      metrics: attachments.map((a) => ({ id: a.metricId, statistic: statisticOf(a.metric), byArm: aggregates.metrics.get(a.metricId)! })),
    },
    { alpha },
  );

  const variantOf = new Map(variants.map((v) => [v.key, v]));
  const metrics = attachments.map((a, i): MetricResult => {
    const result = analysis.metrics[i]!;
    const comparisons = result.comparisons.map((c): VariantComparison => ({
      variant: variantOf.get(c.key)!,
      absoluteLift: c.absoluteLift,
      relativeLift: c.relativeLift,
      pValue: c.pValue,
      significant: c.significant,
      verdict: comparisonVerdict({
        significant: c.significant,
        lift: c.absoluteLift.estimate,
        polarity: a.metric.polarity,
        role: a.role,
        expectedDirection: a.expectedDirection,
      }),
    }));
    return {
      metric: a.metric,
      role: a.role,
      variants: result.arms.map((s) => ({ variant: variantOf.get(s.key)!, n: s.n, mean: s.mean, variance: s.variance, sum: s.sum })),
      comparisons,
      verdict: worstVerdict(comparisons.map((c) => c.verdict)),
    };
  });

  return {
    experiment: plan.experiment,
    computedAt: readout.readAt,
    frozen: readout.frozen,
    alpha,
    exposures: analysis.exposures.map((e) => ({ variant: variantOf.get(e.key)!, subjects: e.subjects, expectedShare: e.expectedShare, observedShare: e.observedShare })),
    multipleExposures: aggregates.multipleExposures,
    sampleRatioMismatch: { chiSquare: analysis.sampleRatio.chiSquare, pValue: analysis.sampleRatio.pValue, mismatch: analysis.sampleRatio.mismatch },
    metrics,
  };
}
