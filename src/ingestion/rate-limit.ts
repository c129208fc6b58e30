/**
 * Per-environment rate limit on ingested events, with rate-limiter-flexible: at most `burst`
 * events per fixed window of `burst / perSecond` seconds (rounded, at least 1 s), i.e. `perSecond`
 * on average; the defaults allow 50,000 events per 5 s. A request costs its number of events and
 * is refused whole (429 with Retry-After = the time left in the window); a refused request is
 * given back its points, so it takes nothing. As with any fixed window, up to twice `burst` can
 * pass around a window boundary.
 *
 * With `redisUrl` the counters live in Redis (RateLimiterRedis: one atomic INCRBY+EXPIRE script
 * per request), so every replica draws on the same budget and N replicas allow the limit, not N
 * times it. Without it, or while Redis is unreachable (the insurance limiter, after at most
 * REDIS_COMMAND_TIMEOUT_MS), each process counts alone: ingestion never stops because Redis did.
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** How long a Redis command may take before the process-local insurance limiter answers. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;

export interface RateLimiter {
  /**
   * Takes `cost` events from `key`'s budget. Resolves 0 when allowed, else the seconds (≥ 1,
   * whole) after which the same request would be allowed.
   */
  take(key: string, cost: number): Promise<number>;
  /** Closes the Redis connection, if any. */
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  /** Average events per second per key; 0 allows everything. */
  perSecond: number;
  /** Events per window (the most a key can send at once). */
  burst: number;
  /** Shared counters in this Redis (redis:// or rediss:// URL); process-local when absent. */
  redisUrl?: string;
  /** Prefix of the Redis keys (several deployments or tests on one Redis). */
  keyPrefix?: string;
  /** Called on Redis connection errors (the limiter meanwhile counts per process). */
  onStoreError?: (err: unknown) => void;
}

/** Seconds per window: `burst` events at `perSecond`, whole (Redis expiries are whole seconds). */
export function windowSeconds(perSecond: number, burst: number): number {
  return Math.max(1, Math.round(burst / perSecond));
}

export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  if (opts.perSecond <= 0) return { take: async () => 0, close: async () => {} };
  const shape = { points: opts.burst, duration: windowSeconds(opts.perSecond, opts.burst), keyPrefix: `${opts.keyPrefix ?? 'liftgate:'}ingest` };
  const memory = new RateLimiterMemory(shape);
  let redis: Redis | null = null;
  let limiter: RateLimiterAbstract = memory;
  if (opts.redisUrl) {
    redis = new Redis(opts.redisUrl, {
      // Fail fast into the insurance limiter instead of queueing requests behind a lost Redis.
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
    });
    redis.on('error', (err) => opts.onStoreError?.(err));
    limiter = new RateLimiterRedis({ ...shape, storeClient: redis, insuranceLimiter: memory });
  }
  return {
    async take(key, cost) {
      try {
        await limiter.consume(key, cost);
        return 0;
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        // The store counted the refused points too: give them back so a refused request takes nothing.
        await limiter.reward(key, cost).catch(() => {});
        return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      }
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}
