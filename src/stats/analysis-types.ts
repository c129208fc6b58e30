/**
 * The vocabulary of stats/analyze.ts: what a readout and its settings carry in, and what the
 * analysis hands back (per-arm estimates, comparisons, health). Plain data, no behaviour.
 */
import type { Correction } from './corrections.js';
import type { MultipleExposuresResult, TooLittleData } from './health.js';
import type { SampleSummary, SufficientStatistics } from './statistics/types.js';
import type { SampleRatioResult } from './srm.js';
import type { EffectPrior, Risk } from './tests/bayesian.js';
import type { Lift, NotComputableReason } from './tests/types.js';

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

