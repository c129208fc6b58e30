/**
 * Monitoring rules (pure): bucket arithmetic (UTC hours and days), the bound on a series' buckets,
 * value kinds (count-shaped series are zero-filled, fractional ones are null where undefined, as
 * in seed 002), the detector's settings per interval and value kind, and the signal lifecycle
 * OPEN → ACKNOWLEDGED → RESOLVED (OPEN → RESOLVED too, when the bucket is back in band first).
 */
import type { AnomalyStatus, BucketInterval, MetricAggregation } from '../../generated/prisma/enums.js';
import { DEFAULT_SETTINGS, detect, type Detection, type DetectorSettings } from '../../stats/anomaly/detector.js';
import { InvalidTransitionError, ValidationError } from '../errors.js';

/** Length of a bucket, ms. */
export const BUCKET_MS: Record<BucketInterval, number> = { HOUR: 3_600_000, DAY: 86_400_000 };

/** Most buckets one `Metric.series` may span (83 days of hours, 5 years of days). */
export const MAX_SERIES_BUCKETS = 2_000;

/** Start of the UTC bucket containing `ms`. */
export function bucketFloor(ms: number, interval: BucketInterval): number {
  return Math.floor(ms / BUCKET_MS[interval]) * BUCKET_MS[interval];
}

/** The smallest bucket boundary at or after `ms`. */
export function bucketCeil(ms: number, interval: BucketInterval): number {
  return Math.ceil(ms / BUCKET_MS[interval]) * BUCKET_MS[interval];
}

/** A series' bucket range: [start, end) on bucket boundaries, and how many buckets. */
export interface BucketRange {
  start: number;
  end: number;
  count: number;
}

/**
 * [from, to) widened to whole buckets. VALIDATION (at `field`) when `from` is not before `to` or
 * the range spans more than MAX_SERIES_BUCKETS buckets.
 */
export function seriesRange(from: Date, to: Date, interval: BucketInterval, field: string[] = []): BucketRange {
  if (!(from.getTime() < to.getTime())) throw new ValidationError('`from` must be before `to`', [...field, 'from']);
  const start = bucketFloor(from.getTime(), interval);
  const end = bucketCeil(to.getTime(), interval);
  const count = (end - start) / BUCKET_MS[interval];
  if (count > MAX_SERIES_BUCKETS) {
    throw new ValidationError(
      `the range spans ${count} ${interval === 'HOUR' ? 'hours' : 'days'}; a series has at most ${MAX_SERIES_BUCKETS} buckets (narrow the range or use DAY)`,
      [...field, 'to'],
    );
  }
  return { start, end, count };
}

/**
 * Count-shaped aggregations read 0 in a bucket without events (COUNT, SUM, OCCURRENCE as distinct
 * subjects, COUNT_DISTINCT); fractional ones (MEAN, RATIO) have no value there (seed 002's
 * value kinds: zero-filling a mean would invent observations).
 */
export function isCountShaped(aggregation: MetricAggregation): boolean {
  return aggregation !== 'MEAN' && aggregation !== 'RATIO';
}

/** A bucket of a series: its start and its value (null = undefined). */
export interface SeriesPoint {
  bucket: Date;
  value: number | null;
}

/** Every bucket of `range`, valued from `values` (bucket start ms → value); missing buckets 0 when count-shaped, else null. */
export function densify(range: Pick<BucketRange, 'start' | 'end'>, interval: BucketInterval, values: ReadonlyMap<number, number | null>, countShaped: boolean): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (let t = range.start; t < range.end; t += BUCKET_MS[interval]) {
    const v = values.get(t);
    points.push({ bucket: new Date(t), value: v === undefined ? (countShaped ? 0 : null) : v });
  }
  return points;
}

/**
 * Detector settings of an interval and value kind: weekly seasonality (168 hourly or 7 daily
 * buckets). A count-shaped series is scored on its square root, where Poisson noise has sd 0.5:
 * the scale is never taken below that (a flat series does not fire on a handful of events); a
 * fractional one as it is, with a scale of at least 1e-9.
 */
export function detectorSettings(interval: BucketInterval, countShaped: boolean): DetectorSettings {
  return { ...DEFAULT_SETTINGS[interval], transform: countShaped ? 'sqrt' : 'none', minScale: countShaped ? 0.5 : 1e-9 };
}

/** Allowed status changes of a signal. */
export const SIGNAL_TRANSITIONS: Record<AnomalyStatus, readonly AnomalyStatus[]> = {
  OPEN: ['ACKNOWLEDGED', 'RESOLVED'],
  ACKNOWLEDGED: ['RESOLVED'],
  RESOLVED: [],
};

/** Throws INVALID_TRANSITION (with the allowed moves) unless `from` → `to` is allowed. */
export function requireSignalTransition(from: AnomalyStatus, to: AnomalyStatus): void {
  if (!SIGNAL_TRANSITIONS[from].includes(to)) throw new InvalidTransitionError(from, to, SIGNAL_TRANSITIONS[from]);
}

/**
 * Scores the buckets of `points` (a dense series, oldest first) from index `first` on, each
 * against the detector's trailing window of the points before it. A count-shaped series has no
 * history before its first non-zero bucket (a metric whose events start later is not "zero
 * until then"), so a new metric needs the minimum history of real data before it can fire.
 * Returns one entry per scored bucket; `detection` is null where nothing can be said (undefined
 * value, too little history).
 */
export function scoreBuckets(
  points: readonly SeriesPoint[],
  first: number,
  options: { interval: BucketInterval; sensitivity: number; countShaped: boolean },
): { bucket: Date; detection: Detection | null }[] {
  const settings = detectorSettings(options.interval, options.countShaped);
  const values = points.map((p) => p.value);
  if (options.countShaped) {
    const start = values.findIndex((v) => v !== null && v !== 0);
    for (let i = 0; i < (start < 0 ? values.length : start); i++) values[i] = null;
  }
  const out: { bucket: Date; detection: Detection | null }[] = [];
  for (let i = Math.max(0, first); i < points.length; i++) {
    out.push({
      bucket: points[i]!.bucket,
      detection: detect(values.slice(Math.max(0, i - settings.window), i), values[i] ?? null, options.sensitivity, settings),
    });
  }
  return out;
}
