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
import { adjustedLevel, adjustPValues, type Correction } from './corrections.js';
import { cupedMoments, pooledTheta, type CupedArm } from './cuped.js';
import { multipleExposuresCheck, tooLittleData, MIN_UNITS_PER_ARM, type MultipleExposuresResult, type TooLittleData } from './health.js';
import { proportion } from './statistics/proportion.js';
import { ratioOfMeans } from './statistics/ratio.js';
import { sampleMean } from './statistics/sample-mean.js';
import type { SampleSummary, SufficientStatistics } from './statistics/types.js';
import { cohortSampleRatioTest, sampleRatioTest, type SampleRatioResult } from './srm.js';
import { bayesian, type EffectPrior, type Risk } from './tests/bayesian.js';
import { effectMoments } from './tests/moments.js';
import { DEFAULT_SEQUENTIAL_TUNING, sequential } from './tests/sequential.js';
import { assertAlpha, fixedHorizon } from './tests/t-test.js';
import type { EffectMoments, Lift, NotComputableReason, ScaleResult } from './tests/types.js';

/** Which estimate a metric's per-unit values call for. */
export type StatisticKind = 'sample-mean' | 'proportion' | 'ratio';

/** Which test compares two arms (kept for existing callers; `method` supersedes it). */
export type TestKind = 'fixed-horizon';

/**
 * FIXED: Welch's t-test at a fixed horizon (tests/t-test.ts). SEQUENTIAL: asymptotic confidence
 * sequences, valid at every look (tests/sequential.ts). BAYESIAN: Gaussian effect posterior,
 * chance to win, credible interval, risk (tests/bayesian.ts).
 */
export type Method = 'FIXED' | 'SEQUENTIAL' | 'BAYESIAN';

export type { Correction };

export interface AnalysisSettings {
  /** Two-sided significance level, in (0, 1); for BAYESIAN the credible interval is 1 − alpha. */
  alpha: number;
  /** Legacy: 'fixed-horizon' is FIXED. Ignored when `method` is given. */
  test?: TestKind;
  /** Defaults to FIXED. */
  method?: Method;
  /**
   * Multiple-testing correction over the comparisons of metrics marked `primary` × treatment arms
   * (corrections.ts); defaults to NONE. Not applied to BAYESIAN (no p-values).
   */
  correction?: Correction;
  /** SEQUENTIAL's N*: total units (both arms) where the sequence is tightest; default 5000, > 0. */
  sequentialTuning?: number;
  /** Too-little-data threshold per arm (health.ts); default MIN_UNITS_PER_ARM (150). */
  minUnitsPerArm?: number;
}

export interface ArmInput {
  key: string;
  /** Exactly one arm is the control. */
  control: boolean;
  /** Exposed units. */
  subjects: number;
  /** Configured traffic share (weights, normalised by the SRM check; 0 = not part of the split). */
  expectedShare: number;
}

export interface MetricInput {
  id: string;
  statistic: StatisticKind;
  /**
   * Arm key → sufficient statistics; a missing arm reads as no units. `paired` carries the ratio's
   * denominator for statistic 'ratio', and the per-subject PRE-exposure covariate when `cuped`.
   */
  byArm: ReadonlyMap<string, SufficientStatistics>;
  /** Part of the multiple-testing family (AnalysisSettings.correction). */
  primary?: boolean;
  /**
   * Regression-adjust by the pre-exposure covariate in `paired` (cuped.ts; θ pooled over the two
   * compared arms; unadjusted when θ is undefined). Not for 'ratio' metrics: RangeError.
   */
  cuped?: boolean;
  /** Proper Gaussian prior on the relative effect for BAYESIAN; flat when absent. */
  prior?: EffectPrior;
}

/** One cohort's exposures, for the per-cohort SRM check: arm key → units it placed, and its shares. */
export interface CohortInput {
  subjects: ReadonlyMap<string, number>;
  expectedShares: ReadonlyMap<string, number>;
}

export interface AnalysisInput {
  arms: ArmInput[];
  metrics: MetricInput[];
  /** Subjects exposed to more than one arm (health); omitted → no check. */
  multipleExposures?: number;
  /**
   * When the splits changed (several cohorts), each cohort's exposures and shares: the SRM check
   * then tests each subject against the cohort that placed it (srm.ts cohortSampleRatioTest).
   */
  cohorts?: CohortInput[];
}

/** One arm's estimate of a metric: SampleSummary plus Σx as read. */
export interface ArmEstimate extends SampleSummary {
  key: string;
  sum: number;
}

/**
 * What one method says about one comparison. Lifts: absolute in metric units, relative a fraction
 * of |mean(control)|; the interval is the CI (FIXED), the confidence sequence (SEQUENTIAL) or the
 * credible interval (BAYESIAN). When `notComputable` is set: p-values null, bounds null, chance
 * to win and risk null, significant false.
 */
export interface ComparisonReadout {
  notComputable: NotComputableReason | null;
  absoluteLift: Lift;
  /** Null when the control mean is 0 (or so small the relative figures overflow). */
  relativeLift: Lift | null;
  /** The absolute lift's two-sided p-value (FIXED, SEQUENTIAL: anytime-valid); null for BAYESIAN. */
  pValue: number | null;
  /** The relative lift's own p-value from its delta-method SE; agrees with relativeLift's interval. */
  relativePValue: number | null;
  /**
   * FIXED/SEQUENTIAL: p (adjusted p when a correction applies) < alpha. BAYESIAN: the relative
   * credible interval excludes 0 (chance to win > 1 − alpha/2 or < alpha/2).
   */
  significant: boolean;
  /**
   * BAYESIAN: P(relative effect > 0); null otherwise. Polarity is the domain's: for a
   * lower-is-better metric the chance to win is 1 − this (gbstats' `inverse`).
   */
  chanceToWin: number | null;
  /**
   * BAYESIAN: relative expected loss of keeping the control (E[max(effect, 0)]) and of shipping
   * the treatment (E[max(−effect, 0)]); null otherwise. For a lower-is-better metric the two swap.
   */
  risk: Risk | null;
}

/** A treatment arm against the control. */
export interface ArmComparison extends ComparisonReadout {
  key: string;
  /** The corrected p-value when this comparison is in the family (primary metric, correction ≠ NONE, not BAYESIAN). */
  adjustedPValue: number | null;
  /** Intervals at the corrected level, agreeing with adjustedPValue (corrections.ts); null when no correction applies. */
  adjusted: { absoluteLift: Lift; relativeLift: Lift | null } | null;
  /**
   * For a CUPED metric: θ (null when undefined: the readout is then unadjusted), the variance
   * reduction 1 − SE²_adjusted/SE²_unadjusted of the absolute lift (null when either is not
   * computable), and the unadjusted readout beside it. Null for other metrics.
   */
  cuped: { theta: number | null; varianceReduction: number | null; unadjusted: ComparisonReadout } | null;
}

export interface MetricAnalysis {
  id: string;
  /** Every arm, in input order (unadjusted estimates). */
  arms: ArmEstimate[];
  /** Every non-control arm against the control, in input order. */
  comparisons: ArmComparison[];
}

export interface AnalysisHealth {
  /** Per-cohort when `cohorts` was given, else against the arms' expectedShare. */
  sampleRatio: SampleRatioResult;
  /** Null when the input carried no multipleExposures count. */
  multipleExposures: MultipleExposuresResult | null;
  /** Arms with fewer exposed units than the threshold. */
  tooLittleData: TooLittleData[];
}

export interface Analysis {
  exposures: { key: string; subjects: number; expectedShare: number; observedShare: number }[];
  /** Same as health.sampleRatio (kept for existing callers). */
  sampleRatio: SampleRatioResult;
  health: AnalysisHealth;
  metrics: MetricAnalysis[];
}

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
  const r = mc === 0 ? null : d / Math.abs(mc);
  return {
    notComputable: reason,
    absoluteLift: { estimate: d, ciLower: null, ciUpper: null },
    relativeLift: r === null || !Number.isFinite(r) ? null : { estimate: r, ciLower: null, ciUpper: null },
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
