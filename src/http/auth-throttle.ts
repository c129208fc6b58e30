/**
 * Failed-authentication throttling per client IP (rate-limiter-flexible, in memory: a guessing
 * client is slowed on each replica it reaches). After `maxFailures` unknown bearer tokens or
 * environment keys within the window, every further credentialed request from that IP gets 429
 * (RATE_LIMITED) until the window ends, valid credentials included: otherwise a correct guess
 * would still be told apart. Requests without credentials are not throttled here.
 * The client IP is the socket's peer: behind a proxy every client shares the proxy's address.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface AuthThrottle {
  /** Seconds to wait when `ip` is over its failure budget, else null. */
  blockedFor(ip: string): Promise<number | null>;
  /** Counts one failed authentication from `ip`. */
  recordFailure(ip: string): Promise<void>;
}

export function createAuthThrottle(options: { maxFailures: number; windowMs: number }): AuthThrottle {
  if (options.maxFailures === 0) return { blockedFor: async () => null, recordFailure: async () => {} };
  const limiter = new RateLimiterMemory({
    keyPrefix: 'auth-fail',
    points: options.maxFailures,
    duration: Math.max(1, Math.ceil(options.windowMs / 1000)),
  });
  return {
    async blockedFor(ip) {
      const res = await limiter.get(ip);
      return res && res.consumedPoints >= options.maxFailures ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : null;
    },
    async recordFailure(ip) {
      await limiter.consume(ip).catch((err: unknown) => {
        // Over the budget: a rejection is the limiter's answer, not a failure.
        if (!(err instanceof RateLimiterRes)) throw err;
      });
    },
  };
}
