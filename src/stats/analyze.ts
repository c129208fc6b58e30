/**
 * The pure entry of the statistics engine: one readout of an experiment (per-arm exposures and,
 * per metric, per-arm sufficient statistics) plus analysis settings → health checks and, per
 * metric, per-arm estimates and each treatment-vs-control comparison.
 *
 * Shaped like GrowthBook's gbstats: a statistic kind (statistics/: sample mean, proportion, ratio)
 * turns sufficient statistics into an estimate of the arm's mean with its per-unit variance;
 * effect moments (tests/moments.ts, or cuped.ts for a regression-adjusted metric) give the
 * absolute and relative effect with their standard errors; a method (tests/: fixed-horizon Welch,
 * sequential confidence sequences, Bayesian) turns the moments into intervals and p-values or a
 * posterior; corrections.ts adjusts the primary metrics' p-values across metrics × arms.
 * Verdicts are not made here: they need the domain's polarity, role and expected direction.
 *
 * Conventions: the relative lift is (m_t − m_c)/|m_c| (gbstats), so it has the sign of the
 * absolute lift even for a negative control mean; an interval bound is null when it does not
 * exist (not computable); nothing returned is NaN or ±Infinity.
 */
import { adjustedLevel, adjustPValues } from './corrections.js';
import { cupedMoments, pooledTheta, type CupedArm } from './cuped.js';
import { multipleExposuresCheck, tooLittleData, MIN_UNITS_PER_ARM } from './health.js';
import { proportion } from './statistics/proportion.js';
import { ratioOfMeans } from './statistics/ratio.js';
import { sampleMean } from './statistics/sample-mean.js';
import type { SampleSummary, SufficientStatistics } from './statistics/types.js';
import { cohortSampleRatioTest, sampleRatioTest } from './srm.js';
import { bayesian, type EffectPrior } from './tests/bayesian.js';
import { effectMoments, pointEstimates } from './tests/moments.js';
import { DEFAULT_SEQUENTIAL_TUNING, sequential } from './tests/sequential.js';
import { assertAlpha, fixedHorizon } from './tests/t-test.js';
import type { EffectMoments, NotComputableReason, ScaleResult } from './tests/types.js';
import type {
  Analysis,
  AnalysisInput,
  AnalysisSettings,
  ArmComparison,
  ArmEstimate,
  ComparisonReadout,
  Correction,
  MetricAnalysis,
  MetricInput,
  Method,
  StatisticKind,
} from './analysis-types.js';

export type * from './analysis-types.js';

/** An arm without units (paired sums included, so every statistic kind accepts it). */
const NONE: SufficientStatistics = { n: 0, sum: 0, sumSquares: 0, paired: { sumY: 0, sumYSquares: 0, sumXY: 0, varianceY: 0, covariance: 0 } };

const STATISTICS: Record<StatisticKind, (s: SufficientStatistics) => SampleSummary> = {
  'sample-mean': sampleMean,
  proportion,
  ratio: ratioOfMeans,
};

type Resolved = { method: Method; alpha: number; correction: Correction; tuning: number };

/** A method's frequentist readout of moments at a level (FIXED or SEQUENTIAL). */
function frequentist(moments: EffectMoments, method: Method, alpha: number, tuning: number): { absolute: ScaleResult; relative: ScaleResult | null } {
  return method === 'SEQUENTIAL' ? sequential(moments, alpha, tuning) : fixedHorizon(moments, alpha);
}

/** The readout of a not-computable comparison: point estimates only. */
function notComputable(reason: NotComputableReason, d: number, mc: number): ComparisonReadout {
  return {
    notComputable: reason,
    ...pointEstimates(d, mc),
    pValue: null,
    relativePValue: null,
    significant: false,
    chanceToWin: null,
    risk: null,
  };
}

/** One method's readout of a comparison (d, m_c: the point figures, for a not-computable one). */
function readout(moments: EffectMoments | NotComputableReason, d: number, mc: number, s: Resolved, prior: EffectPrior | undefined): ComparisonReadout {
  if (typeof moments === 'string') return notComputable(moments, d, mc);
  if (s.method === 'BAYESIAN') {
    const b = bayesian(moments, s.alpha, prior);
    if (!b) return notComputable('ZERO_CONTROL_MEAN', d, mc);
    const rel = b.relativeLift;
    return {
      notComputable: null,
      absoluteLift: b.absoluteLift,
      relativeLift: rel,
      pValue: null,
      relativePValue: null,
      significant: rel.ciLower! > 0 || rel.ciUpper! < 0,
      chanceToWin: b.chanceToWin,
      risk: b.risk,
    };
  }
  const { absolute, relative } = frequentist(moments, s.method, s.alpha, s.tuning);
  return {
    notComputable: null,
    absoluteLift: absolute.lift,
    relativeLift: relative?.lift ?? null,
    pValue: absolute.pValue,
    relativePValue: relative?.pValue ?? null,
    significant: absolute.pValue! < s.alpha,
    chanceToWin: null,
    risk: null,
  };
}

/** CUPED's view of an arm: the post summary and the pre-exposure covariate from `paired`. */
function cupedArm(post: SampleSummary, s: SufficientStatistics, metricId: string): CupedArm {
  if (!s.paired) throw new RangeError(`analyze: metric ${metricId} asks for CUPED but an arm carries no pre-exposure (paired) sums`);
  return { post, preMean: s.n === 0 ? 0 : s.paired.sumY / s.n, preVariance: s.n < 2 ? 0 : s.paired.varianceY, covariance: s.n < 2 ? 0 : s.paired.covariance };
}

type Computed = { comparison: ArmComparison; moments: EffectMoments | null; primary: boolean };
type Side = { summary: SampleSummary; stats: SufficientStatistics };

/**
 * One treatment arm against the control: the method's readout of the plain moments, or for a CUPED
 * metric of the adjusted ones (θ pooled over the two arms; unadjusted when θ is undefined) with
 * the plain readout beside it. Keeps the moments the correction recomputes intervals from.
 */
function compareArm(metric: MetricInput, key: string, treatment: Side, control: Side, s: Resolved): Computed {
  const t = treatment.summary;
  const c = control.summary;
  const plain = effectMoments(t, c);
  const unadjusted = readout(plain, t.mean - c.mean, c.mean, s, metric.prior);
  let moments = typeof plain === 'string' ? null : plain;
  let main = unadjusted;
  let cuped: ArmComparison['cuped'] = null;
  if (metric.cuped) {
    const ct = cupedArm(t, treatment.stats, metric.id);
    const cc = cupedArm(c, control.stats, metric.id);
    const theta = pooledTheta(ct, cc);
    let varianceReduction: number | null = null;
    if (theta !== null) {
      const adjusted = cupedMoments(ct, cc, theta);
      const d = t.mean - theta * ct.preMean - (c.mean - theta * cc.preMean);
      main = readout(adjusted, d, c.mean, s, metric.prior);
      moments = typeof adjusted === 'string' ? null : adjusted;
      if (moments && typeof plain !== 'string') {
        varianceReduction = 1 - (moments.absolute.standardError / plain.absolute.standardError) ** 2;
      }
    }
    cuped = { theta, varianceReduction, unadjusted };
  }
  return { comparison: { key, ...main, adjustedPValue: null, adjusted: null, cuped }, moments, primary: metric.primary === true };
}

/**
 * Analyses one readout. Throws RangeError when there is not exactly one control arm, alpha is
 * outside (0, 1), the tuning or a prior is invalid, a ratio metric asks for CUPED, a CUPED metric
 * lacks pre-exposure sums, or a figure is invalid for its statistic (negative n, non-finite sums, …).
 */
export function analyze(input: AnalysisInput, settings: AnalysisSettings): Analysis {
  const controls = input.arms.filter((a) => a.control);
  if (controls.length !== 1) throw new RangeError(`analyze: exactly one control arm expected, got ${controls.length}`);
  assertAlpha('analyze', settings.alpha);
  const s: Resolved = {
    method: settings.method ?? 'FIXED',
    alpha: settings.alpha,
    correction: settings.correction ?? 'NONE',
    tuning: settings.sequentialTuning ?? DEFAULT_SEQUENTIAL_TUNING,
  };
  if (!(Number.isFinite(s.tuning) && s.tuning > 0)) throw new RangeError(`analyze: sequentialTuning must be > 0, got ${s.tuning}`);
  const control = controls[0]!;
  const total = input.arms.reduce((acc, a) => acc + a.subjects, 0);

  const summariesOf: Map<string, SampleSummary>[] = [];
  const computed: Computed[][] = input.metrics.map((metric) => {
    if (metric.cuped && metric.statistic === 'ratio') throw new RangeError(`analyze: metric ${metric.id} is a ratio; ratio metrics do not take CUPED`);
    const estimate = STATISTICS[metric.statistic];
    const stats = new Map(input.arms.map((arm) => [arm.key, metric.byArm.get(arm.key) ?? NONE]));
    const summaries = new Map(input.arms.map((arm) => [arm.key, estimate(stats.get(arm.key)!)]));
    summariesOf.push(summaries);
    const c = summaries.get(control.key)!;
    return input.arms
      .filter((a) => a.key !== control.key)
      .map((arm) => compareArm(metric, arm.key, { summary: summaries.get(arm.key)!, stats: stats.get(arm.key)! }, { summary: c, stats: stats.get(control.key)! }, s));
  });

  applyCorrection(computed.flat(), s);

  const metrics = input.metrics.map((metric, i): MetricAnalysis => ({
    id: metric.id,
    arms: input.arms.map((arm): ArmEstimate => ({ key: arm.key, ...summariesOf[i]!.get(arm.key)!, sum: (metric.byArm.get(arm.key) ?? NONE).sum })),
    comparisons: computed[i]!.map((x) => x.comparison),
  }));

  const sampleRatio = input.cohorts && input.cohorts.length > 0
    ? cohortSampleRatioTest(input.cohorts.map((co) => ({
        observed: input.arms.map((a) => co.subjects.get(a.key) ?? 0),
        expectedShares: input.arms.map((a) => co.expectedShares.get(a.key) ?? 0),
      })))
    : sampleRatioTest(input.arms.map((a) => a.subjects), input.arms.map((a) => a.expectedShare));

  return {
    exposures: input.arms.map((a) => ({
      key: a.key,
      subjects: a.subjects,
      expectedShare: a.expectedShare,
      observedShare: total ? a.subjects / total : 0,
    })),
    sampleRatio,
    health: {
      sampleRatio,
      multipleExposures: input.multipleExposures === undefined ? null : multipleExposuresCheck(input.multipleExposures, total),
      tooLittleData: tooLittleData(input.arms.map((a) => ({ key: a.key, units: a.subjects })), settings.minUnitsPerArm ?? MIN_UNITS_PER_ARM),
    },
    metrics,
  };
}

/**
 * Adjusts the family's p-values in place: the primary metrics' comparisons (not computable ones
 * count as p = 1, so they enlarge the family as in GrowthBook, but get no adjusted figures), then
 * each computable member's intervals at the corrected level, and significance from p̃ < alpha.
 */
function applyCorrection(all: Computed[], s: Resolved): void {
  if (s.correction === 'NONE' || s.method === 'BAYESIAN') return;
  const family = all.filter((x) => x.primary);
  if (family.length === 0) return;
  const adjusted = adjustPValues(family.map((x) => x.comparison.pValue ?? 1), s.correction);
  family.forEach((x, i) => {
    const c = x.comparison;
    if (!x.moments || c.pValue === null) return;
    const p̃ = adjusted[i]!;
    const level = adjustedLevel(s.alpha, c.pValue, p̃, family.length);
    const at = frequentist(x.moments, s.method, level, s.tuning);
    c.adjustedPValue = p̃;
    c.adjusted = { absoluteLift: at.absolute.lift, relativeLift: at.relative?.lift ?? null };
    c.significant = p̃ < s.alpha;
  });
}
