/**
 * Per-environment rate limit on ingested events: a token bucket holding at most `burst` events,
 * refilled at `perSecond`. A request costs its number of events and is refused whole (429 with
 * Retry-After) when the bucket cannot pay for it; a refused request takes nothing.
 *
 * Why our own ~30 lines rather than a library: the well-kept candidate, rate-limiter-flexible,
 * is not a dependency of the project, and what is needed here (one in-process bucket per
 * environment, a cost per request, the wait until it would pass) is this whole file. With
 * several replicas each enforces its own share; a shared limit would move to Redis, where
 * rate-limiter-flexible's RateLimiterRedis fits.
 */

export interface RateLimiter {
  /**
   * Takes `cost` events from `key`'s bucket. Returns 0 when allowed, else the seconds (≥ 1, whole)
   * after which the same request would be allowed.
   */
  take(key: string, cost: number): number;
}

/** A limiter; `perSecond` 0 allows everything. `now` is a clock in epoch milliseconds. */
export function createRateLimiter(opts: { perSecond: number; burst: number; now?: () => number }): RateLimiter {
  const now = opts.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  if (opts.perSecond <= 0) return { take: () => 0 };
  return {
    take(key, cost) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: opts.burst, at: t };
      bucket.tokens = Math.min(opts.burst, bucket.tokens + ((t - bucket.at) / 1000) * opts.perSecond);
      bucket.at = t;
      buckets.set(key, bucket);
      if (cost <= bucket.tokens) {
        bucket.tokens -= cost;
        return 0;
      }
      // More than the bucket holds never passes; config keeps burst ≥ the largest batch.
      return Math.max(1, Math.ceil((cost - bucket.tokens) / opts.perSecond));
    },
  };
}
