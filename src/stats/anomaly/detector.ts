/**
 * Robust anomaly detector for one bucket of a metric's time series (pure: numbers in, numbers out).
 *
 * Method — a seasonal median baseline with a MAD scale, scored as a robust z:
 * 1. Seasonal profile: for each phase of the period (hour of week for hourly buckets, day of week
 *    for daily ones), the median of the defined values at that phase in the trailing window.
 * 2. Residuals of the window against that profile; their median is the level adjustment and their
 *    median absolute deviation (MAD, × 1.4826 to estimate a normal σ) is the scale. When the MAD
 *    is 0 (more than half the residuals equal), the mean absolute deviation × 1.2533 (√(π/2)) is
 *    used instead, and `minScale` bounds the scale from below (e.g. one event for count series).
 * 3. expected = profile[phase] + level; score = (observed − expected) / scale (the robust z);
 *    band = expected ± sensitivity · scale; fires when |score| > sensitivity.
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
  /** Smallest scale (same unit as the values); guards flat series. */
  minScale: number;
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
  /** Robust z: (observed − expected) / scale. */
  score: number;
  scale: number;
  anomalous: boolean;
  direction: Direction;
  severity: Severity;
}

/** Hourly and daily defaults: weekly seasonality, four (hourly) or eight (daily) weeks of history. */
export const DEFAULT_SETTINGS: Record<'HOUR' | 'DAY', Omit<DetectorSettings, 'minScale'>> = {
  HOUR: { period: 168, window: 4 * 168, minHistory: 2 * 168, minPerPhase: 2 },
  DAY: { period: 7, window: 8 * 7, minHistory: 2 * 7, minPerPhase: 2 },
};

/** Median of a non-empty array (copied, not mutated). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Severity of a score against the threshold `sensitivity`. */
export function severityOf(score: number, sensitivity: number): Severity {
  const r = Math.abs(score) / sensitivity;
  return r >= 2 ? 'HIGH' : r >= 1.5 ? 'MEDIUM' : 'LOW';
}

/**
 * Scores `observed` against `history`, the window of values just before it (oldest first, index
 * `history.length` is the evaluated bucket; null = undefined bucket). `phaseOffset` is the phase of
 * history[0] within the period. Returns null when nothing can be said: the observation is
 * undefined (null) or the history is too short (fewer than `minHistory` defined values, or fewer
 * than `minPerPhase` at the evaluated phase). `sensitivity` > 0 is the threshold on |score|.
 */
export function detect(
  history: readonly (number | null)[],
  observed: number | null,
  sensitivity: number,
  settings: DetectorSettings,
  phaseOffset = 0,
): Detection | null {
  if (observed === null || !Number.isFinite(observed)) return null;
  const { period } = settings;
  const start = Math.max(0, history.length - settings.window);
  const phase = (i: number) => (((i + phaseOffset) % period) + period) % period;

  const byPhase = new Map<number, number[]>();
  let defined = 0;
  for (let i = start; i < history.length; i++) {
    const v = history[i];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    defined++;
    const p = phase(i);
    const list = byPhase.get(p);
    if (list) list.push(v);
    else byPhase.set(p, [v]);
  }
  const target = byPhase.get(phase(history.length)) ?? [];
  if (defined < settings.minHistory || target.length < settings.minPerPhase) return null;

  const profile = new Map<number, number>();
  for (const [p, values] of byPhase) profile.set(p, median(values));
  const residuals: number[] = [];
  for (let i = start; i < history.length; i++) {
    const v = history[i];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    residuals.push(v - profile.get(phase(i))!);
  }
  const level = median(residuals);
  const deviations = residuals.map((r) => Math.abs(r - level));
  let scale = MAD_TO_SIGMA * median(deviations);
  if (scale === 0) scale = (MEAN_AD_TO_SIGMA * deviations.reduce((a, b) => a + b, 0)) / deviations.length;
  scale = Math.max(scale, settings.minScale, Number.MIN_VALUE);

  const expected = profile.get(phase(history.length))! + level;
  const score = (observed - expected) / scale;
  return {
    observed,
    expected,
    lower: expected - sensitivity * scale,
    upper: expected + sensitivity * scale,
    score,
    scale,
    anomalous: Math.abs(score) > sensitivity,
    direction: observed >= expected ? 'UP' : 'DOWN',
    severity: severityOf(score, sensitivity),
  };
}
