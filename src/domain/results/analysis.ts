/**
 * The analysis settings of a results request (GraphQL `ResultsAnalysisInput`, a snapshot's stored
 * settings): significance level, method, multiple-testing correction, CUPED on or off. Pure.
 */
import { ValidationError } from '../errors.js';

/** FIXED: Welch t-test. SEQUENTIAL: asymptotic confidence sequences. BAYESIAN: Gaussian posterior. */
export const METHODS = ['FIXED', 'SEQUENTIAL', 'BAYESIAN'] as const;
export type Method = (typeof METHODS)[number];
/** Across primary metrics × treatment variants: none, Holm–Bonferroni, Benjamini–Hochberg. */
export const CORRECTIONS = ['NONE', 'HOLM', 'BH'] as const;
export type Correction = (typeof CORRECTIONS)[number];

export interface ResultsAnalysis {
  /** Two-sided significance level, in (0, 1) (Bayesian: 1 − credible level). */
  alpha: number;
  method: Method;
  correction: Correction;
  /** Regression-adjust the metrics that have CUPED settings. */
  cuped: boolean;
}

/** What a request without `analysis` gets: the fixed-horizon readout as before issue 10. */
export const DEFAULT_ANALYSIS: ResultsAnalysis = { alpha: 0.05, method: 'FIXED', correction: 'NONE', cuped: false };

/** Settings from a request's arguments (absent = default); VALIDATION for alpha outside (0, 1) or an unknown value. */
export function resolveAnalysis(
  alpha: number | null | undefined,
  input: { method?: Method | null; correction?: Correction | null; cuped?: boolean | null } | null | undefined,
): ResultsAnalysis {
  const a = alpha ?? DEFAULT_ANALYSIS.alpha;
  if (!(Number.isFinite(a) && a > 0 && a < 1)) throw new ValidationError('alpha must be between 0 and 1', ['alpha']);
  const method = input?.method ?? DEFAULT_ANALYSIS.method;
  const correction = input?.correction ?? DEFAULT_ANALYSIS.correction;
  if (!METHODS.includes(method)) throw new ValidationError(`method must be one of ${METHODS.join(', ')}`, ['analysis', 'method']);
  if (!CORRECTIONS.includes(correction)) throw new ValidationError(`correction must be one of ${CORRECTIONS.join(', ')}`, ['analysis', 'correction']);
  return { alpha: a, method, correction, cuped: input?.cuped ?? DEFAULT_ANALYSIS.cuped };
}

/** A stable cache key of settings (one analysis per distinct key per readout). */
export function analysisKey(s: ResultsAnalysis): string {
  return `${s.alpha}|${s.method}|${s.correction}|${s.cuped ? 1 : 0}`;
}
