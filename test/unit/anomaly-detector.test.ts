/**
 * The anomaly detector (src/stats/anomaly/detector.ts) and the monitoring rules that feed it
 * (src/domain/monitoring/rules.ts) on synthetic series. Expected figures are computed here by
 * hand (medians, MAD) from the series the test builds, not read back from the code.
 */
import { describe, expect, it } from 'vitest';
import {
  BUCKET_MS,
  MAX_SERIES_BUCKETS,
  bucketCeil,
  bucketFloor,
  densify,
  isCountShaped,
  requireSignalTransition,
  scoreBuckets,
  seriesRange,
} from '../../src/domain/monitoring/rules.js';
import { InvalidTransitionError, ValidationError } from '../../src/domain/errors.js';
import { detect, median, severityOf, type DetectorSettings } from '../../src/stats/anomaly/detector.js';

const FLAT: DetectorSettings = { period: 1, window: 100, minHistory: 10, minPerPhase: 2, minScale: 1e-9, transform: 'none', scaleCycle: 1 };

/** Deterministic noise in [-1, 1]. */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

describe('detect (no seasonality, no transform)', () => {
  const history = Array.from({ length: 40 }, (_, i) => 100 + 5 * noise(i));

  it('expected = median of the window, scale = 1.4826 × MAD of the leave-one-out residuals', () => {
    const d = detect(history, 100, 3.5, FLAT)!;
    const sorted = [...history].sort((a, b) => a - b);
    const med = (sorted[19]! + sorted[20]!) / 2;
    // Leave-one-out medians: without a value below the middle the median is sorted[20], above it sorted[19].
    const residuals = sorted.map((v, j) => v - (j < 20 ? sorted[20]! : sorted[19]!));
    const level = median(residuals);
    const mad = median(residuals.map((r) => Math.abs(r - level)));
    expect(d.expected).toBeCloseTo(med + level, 9);
    expect(d.scale).toBeCloseTo(1.4826 * mad, 9);
    expect(d.score).toBeCloseTo((100 - d.expected) / d.scale, 9);
    expect(d.lower).toBeCloseTo(d.expected - 3.5 * d.scale, 9);
    expect(d.upper).toBeCloseTo(d.expected + 3.5 * d.scale, 9);
    expect(d.anomalous).toBe(false);
  });

  it('fires past the threshold, with direction and severity', () => {
    const base = detect(history, 100, 3.5, FLAT)!;
    const up = detect(history, base.expected + 3.6 * base.scale, 3.5, FLAT)!;
    expect(up).toMatchObject({ anomalous: true, direction: 'UP', severity: 'LOW' });
    const down = detect(history, base.expected - 8 * base.scale, 3.5, FLAT)!;
    expect(down).toMatchObject({ anomalous: true, direction: 'DOWN', severity: 'HIGH' });
    expect(detect(history, base.expected + 3.4 * base.scale, 3.5, FLAT)!.anomalous).toBe(false);
    // A lower sensitivity flags what a higher one does not.
    expect(detect(history, base.expected + 3 * base.scale, 2.5, FLAT)!.anomalous).toBe(true);
  });

  it('severity is relative to the threshold: LOW below 1.5×, MEDIUM below 2×, HIGH from 2×', () => {
    expect(severityOf(3.6, 3.5)).toBe('LOW');
    expect(severityOf(-5.25, 3.5)).toBe('MEDIUM');
    expect(severityOf(7, 3.5)).toBe('HIGH');
  });

  it('a spike in the history does not move the baseline (robust), where a mean would', () => {
    const spiked = [...history];
    spiked[10] = 10_000;
    const clean = detect(history, 100, 3.5, FLAT)!;
    const dirty = detect(spiked, 100, 3.5, FLAT)!;
    expect(Math.abs(dirty.expected - clean.expected)).toBeLessThan(0.5);
    expect(dirty.scale / clean.scale).toBeLessThan(1.3);
  });

  it('says nothing on an undefined bucket or before the minimum history', () => {
    expect(detect(history, null, 3.5, FLAT)).toBeNull();
    expect(detect(history.slice(0, 9), 1_000, 3.5, FLAT)).toBeNull();
    // Undefined buckets of the history do not count towards it.
    expect(detect([...history.slice(0, 9), null, null, null], 1_000, 3.5, FLAT)).toBeNull();
    expect(detect(history.slice(0, 10), 1_000, 3.5, FLAT)).not.toBeNull();
  });

  it('extreme values give finite figures (GraphQL and JSON carry no Infinity)', () => {
    const d = detect(history, 1e308, 3.5, { ...FLAT, transform: 'sqrt' })!;
    expect([d.score, d.expected, d.lower, d.upper].every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(detect(history, -1e308, 3.5, FLAT)!.score)).toBe(true);
  });

  it('a flat history falls back to the minimum scale instead of dividing by zero', () => {
    const flat = Array.from({ length: 20 }, () => 7);
    const d = detect(flat, 8, 3.5, { ...FLAT, minScale: 0.25 })!;
    expect(d.scale).toBe(0.25);
    expect(d.score).toBeCloseTo(4, 9);
  });
});

describe('detect (weekly seasonality of daily buckets)', () => {
  // Weekdays ~100, weekends ~30: one global median would call every weekend a drop.
  const day = (i: number) => (i % 7 >= 5 ? 30 : 100) + 2 * noise(i);
  const settings: DetectorSettings = { period: 7, window: 56, minHistory: 14, minPerPhase: 2, minScale: 1e-9, transform: 'none', scaleCycle: 1 };

  it('expects the same weekday\'s median, so a normal weekend does not fire', () => {
    const saturday = 56 + 5 - (56 % 7); // index 61 is a day-5 phase like 5, 12, …
    const series = Array.from({ length: saturday }, (_, i) => day(i));
    const d = detect(series, 31, 3.5, settings)!;
    const sameDay = series.filter((_, i) => i % 7 === 5 && i >= series.length - 56);
    // The same weekday's median, moved by the small level adjustment only.
    expect(Math.abs(d.expected - median(sameDay))).toBeLessThan(1);
    expect(Math.abs(d.expected - 30)).toBeLessThan(3);
    expect(d.anomalous).toBe(false);
    // A weekday value on a weekend is an anomaly.
    expect(detect(series, 100, 3.5, settings)!).toMatchObject({ anomalous: true, direction: 'UP' });
  });
});

describe('scoreBuckets (hourly counts, weekly seasonality, square-root scale)', () => {
  const start = Date.UTC(2026, 0, 5); // a Monday
  const hourly = (n: number, at?: { index: number; value: number }) =>
    Array.from({ length: n }, (_, i) => {
      const hour = i % 24;
      const weekend = Math.floor(i / 24) % 7 >= 5;
      const mean = (weekend ? 40 : 200) * (1 + 0.6 * Math.sin(((hour - 6) / 24) * 2 * Math.PI));
      const value = at?.index === i ? at.value : Math.round(mean + Math.sqrt(mean) * noise(i));
      return { bucket: new Date(start + i * BUCKET_MS.HOUR), value };
    });

  it('a seasonal series without injected anomalies raises nothing over two weeks', () => {
    const points = hourly(6 * 168);
    const scores = scoreBuckets(points, 4 * 168, { interval: 'HOUR', sensitivity: 3.5, countShaped: true });
    expect(scores).toHaveLength(2 * 168);
    expect(scores.every((s) => s.detection !== null)).toBe(true);
    expect(scores.filter((s) => s.detection!.anomalous)).toEqual([]);
  });

  it('a spike and a drop fire at their buckets, UP and DOWN', () => {
    const spikeAt = 5 * 168 + 14; // a weekday afternoon
    const points = hourly(6 * 168, { index: spikeAt, value: 800 });
    const scores = scoreBuckets(points, 4 * 168, { interval: 'HOUR', sensitivity: 3.5, countShaped: true });
    const fired = scores.filter((s) => s.detection!.anomalous);
    expect(fired.map((s) => s.bucket.getTime())).toEqual([start + spikeAt * BUCKET_MS.HOUR]);
    expect(fired[0]!.detection!.direction).toBe('UP');
    const dropAt = 5 * 168 + 15;
    const dropped = scoreBuckets(hourly(6 * 168, { index: dropAt, value: 5 }), dropAt, { interval: 'HOUR', sensitivity: 3.5, countShaped: true });
    expect(dropped[0]!.detection).toMatchObject({ anomalous: true, direction: 'DOWN' });
    // expected and band are in the metric's own unit (squared back from the root scale).
    const d = dropped[0]!.detection!;
    expect(d.lower).toBeLessThan(d.expected);
    expect(d.upper).toBeGreaterThan(d.expected);
    expect(d.expected).toBeGreaterThan(100);
  });

  it('a count series has no history before its first event: a new metric cannot fire at once', () => {
    const points = hourly(4 * 168).map((p, i) => ({ ...p, value: i < 3 * 168 ? 0 : p.value }));
    const scores = scoreBuckets(points, 3 * 168 + 10, { interval: 'HOUR', sensitivity: 3.5, countShaped: true });
    expect(scores.every((s) => s.detection === null)).toBe(true);
  });

  it('undefined (null) buckets are never scored', () => {
    const points = hourly(5 * 168).map((p, i) => ({ ...p, value: i === 5 * 168 - 1 ? null : p.value }));
    const scores = scoreBuckets(points, 5 * 168 - 1, { interval: 'HOUR', sensitivity: 3.5, countShaped: false });
    expect(scores).toEqual([{ bucket: points[5 * 168 - 1]!.bucket, detection: null }]);
  });
});

describe('monitoring rules', () => {
  it('buckets are UTC hours and days', () => {
    const t = Date.UTC(2026, 10, 21, 13, 45, 10);
    expect(bucketFloor(t, 'HOUR')).toBe(Date.UTC(2026, 10, 21, 13));
    expect(bucketCeil(t, 'HOUR')).toBe(Date.UTC(2026, 10, 21, 14));
    expect(bucketFloor(t, 'DAY')).toBe(Date.UTC(2026, 10, 21));
    expect(bucketCeil(Date.UTC(2026, 10, 21), 'DAY')).toBe(Date.UTC(2026, 10, 21));
  });

  it('a series range is widened to whole buckets and bounded', () => {
    expect(seriesRange(new Date('2026-11-21T10:30:00Z'), new Date('2026-11-21T12:10:00Z'), 'HOUR')).toEqual({
      start: Date.UTC(2026, 10, 21, 10), end: Date.UTC(2026, 10, 21, 13), count: 3,
    });
    expect(() => seriesRange(new Date('2026-11-21T10:00:00Z'), new Date('2026-11-21T10:00:00Z'), 'HOUR')).toThrow(ValidationError);
    const from = new Date(Date.UTC(2026, 0, 1));
    expect(seriesRange(from, new Date(from.getTime() + MAX_SERIES_BUCKETS * BUCKET_MS.HOUR), 'HOUR').count).toBe(MAX_SERIES_BUCKETS);
    expect(() => seriesRange(from, new Date(from.getTime() + (MAX_SERIES_BUCKETS + 1) * BUCKET_MS.HOUR), 'HOUR')).toThrow(/at most 2000 buckets/);
  });

  it('densify: every bucket, count-shaped zero-filled, fractional null', () => {
    const start = Date.UTC(2026, 10, 21);
    const values = new Map([[start + BUCKET_MS.HOUR, 5]]);
    const range = { start, end: start + 3 * BUCKET_MS.HOUR };
    expect(densify(range, 'HOUR', values, true).map((p) => p.value)).toEqual([0, 5, 0]);
    expect(densify(range, 'HOUR', values, false).map((p) => p.value)).toEqual([null, 5, null]);
    expect(['COUNT', 'SUM', 'OCCURRENCE', 'COUNT_DISTINCT', 'MEAN', 'RATIO'].map((a) => isCountShaped(a as never))).toEqual([true, true, true, true, false, false]);
  });

  it('signal lifecycle: OPEN → ACKNOWLEDGED → RESOLVED, OPEN → RESOLVED, nothing else', () => {
    const statuses = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const;
    const allowed = new Set(['OPEN>ACKNOWLEDGED', 'OPEN>RESOLVED', 'ACKNOWLEDGED>RESOLVED']);
    for (const from of statuses) {
      for (const to of statuses) {
        if (allowed.has(`${from}>${to}`)) expect(() => requireSignalTransition(from, to)).not.toThrow();
        else expect(() => requireSignalTransition(from, to)).toThrow(InvalidTransitionError);
      }
    }
  });
});
