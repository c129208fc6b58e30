/**
 * Protocol compliance (issue 13 item 6): graphql-http's server audits of the GraphQL-over-HTTP
 * spec against /graphql (all 61 pass today: a new failure or warning fails this test), and one
 * subscription received both by a GraphQL-over-SSE client (graphql-sse, distinct connections
 * mode) and by a graphql-ws client, from the same pushed update.
 */
import { serverAudits } from 'graphql-http';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposureEvent, postSdkEvents } from '../fixtures/sdk-events.js';
import { seed } from '../fixtures/seed.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { LIFTGATE_LIVE_RESULTS_INTERVAL_MS: '300' } });
  await seed(t)
    .environment('protocol')
    .metric('Purchases', { aggregation: 'COUNT', event: 'purchase' }, { role: 'PRIMARY' })
    .experiment({
      key: 'protocol-test', featureName: 'protocol_flag',
      variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment' }],
      allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }],
    })
    .start();
});

afterAll(async () => {
  await t?.stop();
});

describe('GraphQL over HTTP (graphql-http server audits)', () => {
  it('passes all 61 audits', async () => {
    // An API client: bearer token, and the CSRF header a non-browser client may always send.
    const fetchFn: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${t.token}`);
      headers.set('x-graphql-csrf', 'audit');
      return fetch(input, { ...init, headers });
    };
    const audits = serverAudits({ url: `${t.url}/graphql`, fetchFn });
    const results = [];
    for (const audit of audits) results.push(await audit.fn());
    const notOk = results.filter((r) => r.status !== 'ok').map((r) => `${r.status}: ${r.name} — ${'reason' in r ? r.reason : ''}`);
    expect(notOk).toEqual([]);
    expect(results).toHaveLength(61);
  });
});

describe('a subscription over SSE and over graphql-ws', () => {
  it('both clients receive the first result and the update pushed after events are posted', async () => {
    const query = 'subscription { experimentResults(environmentKey: "protocol", experimentKey: "protocol-test") { exposures { variant { key } subjects } } }';
    const sse = createSseClient({ url: `${t.url}/graphql`, headers: { authorization: `Bearer ${t.token}` } });
    const ws = createWsClient({ url: `${t.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${t.token}` } });
    const control = (r: any) => r?.data?.experimentResults?.exposures?.find((e: any) => e.variant.key === 'CONTROL')?.subjects as number | undefined;
    const sseIt = sse.iterate({ query });
    const wsIt = ws.iterate({ query });
    try {
      const [firstSse, firstWs] = await Promise.all([sseIt.next(), wsIt.next()]);
      expect(control(firstSse.value)).toBe(0);
      expect(control(firstWs.value)).toBe(0);

      await postSdkEvents(t, 'protocol', [exposureEvent('protocol_flag', 'p1', 'CONTROL', Date.now() - 30_000)]);
      const until = async (it: AsyncIterator<unknown>) => {
        for (;;) {
          const next = await it.next();
          if (next.done) throw new Error('subscription ended');
          if (control(next.value) === 1) return next.value;
        }
      };
      const [updateSse, updateWs] = await Promise.all([until(sseIt), until(wsIt)]);
      expect(updateSse).toEqual(updateWs);
    } finally {
      await sseIt.return?.();
      await wsIt.return?.();
      sse.dispose();
      await ws.dispose();
    }
  });
});
