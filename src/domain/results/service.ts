/**
 * Experiment results (design §3–§4) as plan → read → analyze: the plan (plan.ts) reads the
 * control plane, the scope's reader (read.ts) gets the figures (one warehouse query per experiment,
 * or the frozen snapshot), stats/analyze.ts turns them into per-variant estimates and comparisons
 * for the requested alpha, and the verdicts (verdict.ts) judge each comparison.
 */
import type { Experiment, Metric, PrismaClient, Variant } from '../../generated/prisma/client.js';
import type { MetricRole } from '../../generated/prisma/enums.js';
import {
  analyze,
  MIN_UNITS_PER_ARM,
  multipleExposuresCheck,
  type AnalysisInput,
  type ComparisonReadout,
  type Estimate,
  type Lift,
  type NotComputableReason,
  type Risk,
  type StatisticKind,
} from '../../stats/index.js';
import type { ExperimentAggregates } from '../../warehouse/readers/results.js';
import type { BucketInterval } from '../../generated/prisma/enums.js';
import { bucketEnds } from './over-time.js';
import { readAnalysisSettings } from '../metric/definition.js';
import type { ResultsAnalysis } from './analysis.js';
import type { WarehouseQueries } from '../../warehouse/query.js';
import type { Sandbox } from '../../warehouse/sandbox.js';
import { ValidationError } from '../errors.js';
import { createResultsPlanner, type ReadoutPlan } from './plan.js';
import { createResultsReaderFactory, readLive, readLiveOverTime, type Readout, type ResultsReader } from './read.js';
import { toFrozenReadout, type FrozenReadout } from './snapshot.js';
import { comparisonVerdict, worstVerdict, type Verdict } from './verdict.js';

export type { ResultsReader } from './read.js';
export type { Estimate, Risk };

export interface VariantStatistics { variant: Variant; n: number; mean: number; variance: number; sum: number }

/** What one method says about a comparison (the main readout, or CUPED's unadjusted one beside it). */
export interface ComparisonFigures {
  absoluteLift: Estimate;
  relativeLift: Estimate | null;
  /** The contract's non-null p-value: 1 when not computable or BAYESIAN (see pValueOrNull). */
  pValue: number;
  /** The absolute lift's p-value; null when not computable or BAYESIAN. */
  pValueOrNull: number | null;
  relativePValue: number | null;
  significant: boolean;
  chanceToWin: number | null;
  risk: Risk | null;
  notComputable: NotComputableReason | null;
}

export interface VariantComparison extends ComparisonFigures {
  variant: Variant;
  verdict: Verdict;
  adjustedPValue: number | null;
  adjusted: { absoluteLift: Estimate; relativeLift: Estimate | null } | null;
  /** Null unless the request asked for CUPED and the metric has CUPED settings. */
  cuped: { theta: number | null; varianceReduction: number | null; unadjusted: ComparisonFigures } | null;
}
export interface MetricResult {
  metric: Metric;
  role: MetricRole;
  variants: VariantStatistics[];
  comparisons: VariantComparison[];
  verdict: Verdict;
}

/** Health of a readout (issue 10): whether its figures can be trusted, and guardrails breached. */
export interface ResultsHealth {
  /** Per cohort when the splits changed (each subject against the cohort that placed it), else against the active cohort. */
  sampleRatioMismatch: { chiSquare: number; pValue: number; degreesOfFreedom: number; mismatch: boolean; cohorts: number };
  multipleExposures: { subjects: number; share: number; warning: boolean };
  /** Variants with fewer exposed subjects than MIN_UNITS_PER_ARM. */
  lowData: { variant: Variant; subjects: number; minimum: number }[];
  guardrailBreaches: { metric: Metric; variant: Variant }[];
}

export interface ExperimentResults {
  experiment: Experiment;
  computedAt: Date;
  frozen: boolean;
  alpha: number;
  analysis: ResultsAnalysis;
  exposures: { variant: Variant; subjects: number; expectedShare: number; observedShare: number }[];
  multipleExposures: number;
  sampleRatioMismatch: { chiSquare: number; pValue: number; mismatch: boolean };
  health: ResultsHealth;
  metrics: MetricResult[];
}

/** One bucket of results over time: cumulative results of every subject exposed by `bucketEnd`. */
export interface ResultsOverTimePoint {
  bucketEnd: Date;
  results: ExperimentResults;
}

export type ResultsService = ReturnType<typeof createResultsService>;

/** The statistic a metric's per-subject values call for: OCCURRENCE is 0/1 per subject, RATIO Σx/Σy. */
function statisticOf(metric: Metric): StatisticKind {
  // A FACT RATIO: Σnumerator / Σdenominator per variant, delta method (stats/statistics/ratio.ts).
  if (metric.aggregation === 'RATIO') return 'ratio';
  return metric.aggregation === 'OCCURRENCE' ? 'proportion' : 'sample-mean';
}

/**
 * The contract's Estimate has non-null bounds: a not-computable comparison (stats/analyze.ts
 * notComputable) shows its bounds collapsed to the estimate, with p = 1 and significant = false;
 * `notComputable` says why, so no client need read such an interval as exact.
 */
function toEstimate(l: Lift): Estimate {
  return { estimate: l.estimate, ciLower: l.ciLower ?? l.estimate, ciUpper: l.ciUpper ?? l.estimate };
}

function figures(c: ComparisonReadout): ComparisonFigures {
  return {
    absoluteLift: toEstimate(c.absoluteLift),
    relativeLift: c.relativeLift && toEstimate(c.relativeLift),
    pValue: c.pValue ?? 1,
    pValueOrNull: c.pValue,
    relativePValue: c.relativePValue,
    significant: c.significant,
    chanceToWin: c.chanceToWin,
    risk: c.risk,
    notComputable: c.notComputable,
  };
}

/** Results service over the control plane and the warehouse's query wrapper. */
export function createResultsService(deps: { prisma: PrismaClient; warehouse: WarehouseQueries; sandbox?: Sandbox }) {
  const planner = createResultsPlanner(deps.prisma, deps.sandbox);
  const createReader = createResultsReaderFactory({ planner, warehouse: deps.warehouse, sandbox: deps.sandbox });

  return {
    /** A fresh reader: create one per GraphQL request, subscription event or job run. */
    createReader,

    /**
     * Results of an experiment with `analysis` (alpha in (0, 1), method, correction, CUPED): from
     * its frozen snapshot when it has one (frozen = true, computedAt = when frozen), else live,
     * through the scope's `reader`. Null for an experiment without a control. Throws
     * ValidationError for alpha, WarehouseUnavailableError.
     */
    async compute(experiment: Experiment, analysis: ResultsAnalysis, reader: ResultsReader): Promise<ExperimentResults | null> {
      if (!(analysis.alpha > 0 && analysis.alpha < 1)) throw new ValidationError('alpha must be between 0 and 1', ['alpha']);
      return present(await reader.load(experiment), analysis);
    },

    /**
     * Results of a stored snapshot (the history): its readout presented with `analysis` (its own
     * stored settings by default). Pure over the stored JSON and the control plane's variants,
     * cohorts and attachments, so the same snapshot reads the same on every read.
     */
    async computeStored(
      experiment: Experiment,
      stored: { readout: FrozenReadout; takenAt: Date },
      analysis: ResultsAnalysis,
    ): Promise<ExperimentResults | null> {
      const plan = await planner.planStored(experiment, stored.readout, stored.takenAt);
      return present({ plan, aggregates: plan.frozen!.aggregates, readAt: stored.takenAt, frozen: true }, analysis);
    },

    /**
     * Results over time: cumulative results at each bucket end of `interval` (over-time.ts) from
     * the experiment's start to now, or to its end, from ONE warehouse query (family
     * `results.over-time`); always read live (a frozen experiment's history stops at its end).
     * Empty before the experiment started. Throws ValidationError (alpha),
     * WarehouseUnavailableError / WarehouseLimitError.
     */
    async overTime(experiment: Experiment, interval: BucketInterval, analysis: ResultsAnalysis, now = new Date()): Promise<ResultsOverTimePoint[]> {
      if (!(analysis.alpha > 0 && analysis.alpha < 1)) throw new ValidationError('alpha must be between 0 and 1', ['alpha']);
      const stop = experiment.endedAt && experiment.endedAt < now ? experiment.endedAt : now;
      const ends = bucketEnds(experiment.startedAt, stop, interval);
      if (ends.length === 0) return [];
      const plan = await planner.planLive(experiment);
      const byEnd = await readLiveOverTime(deps.warehouse, plan, ends, deps.sandbox);
      return ends.flatMap((end) => {
        const results = present({ plan, aggregates: byEnd.get(end)!, readAt: new Date(end), frozen: false }, analysis);
        return results ? [{ bucketEnd: new Date(end), results }] : [];
      });
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

/** The analysis input of a readout (arms, metrics with their CUPED and prior, cohorts, multiple exposures). */
function analysisInput(plan: ReadoutPlan, aggregates: ExperimentAggregates, control: Variant, analysis: ResultsAnalysis, attachments: ReadoutPlan['attachments']): AnalysisInput {
  const { variants } = plan;
  const splitOf = new Map(plan.cohort?.allocations.map((a) => [a.variantId, a.splitMillis / 1000]) ?? []);
  const cohorts = aggregates.cohortSubjects && plan.cohorts.length > 1 ? plan.cohorts : null;
  return {
    arms: variants.map((v) => ({
      key: v.key,
      control: v.id === control.id,
      subjects: aggregates.subjects.get(v.key) ?? 0,
      expectedShare: splitOf.get(v.id) ?? 0,
    })),
    metrics: attachments.map((a) => {
      const byArm = aggregates.metrics.get(a.metricId)!;
      const settings = readAnalysisSettings(a.metric.definition);
      // CUPED needs the covariate in every arm's figures (a readout frozen before the metric had it has none).
      const cuped = analysis.cuped && !!settings.cuped && [...byArm.values()].every((s) => s.paired);
      return {
        id: a.metricId,
        statistic: statisticOf(a.metric),
        byArm,
        primary: a.role === 'PRIMARY',
        cuped,
        ...(settings.prior ? { prior: { mean: settings.prior.mean, variance: settings.prior.stddev ** 2 } } : {}),
      };
    }),
    multipleExposures: aggregates.multipleExposures,
    ...(cohorts
      ? {
          cohorts: cohorts.map((cohort, i) => ({
            subjects: new Map(variants.map((v) => [v.key, aggregates.cohortSubjects!.get(v.key)?.get(i + 1) ?? 0])),
            expectedShares: new Map(variants.map((v) => [v.key, (cohort.allocations.find((al) => al.variantId === v.id)?.splitMillis ?? 0) / 1000])),
          })),
        }
      : {}),
  };
}

/** Analyses a readout with the settings and judges each comparison; null without a control variant. */
function present(readout: Readout, settings: ResultsAnalysis): ExperimentResults | null {
  const { plan, aggregates } = readout;
  const { variants } = plan;
  const control = variants.find((v) => v.isControl);
  if (!control) return null;
  // A metric attached after the freeze has no frozen figures: it is left out.
  const attachments = plan.attachments.filter((a) => aggregates.metrics.has(a.metricId));
  const input = analysisInput(plan, aggregates, control, settings, attachments);
  // Multiple exposures are counted apart from the arms' subjects: the share is of everyone exposed.
  const everyone = input.arms.reduce((n, a) => n + a.subjects, 0) + aggregates.multipleExposures;
  const analysis = analyze(
    { ...input, multipleExposures: undefined },
    { alpha: settings.alpha, method: settings.method, correction: settings.correction },
  );

  const variantOf = new Map(variants.map((v) => [v.key, v]));
  const metrics = attachments.map((a, i): MetricResult => {
    const result = analysis.metrics[i]!;
    const comparisons = result.comparisons.map((c): VariantComparison => ({
      variant: variantOf.get(c.key)!,
      ...figures(c),
      adjustedPValue: c.adjustedPValue,
      adjusted: c.adjusted && { absoluteLift: toEstimate(c.adjusted.absoluteLift), relativeLift: c.adjusted.relativeLift && toEstimate(c.adjusted.relativeLift) },
      cuped: c.cuped && { theta: c.cuped.theta, varianceReduction: c.cuped.varianceReduction, unadjusted: figures(c.cuped.unadjusted) },
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

  const srm = analysis.health.sampleRatio;
  const multiple = multipleExposuresCheck(aggregates.multipleExposures, everyone);
  return {
    experiment: plan.experiment,
    computedAt: readout.readAt,
    frozen: readout.frozen,
    alpha: settings.alpha,
    analysis: settings,
    exposures: analysis.exposures.map((e) => ({ variant: variantOf.get(e.key)!, subjects: e.subjects, expectedShare: e.expectedShare, observedShare: e.observedShare })),
    multipleExposures: aggregates.multipleExposures,
    sampleRatioMismatch: { chiSquare: srm.chiSquare, pValue: srm.pValue, mismatch: srm.mismatch },
    health: {
      sampleRatioMismatch: { ...srm, cohorts: input.cohorts?.length ?? 1 },
      multipleExposures: multiple,
      lowData: analysis.health.tooLittleData.map((t) => ({ variant: variantOf.get(t.key)!, subjects: t.units, minimum: MIN_UNITS_PER_ARM })),
      guardrailBreaches: metrics.flatMap((m) => m.comparisons.filter((c) => c.verdict === 'GUARDRAIL_BREACH').map((c) => ({ metric: m.metric, variant: c.variant }))),
    },
    metrics,
  };
}
