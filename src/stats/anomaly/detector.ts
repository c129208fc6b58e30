/**
 * Robust anomaly detector for one bucket of a metric's time series (pure: numbers in, numbers out).
 *
 * Method — a seasonal median baseline with a MAD scale, scored as a robust z:
 * 1. Seasonal profile: for each phase of the period (hour of week for hourly buckets, day of week
 *    for daily ones), the median of the defined values at that phase in the trailing window.
 * 2. Residuals of the window against that profile, each against the median of the other values
 *    of its phase (leave-one-out, so the scale measures forecast error: with few values per phase
 *    in-sample residuals shrink); their median is the level adjustment and their median absolute
 *    deviation (MAD, × 1.4826 to estimate a normal σ) is the scale. When the MAD
 *    is 0 (more than half the residuals equal), the mean absolute deviation × 1.2533 (√(π/2)) is
 *    used instead, and `minScale` bounds the scale from below (e.g. one event for count series).
 * 3. expected = profile[phase] + level; score = (observed − expected) / scale (the robust z);
 *    band = expected ± sensitivity · scale; fires when |score| > sensitivity.
 * Counts are scored on their square root (Anscombe, "The transformation of Poisson, binomial and
 * negative-binomial data", Biometrika 35, 1948: it makes Poisson noise level-independent), and
 * expected value and band are squared back, so the band is asymmetric in the values' unit.
 *
 * Sources: the robust z / Hampel identifier (Hampel, "The influence curve and its role in robust
 * estimation", JASA 69(346), 1974; Davies & Gather, "The identification of multiple outliers",
 * JASA 88(423), 1993); the MAD as a scale estimator and its 1.4826 consistency factor (Rousseeuw &
 * Croux, "Alternatives to the median absolute deviation", JASA 88(424), 1993); seasonal
 * decomposition with a median instead of a trend before MAD scoring (Hochenbaum, Vallis &
 * Kejariwal, "Automatic anomaly detection in the cloud via statistical learning", arXiv:1704.07706,
 * 2017 — Twitter's S-H-ESD); the mean-absolute-deviation fallback when MAD = 0 (Iglewicz &
 * Hoaglin, "How to Detect and Handle Outliers", ASQC 1993, as used for the modified z score).
 */

/** Normal-consistency factor of the MAD: 1 / Φ⁻¹(3/4) (Rousseeuw & Croux 1993). */
export const MAD_TO_SIGMA = 1.4826;
/** Normal-consistency factor of the mean absolute deviation: √(π/2). */
export const MEAN_AD_TO_SIGMA = 1.2533;

/** Detector settings for one interval. */
export interface DetectorSettings {
  /** Seasonal period in buckets (168 for hourly buckets: a week; 7 for daily ones). */
  period: number;
  /** Trailing buckets the baseline uses (the evaluated bucket excluded). */
  window: number;
  /** Fewest defined values in the window before anything fires. */
  minHistory: number;
  /** Fewest defined values at the evaluated bucket's phase before anything fires. */
  minPerPhase: number;
  /**
   * The scale is estimated from the residuals of the phases congruent to the evaluated one modulo
   * this (24 for hourly buckets: the same hour of day on every day of the window; 1: all phases).
   * Count noise grows with the level (Poisson, multiplicative), and the daily cycle moves the level
   * most: one scale for every hour would make busy hours fire on noise and quiet ones never.
   */
  scaleCycle: number;
  /** Smallest scale, in units of the (transformed) values; guards flat series. */
  minScale: number;
  /**
   * `sqrt`: score on the signed square root of the values (variance-stabilising for counts:
   * Poisson noise has sd ≈ 0.5 there whatever the level, Anscombe 1948), so busy and quiet hours
   * share one scale; expected value and band are reported back in the values' own unit.
   * `none`: score the values as they are (means, ratios).
   */
  transform: 'sqrt' | 'none';
}

/** Severity relative to the threshold: HIGH from 2×, MEDIUM from 1.5×, else LOW. */
export type Severity = 'LOW' | 'MEDIUM' | 'HIGH';
export type Direction = 'UP' | 'DOWN';

/** The detector's reading of one bucket. */
export interface Detection {
  observed: number;
  expected: number;
  /** expected − sensitivity · scale */
  lower: number;
  /** expected + sensitivity · scale */
  upper: number;
  /** Robust z: (f(observed) − f(expected)) / scale, f the transform. */
  score: number;
  /** Robust σ of the (transformed) values. */
  scale: number;
  anomalous: boolean;
  direction: Direction;
  severity: Severity;
}

/** Hourly and daily defaults: weekly seasonality, four (hourly) or eight (daily) weeks of history. */
export const DEFAULT_SETTINGS: Record<'HOUR' | 'DAY', Omit<DetectorSettings, 'minScale' | 'transform'>> = {
  HOUR: { period: 168, window: 4 * 168, minHistory: 2 * 168, minPerPhase: 2, scaleCycle: 1 },
  DAY: { period: 7, window: 8 * 7, minHistory: 2 * 7, minPerPhase: 2, scaleCycle: 1 },
};

/** Median of a non-empty array (copied, not mutated). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** x within ±Number.MAX_VALUE (extreme values must not become ±Infinity, which neither JSON nor GraphQL carries). */
function finite(x: number): number {
  return Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, x));
}

/** sign(x)·√|x|: the square root extended to negative values (sums may be negative), monotone. */
function signedSqrt(x: number): number {
  return Math.sign(x) * Math.sqrt(Math.abs(x));
}

/** Median of an ascending, non-empty array. */
function medianOfSorted(s: readonly number[]): number {
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median of ascending `s` without its element `skip` (s.length ≥ 2), without copying. */
function medianWithout(s: readonly number[], skip: number): number {
  const n = s.length - 1;
  const at = (k: number) => s[k < skip ? k : k + 1]!;
  const mid = n >> 1;
  return n % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/** Severity of a score against the threshold `sensitivity`. */
export function severityOf(score: number, sensitivity: number): Severity {
  const r = Math.abs(score) / sensitivity;
  return r >= 2 ? 'HIGH' : r >= 1.5 ? 'MEDIUM' : 'LOW';
}

/**
 * Scores `observed` against `history`, the window of values just before it (oldest first, index
 * `history.length` is the evaluated bucket; null = undefined bucket). Phases are positions modulo
 * the period counted from the evaluated bucket, so history[length − period] shares its phase
 * (the same hour of the week a week earlier). Returns null when nothing can be said: the observation is
 * undefined (null) or the history is too short (fewer than `minHistory` defined values, or fewer
 * than `minPerPhase` at the evaluated phase). `sensitivity` > 0 is the threshold on |score|.
 */
export function detect(
  history: readonly (number | null)[],
  observed: number | null,
  sensitivity: number,
  settings: DetectorSettings,
): Detection | null {
  if (observed === null || !Number.isFinite(observed)) return null;
  const { period } = settings;
  const f = settings.transform === 'sqrt' ? signedSqrt : (x: number) => x;
  const fInverse = settings.transform === 'sqrt' ? (y: number) => Math.sign(y) * y * y : (y: number) => y;
  const start = Math.max(0, history.length - settings.window);
  const phase = (i: number) => (((i - history.length) % period) + period) % period;

  const byPhase = new Map<number, number[]>();
  let defined = 0;
  for (let i = start; i < history.length; i++) {
    const v = history[i];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    defined++;
    const p = phase(i);
    const list = byPhase.get(p);
    if (list) list.push(f(v));
    else byPhase.set(p, [f(v)]);
  }
  const target = byPhase.get(phase(history.length)) ?? [];
  if (defined < settings.minHistory || target.length < settings.minPerPhase) return null;

  // Residuals against the median of the OTHER values at the same phase (leave-one-out): with a
  // few values per phase, in-sample residuals are too small (each value pulls its own median) and
  // the scale would be underestimated; out-of-sample ones measure the error the forecast makes.
  const profile = new Map<number, number>();
  const residuals: number[] = [];
  const targetPhase = phase(history.length);
  for (const [p, values] of byPhase) {
    const sorted = [...values].sort((a, b) => a - b);
    profile.set(p, medianOfSorted(sorted));
    if (sorted.length < 2 || p % settings.scaleCycle !== targetPhase % settings.scaleCycle) continue;
    for (let j = 0; j < sorted.length; j++) residuals.push(sorted[j]! - medianWithout(sorted, j));
  }
  const level = residuals.length > 0 ? median(residuals) : 0;
  const deviations = residuals.map((r) => Math.abs(r - level));
  let scale = deviations.length > 0 ? MAD_TO_SIGMA * median(deviations) : 0;
  if (scale === 0 && deviations.length > 0) scale = (MEAN_AD_TO_SIGMA * deviations.reduce((a, b) => a + b, 0)) / deviations.length;
  scale = Math.max(scale, settings.minScale, Number.MIN_VALUE);

  const center = profile.get(targetPhase)! + level;
  const score = finite((f(observed) - center) / scale);
  const expected = finite(fInverse(center));
  return {
    observed,
    expected,
    lower: finite(fInverse(center - sensitivity * scale)),
    upper: finite(fInverse(center + sensitivity * scale)),
    score,
    scale,
    anomalous: Math.abs(score) > sensitivity,
    direction: score >= 0 ? 'UP' : 'DOWN',
    severity: severityOf(score, sensitivity),
  };
}
