/**
 * The pure entry of the statistics engine: one readout of an experiment (per-arm exposures and,
 * per metric, per-arm sufficient statistics) plus analysis settings → the sample-ratio check and,
 * per metric, per-arm estimates and each treatment-vs-control comparison.
 *
 * Shaped like GrowthBook's gbstats: a statistic kind (statistics/: sample mean, proportion,
 * ratio) turns sufficient statistics into an estimate of the arm's mean with its per-unit
 * variance; a test (tests/: the fixed-horizon t-test today; sequential and Bayesian next) turns
 * two estimates into a comparison. Verdicts are not made here: they need the domain's polarity,
 * role and expected direction.
 */
import { proportion } from './statistics/proportion.js';
import { ratioOfMeans } from './statistics/ratio.js';
import { sampleMean } from './statistics/sample-mean.js';
import type { SampleSummary, SufficientStatistics } from './statistics/types.js';
import { sampleRatioTest, type SampleRatioResult } from './srm.js';
import { welchTest, type Estimate } from './tests/t-test.js';

/** Which estimate a metric's per-unit values call for. */
export type StatisticKind = 'sample-mean' | 'proportion' | 'ratio';

/** Which test compares two arms. */
export type TestKind = 'fixed-horizon';

export interface AnalysisSettings {
  /** Two-sided significance level, in (0, 1). */
  alpha: number;
  /** Defaults to 'fixed-horizon' (Welch's t-test). */
  test?: TestKind;
}

export interface ArmInput {
  key: string;
  /** Exactly one arm is the control. */
  control: boolean;
  /** Exposed units. */
  subjects: number;
  /** Configured traffic share (weights, normalised by the SRM check; 0 = not part of it). */
  expectedShare: number;
}

export interface MetricInput {
  id: string;
  statistic: StatisticKind;
  /** Arm key → sufficient statistics; a missing arm reads as no units. */
  byArm: ReadonlyMap<string, SufficientStatistics>;
}

export interface AnalysisInput {
  arms: ArmInput[];
  metrics: MetricInput[];
}

/** One arm's estimate of a metric: SampleSummary plus Σx as read. */
export interface ArmEstimate extends SampleSummary {
  key: string;
  sum: number;
}

/** A treatment arm against the control: lifts with CIs at alpha, p-value, significance. */
export interface ArmComparison {
  key: string;
  absoluteLift: Estimate;
  relativeLift: Estimate | null;
  pValue: number;
  significant: boolean;
}

export interface MetricAnalysis {
  id: string;
  /** Every arm, in input order. */
  arms: ArmEstimate[];
  /** Every non-control arm against the control, in input order. */
  comparisons: ArmComparison[];
}

export interface Analysis {
  exposures: { key: string; subjects: number; expectedShare: number; observedShare: number }[];
  sampleRatio: SampleRatioResult;
  metrics: MetricAnalysis[];
}

/** An arm without units (paired sums included, so every statistic kind accepts it). */
const NONE: SufficientStatistics = { n: 0, sum: 0, sumSquares: 0, paired: { sumY: 0, sumYSquares: 0, sumXY: 0, varianceY: 0, covariance: 0 } };

const STATISTICS: Record<StatisticKind, (s: SufficientStatistics) => SampleSummary> = {
  'sample-mean': sampleMean,
  proportion,
  ratio: ratioOfMeans,
};

/**
 * Analyses one readout. Throws RangeError when there is not exactly one control arm, alpha is
 * outside (0, 1), or a figure is invalid for its statistic (negative n, non-finite sums, …).
 */
export function analyze(input: AnalysisInput, settings: AnalysisSettings): Analysis {
  const controls = input.arms.filter((a) => a.control);
  if (controls.length !== 1) throw new RangeError(`analyze: exactly one control arm expected, got ${controls.length}`);
  if (!(Number.isFinite(settings.alpha) && settings.alpha > 0 && settings.alpha < 1)) {
    throw new RangeError(`analyze: alpha must be in (0, 1), got ${settings.alpha}`);
  }
  const control = controls[0]!;
  const total = input.arms.reduce((s, a) => s + a.subjects, 0);
  const sampleRatio = sampleRatioTest(
    input.arms.map((a) => a.subjects),
    input.arms.map((a) => a.expectedShare),
  );

  const metrics = input.metrics.map((metric): MetricAnalysis => {
    const estimate = STATISTICS[metric.statistic];
    const arms = input.arms.map((arm): ArmEstimate => {
      const s = metric.byArm.get(arm.key) ?? NONE;
      return { key: arm.key, ...estimate(s), sum: s.sum };
    });
    const controlEstimate = arms.find((a) => a.key === control.key)!;
    const comparisons = arms
      .filter((a) => a.key !== control.key)
      .map((treatment): ArmComparison => {
        const w = welchTest(treatment, controlEstimate, settings.alpha);
        return { key: treatment.key, absoluteLift: w.absoluteLift, relativeLift: w.relativeLift, pValue: w.pValue, significant: w.significant };
      });
    return { id: metric.id, arms, comparisons };
  });

  return {
    exposures: input.arms.map((a) => ({
      key: a.key,
      subjects: a.subjects,
      expectedShare: a.expectedShare,
      observedShare: total ? a.subjects / total : 0,
    })),
    sampleRatio,
    metrics,
  };
}
