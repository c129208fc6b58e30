/**
 * Operations endpoints (issue 14, findings 2, 9, 10): /metrics only with its token or on its own
 * listener, labelled by environment id; /readyz reflecting recent write failures while /healthz
 * stays liveness; CORS only for allow-listed origins and never credentialed; CSRF prevention for
 * requests a browser sends without a preflight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const METRICS_TOKEN = 'metrics_0123456789abcdef';
const CONSOLE = 'https://console.example.com';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      LIFTGATE_METRICS_TOKEN: METRICS_TOKEN,
      LIFTGATE_CORS_ORIGINS: `${CONSOLE}, https://other.example.com`,
      LIFTGATE_READY_FAILURE_WINDOW_SECONDS: '2',
    },
  });
  await t.createEnvironments('ops-secret-key');
});

afterAll(async () => {
  await t?.stop();
});

const event = (name: string) => ({ event: name, identifier: 'u1', value: '1', traits: null, metadata: { sdk_version: '6.1.0' }, timestamp: Date.now() });

describe('/metrics', () => {
  it('is served on the main listener only with the metrics bearer token', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${t.token}` } })).status).toBe(401);
    const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('liftgate_ingest_requests_total');
  });

  it('is served on its own listener, which requires the token too when one is set', async () => {
    expect(t.app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(t.app.metricsUrl!).port).not.toBe(new URL(t.url).port);
    expect((await fetch(t.app.metricsUrl!)).status).toBe(401);
    expect((await fetch(t.app.metricsUrl!, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    // Nothing else is served there.
    expect((await fetch(t.app.metricsUrl!.replace('/metrics', '/graphql'), { method: 'POST' })).status).toBe(404);
  });

  it('labels events by environment id, never by the environment key (a credential)', async () => {
    expect((await t.postEvents('ops-secret-key', { events: [event('a'), event('b')] })).status).toBe(200);
    const text = await (await fetch(t.app.metricsUrl!, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const id = (await t.app.services.environments.findByKey('ops-secret-key'))!.id;
    expect(text).toContain(`liftgate_ingested_events_total{environment="${id}",outcome="accepted"} 2`);
    expect(text).not.toContain('ops-secret-key');
  });

  it('defaults: a loopback listener on 127.0.0.1:9464 and no token; `off` disables the listener', () => {
    const config = loadConfig({});
    expect(config.metricsListener).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(config.metricsToken).toBeUndefined();
    expect(loadConfig({ LIFTGATE_METRICS_ADDR: 'off' }).metricsListener).toBeNull();
    expect(loadConfig({ LIFTGATE_METRICS_ADDR: '[::1]:9000' }).metricsListener).toEqual({ host: '::1', port: 9000 });
    expect(() => loadConfig({ LIFTGATE_METRICS_ADDR: '9464' })).toThrow(/LIFTGATE_METRICS_ADDR/);
  });
});

describe('/readyz and /healthz', () => {
  it('/readyz is 503 while writes fail and for the window after, /healthz stays 200', async () => {
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', controlPlane: { ok: true }, warehouse: { ok: true }, lastWriteFailure: null });

    // The events table becomes unwritable: reads and pings still work, ingestion answers 503.
    await t.app.warehouse.client.command({ query: 'RENAME TABLE events TO events_readonly' });
    try {
      expect((await t.postEvents('ops-secret-key', { events: [event('lost')] })).status).toBe(503);
      const notReady = await fetch(`${t.url}/readyz`);
      expect(notReady.status).toBe(503);
      const body = await notReady.json();
      expect(body.status).toBe('not_ready');
      expect(body.warehouse.ok).toBe(true);
      expect(body.reasons.join(' ')).toMatch(/recent write failure/);
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    } finally {
      await t.app.warehouse.client.command({ query: 'RENAME TABLE events_readonly TO events' });
    }
    // Still within the window right after recovery; ready again once it has passed.
    expect((await fetch(`${t.url}/readyz`)).status).toBe(503);
    await new Promise((r) => setTimeout(r, 2_200));
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin, without credentials', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: CONSOLE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives other origins no CORS headers', async () => {
    for (const method of ['OPTIONS', 'POST']) {
      const res = await fetch(`${t.url}/graphql`, {
        method,
        headers: { origin: 'https://evil.example.net', 'content-type': 'application/json', 'access-control-request-method': 'POST' },
        ...(method === 'POST' ? { body: JSON.stringify({ query: '{ __typename }' }) } : {}),
      });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('refuses a credentialed wildcard or a wildcard mixed with origins in the configuration', () => {
    expect(() => loadConfig({ LIFTGATE_CORS_ORIGINS: `*,${CONSOLE}` })).toThrow(/LIFTGATE_CORS_ORIGINS/);
    expect(() => loadConfig({ LIFTGATE_CORS_ORIGINS: 'console.example.com' })).toThrow(/LIFTGATE_CORS_ORIGINS/);
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });
});

describe('CSRF prevention', () => {
  it('refuses GraphQL requests a browser sends without a preflight (GET, form posts) unless they carry the CSRF header', async () => {
    const q = encodeURIComponent('{ __typename }');
    const get = await fetch(`${t.url}/graphql?query=${q}`, { headers: { authorization: `Bearer ${t.token}` } });
    expect(get.status).toBe(403);
    expect(JSON.stringify(await get.json())).toMatch(/CSRF/);
    const form = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${t.token}` },
      body: `query=${q}`,
    });
    expect(form.status).toBe(403);
    const withHeader = await fetch(`${t.url}/graphql?query=${q}`, { headers: { 'x-graphql-csrf': '1' } });
    expect(withHeader.status).toBe(200);
    expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
    // JSON is always preflighted by browsers: allowed as before.
    expect((await t.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});
