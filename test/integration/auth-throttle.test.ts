/**
 * Browser-facing defaults without configuration (issue 14, finding 10): no CORS headers for any
 * origin, and failed-authentication throttling per client IP on /graphql and /v1/events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const MAX_FAILURES = 5;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { LIFTGATE_AUTH_FAILURES_PER_WINDOW: String(MAX_FAILURES), LIFTGATE_AUTH_FAILURE_WINDOW_SECONDS: '60' } });
  await t.createEnvironments('throttle');
});

afterAll(async () => {
  await t?.stop();
});

describe('CORS by default', () => {
  it('sends no CORS headers to any origin (same-origin only)', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://anywhere.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('failed-authentication throttling', () => {
  it(`answers 429 on /v1/events after ${MAX_FAILURES} unknown environment keys from one client, valid keys included`, async () => {
    for (let i = 0; i < MAX_FAILURES; i++) expect((await t.postEvents(`guess-${i}`, { events: [] })).status).toBe(401);
    const res = await t.postEvents('throttle', { events: [] });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it(`answers 429 RATE_LIMITED on /graphql after ${MAX_FAILURES} invalid bearer tokens from one client, valid credentials included`, async () => {
    await t.restart(); // a fresh process forgets the failures above (the limiter is in memory)
    expect((await t.postEvents('throttle', { events: [] })).status).toBe(200);
    const viewer = '{ viewer { tokenName } }';
    for (let i = 0; i < MAX_FAILURES; i++) {
      const bad = await t.gql(viewer, {}, { token: `lg_guess_${i}` });
      expect(bad.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
      body: JSON.stringify({ query: viewer }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(body.data ?? null).toBeNull();

    // The environment key path is throttled for the same client too.
    expect((await t.postEvents('throttle', { events: [] })).status).toBe(429);
    // Requests without credentials are not authentication attempts.
    expect((await t.gql('{ __typename }', {}, { token: null })).data).toEqual({ __typename: 'Query' });
  });
});
