/**
 * The experiment configuration cache (src/domain/experiment/config-cache.ts) over a change feed
 * (src/db/change-feed.ts): a change invalidates its environment at once, a feed that is down
 * bypasses the cache and its reset drops everything, concurrent misses share one load, and which
 * Prisma selections may be cached at all (config-selection.ts). Also what /healthz and /readyz
 * answer while the gateway starts (src/http/readiness.ts).
 */
import { describe, expect, it } from 'vitest';
import { createInProcessChangeFeed, type ChangeFeed, type ChangeFeedEvent } from '../../src/db/change-feed.js';
import { createConfigCache } from '../../src/domain/experiment/config-cache.js';
import { isConfigSelection } from '../../src/domain/experiment/config-selection.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStartupTasks, createWriteFailures, readinessResponse, startingListener } from '../../src/http/readiness.js';

/** A feed whose connection the test switches (what a Redis or PostgreSQL feed reports). */
function switchableFeed() {
  const listeners = new Set<(e: ChangeFeedEvent) => void>();
  let up = true;
  const feed: Pick<ChangeFeed, 'subscribe' | 'connected'> = {
    subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
    connected: () => up,
  };
  return {
    feed,
    set(value: boolean) {
      up = value;
      for (const l of listeners) l({ kind: 'reset' });
    },
  };
}

describe('configuration cache', () => {
  it('serves a loaded value until its environment changes, then loads again; other environments keep theirs', async () => {
    const feed = createInProcessChangeFeed();
    const cache = createConfigCache(feed, { maxAgeMs: null });
    let loads = 0;
    const load = (v: string) => async () => (loads++, v);
    expect(await cache.get('env-a', 'k', load('a1'))).toBe('a1');
    expect(await cache.get('env-a', 'k', load('a2'))).toBe('a1');
    expect(await cache.get('env-b', 'k', load('b1'))).toBe('b1');
    feed.publish({ environmentId: 'env-a', experimentId: 'x', resourceVersion: 2 });
    expect(await cache.get('env-a', 'k', load('a3'))).toBe('a3');
    expect(await cache.get('env-b', 'k', load('b2'))).toBe('b1');
    expect(loads).toBe(3);
  });

  it('a load that raced with a change is not served afterwards', async () => {
    const feed = createInProcessChangeFeed();
    const cache = createConfigCache(feed, { maxAgeMs: null });
    let release!: () => void;
    const slow = cache.get('env', 'k', () => new Promise<string>((r) => (release = () => r('before the change'))));
    feed.publish({ environmentId: 'env', experimentId: 'x', resourceVersion: 3 });
    release();
    expect(await slow).toBe('before the change');
    expect(await cache.get('env', 'k', async () => 'after the change')).toBe('after the change');
  });

  it('concurrent misses share one load; a failed load is not kept', async () => {
    const cache = createConfigCache(createInProcessChangeFeed(), { maxAgeMs: null });
    let loads = 0;
    const load = async () => (loads++, await new Promise((r) => setTimeout(r, 10)), 'v');
    expect(await Promise.all([cache.get('e', 'k', load), cache.get('e', 'k', load), cache.get('e', 'k', load)])).toEqual(['v', 'v', 'v']);
    expect(loads).toBe(1);
    await expect(cache.get('e', 'bad', async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.get('e', 'bad', async () => 'recovered')).toBe('recovered');
  });

  it('reads through while the feed is down and drops everything when it is back', async () => {
    const { feed, set } = switchableFeed();
    const cache = createConfigCache(feed, { maxAgeMs: 60_000 });
    expect(await cache.get('e', 'k', async () => 'v1')).toBe('v1');
    set(false);
    expect(await cache.get('e', 'k', async () => 'v2')).toBe('v2');
    expect(await cache.get('e', 'k', async () => 'v3')).toBe('v3');
    set(true);
    expect(await cache.get('e', 'k', async () => 'v4')).toBe('v4');
    expect(await cache.get('e', 'k', async () => 'v5')).toBe('v4');
  });

  it('entries expire after maxAgeMs; 0 caches nothing', async () => {
    const { feed } = switchableFeed();
    const aged = createConfigCache(feed, { maxAgeMs: 30 });
    expect(await aged.get('e', 'k', async () => 'old')).toBe('old');
    await new Promise((r) => setTimeout(r, 60));
    expect(await aged.get('e', 'k', async () => 'new')).toBe('new');
    const off = createConfigCache(feed, { maxAgeMs: 0 });
    expect(await off.get('e', 'k', async () => 1)).toBe(1);
    expect(await off.get('e', 'k', async () => 2)).toBe(2);
  });
});

describe('which experiment selections are configuration only', () => {
  it('accepts experiments with variants, cohorts, allocations and their variants', () => {
    expect(isConfigSelection('Experiment', { take: 20 })).toBe(true);
    expect(
      isConfigSelection('Experiment', {
        include: { variants: { orderBy: { position: 'asc' } }, cohorts: { take: 1, include: { allocations: { include: { variant: true } } } } },
      }),
    ).toBe(true);
    expect(isConfigSelection('Experiment', { select: { id: true, key: true, variants: { select: { key: true } } } })).toBe(true);
  });

  it('refuses anything that changes without an experiment change', () => {
    expect(isConfigSelection('Experiment', { include: { metrics: true } })).toBe(false);
    expect(isConfigSelection('Experiment', { include: { environment: true } })).toBe(false);
    expect(isConfigSelection('Experiment', { include: { _count: { select: { assignments: true } } } })).toBe(false);
    expect(isConfigSelection('Experiment', { include: { variants: { include: { assignments: true } } } })).toBe(false);
    expect(isConfigSelection('Experiment', { include: { resultSnapshot: true } })).toBe(false);
  });
});

describe('/readyz while start-up tasks run', () => {
  it('is 503 starting with the pending task, then 200 ready', async () => {
    const ok = { kind: 'test', ping: async () => {} };
    const startup = createStartupTasks();
    let finish!: () => void;
    const done = startup.run('loading recent event keys', () => new Promise<void>((r) => (finish = r)));
    const starting = await readinessResponse(ok, ok, createWriteFailures(1000), startup);
    expect(starting.status).toBe(503);
    expect(await starting.json()).toMatchObject({ status: 'starting', reasons: ['starting: loading recent event keys'] });
    finish();
    await done;
    const ready = await readinessResponse(ok, ok, createWriteFailures(1000), startup);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', reasons: [] });
  });
});

describe('while the stores open (the server listens first)', () => {
  it('/healthz is 200 starting, /readyz 503 starting, every other route 503 with Retry-After', async () => {
    const server = createServer(startingListener);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const health = await fetch(`${base}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'starting' }]);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'starting' });
      const gql = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect(gql.status).toBe(503);
      expect(gql.headers.get('retry-after')).toBe('1');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
