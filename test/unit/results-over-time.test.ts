/** Bucket ends of resultsOverTime (domain/results/over-time.ts): boundaries, the bucket in progress, the cap. */
import { describe, expect, it } from 'vitest';
import { bucketEnds, MAX_OVER_TIME_BUCKETS } from '../../src/domain/results/over-time.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

describe('bucketEnds', () => {
  it('ends each whole UTC day 1 ms before midnight (inclusive ends), then now', () => {
    expect(bucketEnds(at('2026-11-01T10:00:00Z'), at('2026-11-03T05:00:00Z'), 'DAY')).toEqual([
      Date.parse('2026-11-02T00:00:00Z') - 1,
      Date.parse('2026-11-03T00:00:00Z') - 1,
      Date.parse('2026-11-03T05:00:00Z'),
    ]);
  });

  it('starts a bucket in progress at a stop exactly on a boundary (events at that millisecond count)', () => {
    const ends = bucketEnds(at('2026-11-01T10:30:00Z'), at('2026-11-01T12:00:00Z'), 'HOUR');
    expect(ends).toEqual([Date.parse('2026-11-01T11:00:00Z') - 1, Date.parse('2026-11-01T12:00:00Z') - 1, Date.parse('2026-11-01T12:00:00Z')]);
  });

  it('is empty before the start and without one', () => {
    expect(bucketEnds(null, new Date(), 'DAY')).toEqual([]);
    expect(bucketEnds(at('2026-11-02T00:00:00Z'), at('2026-11-01T00:00:00Z'), 'DAY')).toEqual([]);
  });

  it(`keeps the latest ${MAX_OVER_TIME_BUCKETS} buckets of a long run`, () => {
    const stop = at('2026-11-30T12:00:00Z');
    const ends = bucketEnds(new Date(stop.getTime() - 400 * HOUR), stop, 'HOUR');
    expect(ends).toHaveLength(MAX_OVER_TIME_BUCKETS);
    expect(ends.at(-1)).toBe(stop.getTime());
    expect(bucketEnds(new Date(stop.getTime() - 2 * DAY), stop, 'DAY')).toHaveLength(3);
  });
});
