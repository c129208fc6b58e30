/**
 * Subscriptions over graphql-ws and SSE (issue 12, items 5 and 7): authentication on connect
 * (no token, an environment key, a revoked token), the environment a token may read, a token
 * revoked mid-stream, operation limits, and `experimentResults` re-sent after events are posted
 * to /v1/events — one warehouse read per throttle window however many subscribers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposureEvent, postSdkEvents, sdkEvent } from '../fixtures/sdk-events.js';
import { seed, type Seeded } from '../fixtures/seed.js';
import { createToken } from '../fixtures/tokens.js';
import { graphql } from '../generated/gql.js';
import { LiveExperimentResultsDocument } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { observeWarehouseQueries } from '../helpers/warehouse.js';
import { wsClient, type WsTestClient } from '../helpers/ws-client.js';

const INTERVAL_MS = 500;
let t: TestApp;
let seeded: Seeded;
const clients: WsTestClient[] = [];

function connect(token: string | null, params?: Record<string, unknown>): WsTestClient {
  const c = wsClient(t.url, token, params);
  clients.push(c);
  return c;
}

const LiveAnalysis = graphql(`subscription LiveAnalysis($environmentKey: String!, $experimentKey: String!, $analysis: ResultsAnalysisInput) {
  experimentResults(environmentKey: $environmentKey, experimentKey: $experimentKey, analysis: $analysis) {
    analysis { method correction cuped }
    metrics { comparisons { chanceToWin relativePValue } }
  }
}`);

const CreateTokenWithId = graphql(`
  mutation LiveCreateToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) { token apiToken { id } errors { code message } }
  }
`);
const RevokeToken = graphql(`
  mutation LiveRevokeToken($id: ID!) {
    revokeApiToken(id: $id) { errors { code message } }
  }
`);

beforeAll(async () => {
  t = await createTestApp({ env: { LIFTGATE_LIVE_RESULTS_INTERVAL_MS: String(INTERVAL_MS) } });
  await t.createEnvironments('other');
  seeded = await seed(t)
    .environment('live')
    .metric('Purchases', { aggregation: 'COUNT', event: 'purchase' }, { role: 'PRIMARY' })
    .experiment({
      key: 'live-test', featureName: 'live_flag',
      variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment' }],
      allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }],
    })
    .start();
  const now = Date.now() - 60_000;
  await postSdkEvents(t, 'live', [exposureEvent('live_flag', 'u1', 'CONTROL', now), exposureEvent('live_flag', 'u2', 'TREATMENT', now)]);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose().catch(() => {})));
  await t?.stop();
});

const vars = () => ({ environmentKey: seeded.environmentKey, experimentKey: 'live-test' });

describe('authentication on connect', () => {
  it('closes a connection without a token with 4401 before any operation', async () => {
    const c = connect(null);
    const closed = await c.closed;
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/authentication required/);
  });

  it('refuses the environment (SDK) key, however it is sent', async () => {
    for (const params of [{ 'x-environment-key': 'live' }, { environmentKey: 'live' }, { authorization: 'live' }, { authorization: 'Bearer live' }]) {
      const closed = await connect(null, params).closed;
      expect(closed.code, JSON.stringify(params)).toBe(4401);
    }
  });

  it('refuses the environment key over SSE too: UNAUTHENTICATED', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-environment-key': 'live' },
      body: JSON.stringify({ query: 'subscription { experimentResults(environmentKey: "live", experimentKey: "live-test") { computedAt } }' }),
    });
    const text = await res.text();
    expect(text).toContain('UNAUTHENTICATED');
    expect(text).not.toContain('computedAt":');
  });

  it('closes a connection with an unknown token with 4401', async () => {
    const closed = await connect('not-a-real-token-at-all').closed;
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/invalid or revoked/);
  });
});

describe('experimentResults', () => {
  it('a token without a role in the environment gets NOT_FOUND and the subscription completes', async () => {
    const outsider = await createToken(t, 'outsider', 'other', 'ADMIN');
    const sub = connect(outsider).subscribe(LiveExperimentResultsDocument, vars());
    const first = await sub.next();
    expect(first.kind).toBe('next');
    expect(first.kind === 'next' && first.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await sub.next()).kind).toBe('complete');
  });

  it('applies the operation limits to subscriptions (depth)', async () => {
    const c = connect(t.token);
    const deep = 'subscription { experimentResults(environmentKey: "live", experimentKey: "live-test") { experiment { environment { experiments { edges { node { environment { experiments { edges { node { environment { experiments { totalCount } } } } } } } } } } } } }';
    const watched = t.app.services.realtime.results.watchedExperiments();
    const item = await new Promise<unknown>((resolve) => {
      c.client.subscribe({ query: deep }, { next: resolve, error: resolve, complete: () => {} });
    });
    expect(JSON.stringify(item)).toContain('OPERATION_LIMIT');
    expect(JSON.stringify(item)).toContain('depth');
    expect(t.app.services.realtime.results.watchedExperiments()).toBe(watched);
  });

  it('sends the results at once, then again after events reach the experiment through POST /v1/events', async () => {
    const sub = connect(t.token).subscribe(LiveExperimentResultsDocument, vars());
    const first = await sub.next();
    if (first.kind !== 'next') throw new Error(JSON.stringify(first));
    expect(first.errors).toBeUndefined();
    const before = first.data!.experimentResults;
    expect(before.exposures.map((e) => e.subjects)).toEqual([1, 1]);

    const at = Date.now();
    await postSdkEvents(t, 'live', [exposureEvent('live_flag', 'u3', 'TREATMENT', at), sdkEvent('purchase', { identifier: 'u3', timestamp: at + 1 })]);
    const second = await sub.next(5_000);
    if (second.kind !== 'next') throw new Error(JSON.stringify(second));
    const after = second.data!.experimentResults;
    expect(after.exposures.map((e) => e.subjects)).toEqual([1, 2]);
    expect(Date.parse(after.computedAt)).toBeGreaterThan(Date.parse(before.computedAt));
    sub.stop();
  });

  it('shares one warehouse read per throttle window among all subscribers and alphas', async () => {
    const c = connect(t.token);
    const subs = Array.from({ length: 20 }, (_, i) => c.subscribe(LiveExperimentResultsDocument, { ...vars(), alpha: i % 2 ? 0.05 : 0.1 }));
    const controlBefore: number[] = [];
    for (const s of subs) {
      const first = await s.next();
      if (first.kind !== 'next' || !first.data) throw new Error(JSON.stringify(first));
      controlBefore.push(first.data.experimentResults.exposures[0]!.subjects);
    }
    const readsAt: number[] = [];
    const stopObserving = t.app.warehouse.queries.onQuery((q) => {
      if (q.family === 'results.metrics') readsAt.push(Date.now() - q.durationMs);
    });
    const log = observeWarehouseQueries(t);
    const noticesBefore = t.app.services.realtime.eventsNotifier.published();
    try {
      // Six posts at once (several flushes, each notifying): the first notice reads at once, the
      // others fall in that read or its window and share the one read that follows it.
      const at = Date.now();
      await Promise.all(Array.from({ length: 6 }, (_, i) => postSdkEvents(t, 'live', [exposureEvent('live_flag', `w${i}`, 'CONTROL', at + i)])));
      const latest = await Promise.all(subs.map((s) => s.next(5_000)));
      await new Promise((r) => setTimeout(r, INTERVAL_MS * 3));
      // 20 subscribers at two alphas and several notices: reads are shared (never one per
      // subscriber or per notice) and never two within one window.
      const notices = t.app.services.realtime.eventsNotifier.published() - noticesBefore;
      const reads = log.count('results.metrics');
      expect(notices).toBeGreaterThanOrEqual(1);
      expect(reads).toBeGreaterThanOrEqual(1);
      expect(reads).toBeLessThanOrEqual(notices);
      expect(reads).toBe(readsAt.length);
      for (let i = 1; i < readsAt.length; i++) expect(readsAt[i]! - readsAt[i - 1]!).toBeGreaterThanOrEqual(INTERVAL_MS - 50);
      // Every subscriber ends with the figures after all six posts.
      for (const [i, s] of subs.entries()) {
        while (s.pending()) latest[i] = await s.next();
        const item = latest[i]!;
        if (item.kind !== 'next' || !item.data) throw new Error(JSON.stringify(item));
        expect(item.data.experimentResults.exposures[0]!.subjects).toBe(controlBefore[i]! + 6);
      }
    } finally {
      log.stop();
      stopObserving();
      subs.forEach((s) => s.stop());
    }
  });

  it('serves each subscriber its analysis settings (method, correction, CUPED) from the shared read', async () => {
    const c = connect(t.token);
    const bayes = c.subscribe(LiveAnalysis, { ...vars(), analysis: { method: 'BAYESIAN' } });
    const fixed = c.subscribe(LiveAnalysis, { ...vars(), analysis: { method: 'FIXED', correction: 'HOLM' } });
    try {
      const [b, f] = [await bayes.next(), await fixed.next()];
      if (b.kind !== 'next' || !b.data || f.kind !== 'next' || !f.data) throw new Error(JSON.stringify([b, f]));
      expect(b.data.experimentResults.analysis).toEqual({ method: 'BAYESIAN', correction: 'NONE', cuped: false });
      expect(f.data.experimentResults.analysis).toEqual({ method: 'FIXED', correction: 'HOLM', cuped: false });
      expect(b.data.experimentResults.metrics[0]!.comparisons[0]!.relativePValue).toBeNull();
      expect(f.data.experimentResults.metrics[0]!.comparisons[0]!.chanceToWin).toBeNull();
    } finally {
      bayes.stop();
      fixed.stop();
    }
  });

  it('ends with UNAUTHENTICATED at the next event once its token is revoked mid-stream', async () => {
    const created = await t.executeOk(CreateTokenWithId, { input: { name: 'soon-revoked', grants: [{ environmentKey: 'live', role: 'VIEWER' }] } });
    const secret = created.createApiToken.token!;
    const sub = connect(secret).subscribe(LiveExperimentResultsDocument, vars());
    expect((await sub.next()).kind).toBe('next');
    const revoked = await t.executeOk(RevokeToken, { id: created.createApiToken.apiToken!.id });
    expect(revoked.revokeApiToken.errors).toEqual([]);
    await postSdkEvents(t, 'live', [exposureEvent('live_flag', 'after-revoke', 'CONTROL', Date.now())]);
    const item = await sub.next(5_000);
    expect(item.kind).toBe('next');
    expect(item.kind === 'next' && item.data).toBeFalsy();
    expect(item.kind === 'next' && item.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await sub.next()).kind).toBe('complete');
  });

  it('stops listening when the client unsubscribes (no listener per subscriber left behind)', async () => {
    const feed = t.app.services.realtime;
    await expect.poll(() => feed.results.watchedExperiments()).toBe(0);
    const c = connect(t.token);
    const subs = Array.from({ length: 5 }, () => c.subscribe(LiveExperimentResultsDocument, vars()));
    for (const s of subs) await s.next();
    expect(feed.results.watchedExperiments()).toBe(1);
    expect(feed.bus.listenerCount('eventsStored')).toBe(1);
    subs.forEach((s) => s.stop());
    await c.dispose();
    await expect.poll(() => feed.results.watchedExperiments()).toBe(0);
    expect(feed.bus.listenerCount('eventsStored')).toBe(0);
  });
});
