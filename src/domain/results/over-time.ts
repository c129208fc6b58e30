/**
 * Results over time (issue 10): the bucket ends of an experiment's history, pure. Buckets are
 * UTC days or hours from the experiment's start to now (or its end); each bucket's results are
 * cumulative — every subject exposed by the bucket's end, with its events up to that end — so the
 * last bucket equals the live results. At most MAX_OVER_TIME_BUCKETS buckets: the latest ones.
 */
import type { BucketInterval } from '../../generated/prisma/enums.js';

/** Most buckets one request returns (the latest ones when the experiment ran longer). */
export const MAX_OVER_TIME_BUCKETS = 120;

const LENGTH_MS: Record<BucketInterval, number> = { HOUR: 3_600_000, DAY: 86_400_000 };

/**
 * Bucket ends (epoch ms, ascending) for an experiment that started at `start` and stopped at
 * `stop` (now while it runs): each whole-bucket boundary after `start`, then `stop` itself when
 * it is not on a boundary (the bucket in progress, cumulative up to now). Empty when it never
 * started. Ends are inclusive in the SQL (`time <= end`), so a boundary end is boundary − 1 ms.
 */
export function bucketEnds(start: Date | null, stop: Date, interval: BucketInterval, max = MAX_OVER_TIME_BUCKETS): number[] {
  if (!start || stop.getTime() < start.getTime()) return [];
  const len = LENGTH_MS[interval];
  const ends: number[] = [];
  for (let boundary = Math.floor(start.getTime() / len) * len + len; boundary <= stop.getTime(); boundary += len) ends.push(boundary - 1);
  if (ends.at(-1) !== stop.getTime()) ends.push(stop.getTime());
  return ends.slice(-max);
}
