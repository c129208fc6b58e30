/**
 * Per-process cache of experiment configuration (an experiment by key with its status, winner,
 * variants and active cohort; an environment's experiment pages), scoped by environment.
 *
 * Why it cannot serve a wrong answer beyond the documented bound:
 * - Every change of an experiment bumps its resourceVersion and publishes on the change feed
 *   (db/change-feed.ts) once committed. The feed runs this process's listener synchronously, so
 *   the changing replica bumps the environment's generation before it answers the mutation: its
 *   very next read misses and loads the committed state.
 * - Other replicas receive the message over Redis pub/sub or PostgreSQL NOTIFY (milliseconds).
 *   While their subscription is down nothing is served from the cache (reads go to the store),
 *   and everything is dropped when it comes back (`reset`): a missed message cannot leave a stale
 *   entry behind.
 * - An entry is never older than `maxAgeMs` (default 1 s), which bounds the one case the feed
 *   cannot see: a publisher that died between its commit and its publish. The in-process feed
 *   (PGlite: one process per data directory) cannot lose a message, so there entries live until
 *   a change or eviction.
 * - Keys carry the environment's generation at the time the load started, so a load that raced
 *   with a change is stored under a generation no reader asks for any more.
 *
 * Sizes are bounded (lru-cache, `maxEntries`); concurrent misses of one key share one load.
 */
import { LRUCache } from 'lru-cache';
import type { ChangeFeed } from '../../db/change-feed.js';

export interface ConfigCacheOptions {
  /** Most entries kept (least recently used evicted first). */
  maxEntries?: number;
  /**
   * Longest an entry is served, ms; 0 = nothing is cached; null = no limit (only for a feed that
   * cannot lose a message: the in-process one, where every change is made by this process).
   */
  maxAgeMs: number | null;
}

export type ConfigCache = ReturnType<typeof createConfigCache>;

/** A cache of experiment configuration invalidated by `feed`; see the file header for the bound. */
export function createConfigCache(feed: Pick<ChangeFeed, 'subscribe' | 'connected'>, opts: ConfigCacheOptions) {
  const generations = new Map<string, number>();
  let epoch = 0;
  const entries = new LRUCache<string, { value: Promise<unknown> }>({
    max: opts.maxEntries ?? 10_000,
    ...(opts.maxAgeMs ? { ttl: opts.maxAgeMs, ttlAutopurge: false } : {}),
    // A load is as old as its start: never extended by reads.
    updateAgeOnGet: false,
  });
  const stats = { hits: 0, misses: 0 };

  const unsubscribe = feed.subscribe((event) => {
    if (event.kind === 'reset') {
      epoch++;
      entries.clear();
    } else {
      const env = event.change.environmentId;
      generations.set(env, (generations.get(env) ?? 0) + 1);
    }
  });

  return {
    /**
     * `load()` for (`environmentId`, `key`), served from the cache while it is valid; concurrent
     * callers of a missing key share one load. A failed load is not kept.
     */
    async get<T>(environmentId: string, key: string, load: () => Promise<T>): Promise<T> {
      if (!feed.connected() || opts.maxAgeMs === 0) return load();
      const k = `${epoch}\u0000${environmentId}\u0000${generations.get(environmentId) ?? 0}\u0000${key}`;
      const hit = entries.get(k);
      if (hit) {
        stats.hits++;
        return hit.value as Promise<T>;
      }
      stats.misses++;
      const value = load();
      entries.set(k, { value });
      value.catch(() => {
        if (entries.peek(k)?.value === value) entries.delete(k);
      });
      return value;
    },
    /** Hits and misses so far (for tests and diagnostics). */
    stats: () => ({ ...stats, size: entries.size }),
    /** Stops listening to the feed. */
    close: unsubscribe,
  };
}
