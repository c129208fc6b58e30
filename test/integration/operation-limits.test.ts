/**
 * Issue 14, findings 1 and 5 (GraphQL half): the malicious-operation suite. Every operation
 * below was probed against the server before the limits: each either exhausted memory, ran for
 * seconds, or answered a masked 500. Now each is a 400 with `extensions.code: OPERATION_LIMIT`
 * (and `extensions.limit` naming which) before anything executes, and /healthz stays responsive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoVariantExperiment } from '../fixtures/experiments.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let viewer: string;
const ENV = 'limits';

interface Answer {
  status: number;
  ms: number;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
}

/** POSTs a raw body to /graphql and times the answer. */
async function post(body: unknown, token: string | null = viewer): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Answer['body'];
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { errors: [{ message: text }] };
  }
  return { status: res.status, ms: performance.now() - started, body: parsed };
}

const query = (q: string, token?: string | null) => post({ query: q }, token);

/** Asserts a fast 400 naming the limit, with nothing executed. */
function expectLimit(answer: Answer, limit: string) {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(400);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_LIMIT', limit });
  expect(answer.body.errors?.[0]?.message).not.toMatch(/Unexpected error/);
  expect(answer.ms).toBeLessThan(2_000);
}

/** experiment → metrics → metric → attachments → experiment, `cycles` times (the probe of finding 1). */
function cycle(cycles: number): string {
  let inner = 'key';
  for (let i = 0; i < cycles; i++) inner = `key metrics { metric { name attachments { experiment { ${inner} } } } }`;
  return `{ experiment(environmentKey: "${ENV}", key: "E0") { ${inner} } }`;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV);
  const token = await t.gql(
    `mutation { createApiToken(input: { name: "limits-viewer", grants: [{ environmentKey: "${ENV}", role: VIEWER }] }) { token } }`,
  );
  viewer = token.data.createApiToken.token;
  // Two experiments sharing two metrics: every cycle of the probe multiplies the rows.
  const metricIds: string[] = [];
  for (const name of ['m0', 'm1']) {
    const m = await t.gql(`mutation($input: CreateMetricInput!) { createMetric(input: $input) { metric { id } } }`, {
      input: { environmentKey: ENV, name, aggregation: 'COUNT', definition: { event: { event: name } } },
    });
    metricIds.push(m.data.createMetric.metric.id);
  }
  for (const key of ['E0', 'E1']) {
    const e = await t.gql(`mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { experiment { id } } }`, {
      input: twoVariantExperiment(ENV, key),
    });
    for (const metricId of metricIds) {
      await t.gql(`mutation($input: AttachMetricInput!) { attachMetric(input: $input) { errors { code } } }`, {
        input: { experimentId: e.data.createExperiment.experiment.id, metricId },
      });
    }
  }
});

afterAll(async () => {
  await t?.stop();
});

describe('operation limits (finding 1)', () => {
  it('admits an ordinary cycle-free read', async () => {
    const ok = await query(`{ experiment(environmentKey: "${ENV}", key: "E0") { key metrics { metric { name attachments { experiment { key } } } } } }`);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.experiment.metrics).toHaveLength(2);
  });

  it('rejects the experiment → metrics → attachments cycle (3 and 10 cycles) before executing', async () => {
    expectLimit(await query(cycle(3)), 'depth');
    expectLimit(await query(cycle(10)), 'depth');
  });

  it('rejects 1,000 aliases of results (by tokens: the document is too large already), and 16 by aliases', async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `r${i}: results { alpha }`).join(' ');
    expectLimit(await query(`{ experiment(environmentKey: "${ENV}", key: "E0") { ${aliases(1000)} } }`), 'tokens');
    expectLimit(await query(`{ experiment(environmentKey: "${ENV}", key: "E0") { ${aliases(16)} } }`), 'aliases');
    const cheap = Array.from({ length: 16 }, (_, i) => `k${i}: key`).join(' ');
    expectLimit(await query(`{ experiment(environmentKey: "${ENV}", key: "E0") { ${cheap} } }`), 'aliases');
  });

  it('rejects results of 100 experiments in one request by cost', async () => {
    const answer = await query(`{ environment(key: "${ENV}") { experiments(first: 100) { edges { node { key results { alpha metrics { verdict } } } } } } }`);
    expectLimit(answer, 'cost');
    expect(answer.body.errors![0]!.message).toMatch(/cost/i);
    // A default page of experiments with their results is admitted.
    const page = await query(`{ environment(key: "${ENV}") { experiments(first: 20) { edges { node { key results { alpha } } } } } }`);
    expect(page.body.errors).toBeUndefined();
  });

  it('prices a first argument on unbounded lists (Metric.attachments)', async () => {
    const wide = await query(`{ environment(key: "${ENV}") { metrics(first: 100) { edges { node { attachments(first: 100) { experiment { results { alpha } } } } } } } }`);
    expectLimit(wide, 'cost');
    const narrow = await query(`{ environment(key: "${ENV}") { metrics(first: 5) { edges { node { attachments(first: 2) { experiment { key } } } } } } }`);
    expect(narrow.body.errors).toBeUndefined();
    expect(narrow.body.data.environment.metrics.edges[0].node.attachments).toHaveLength(2);
    const tooMany = await query(`{ environment(key: "${ENV}") { metrics(first: 1) { edges { node { attachments(first: 100000) { role } } } } } }`);
    expect(tooMany.status).toBe(400);
  });

  it('rejects huge documents by tokens, fast', async () => {
    const keys = Array.from({ length: 200_000 }, () => 'key').join(' ');
    expectLimit(await query(`{ environments { ${keys} } }`), 'tokens');
  });

  it('rejects many directives', async () => {
    const on = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: key @include(if: true)`).join(' ');
    expectLimit(await query(`{ environments { ${on(11)} } }`), 'directives');
    expectLimit(await query(`{ environments { ${on(500)} } }`), 'tokens');
  });

  it('rejects batched requests (batching is off)', async () => {
    const batch = await post([{ query: '{ environments { key } }' }, { query: '{ environments { key } }' }]);
    expect(batch.status).toBeGreaterThanOrEqual(400);
    expect(batch.status).toBeLessThan(500);
  });

  it('hides field suggestions from callers without a valid token, not from token holders', async () => {
    const anonymous = await query(`{ environmnts { key } }`, null);
    expect(anonymous.body.errors![0]!.message).not.toMatch(/Did you mean/);
    const invalid = await query(`{ environmnts { key } }`, 'lg_not-a-real-token');
    expect(invalid.body.errors![0]!.message).not.toMatch(/Did you mean/);
    const holder = await query(`{ environmnts { key } }`);
    expect(holder.body.errors![0]!.message).toMatch(/Did you mean "environments"/);
  });

  it('keeps /healthz responsive while the probes are refused', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `r${i}: results { alpha }`).join(' ');
    const attacks = Array.from({ length: 4 }, (_, i) =>
      query(i % 2 ? cycle(10) : `{ experiment(environmentKey: "${ENV}", key: "E0") { ${aliases} } }`),
    );
    const started = performance.now();
    const health = await fetch(`${t.url}/healthz`);
    const healthMs = performance.now() - started;
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(1_000);
    for (const a of await Promise.all(attacks)) expect(a.status).toBe(400);
  });
});

describe('deep selections (finding 5, GraphQL half)', () => {
  const deep = (levels: number) => `{ ${'environments { '.repeat(levels)}key${' }'.repeat(levels)} }`;

  it('answers a 3,000-deep selection with a 400, with or without a token', async () => {
    for (const token of [null, 'lg_invalid', viewer]) {
      const answer = await query(deep(3000), token);
      expect(answer.status, `token ${token}`).toBe(400);
      expect(answer.body.errors![0]!.extensions?.code).toBe('OPERATION_LIMIT');
      expect(answer.ms).toBeLessThan(2_000);
    }
  });

  it('refuses a deep fragment defined before its operation (validated first) by depth', async () => {
    const answer = await query(`fragment Deep on Query { ${'environments { '.repeat(300)}key${' }'.repeat(300)} } { ...Deep }`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors![0]!.extensions).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'depth' });
  });

  it('answers depths between the limit and the token limit with the depth limit, without overflowing', async () => {
    for (const levels of [20, 100, 300]) {
      const answer = await query(deep(levels));
      expect(answer.status, `${levels} levels`).toBe(400);
      expect(answer.body.errors![0]!.extensions?.code).toBe('OPERATION_LIMIT');
    }
  });
});

describe('execution timeout', () => {
  it('stops an operation that runs longer than LIFTGATE_GRAPHQL_TIMEOUT_MS with OPERATION_TIMEOUT', async () => {
    await t.restart({ LIFTGATE_GRAPHQL_TIMEOUT_MS: '1' });
    try {
      const answer = await query(`{ environment(key: "${ENV}") { experiments(first: 20) { edges { node { key results { alpha metrics { verdict } } } } } } }`);
      expect(answer.body.errors?.[0]?.extensions?.code, JSON.stringify(answer.body)).toBe('OPERATION_TIMEOUT');
      expect(answer.body.errors![0]!.message).toMatch(/1 ms/);
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    } finally {
      await t.restart({});
    }
  });
});
