/**
 * Rules at the edges, through the real server: /v1/events status codes and per-event rejections,
 * authentication, roles, typed UserErrors with field paths, and masking of unexpected failures.
 */
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkEvent } from '../fixtures/sdk-events.js';
import { graphql } from '../generated/gql.js';
import type { CreateExperimentInput, CreateMetricInput, PropertyFilterInput } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { withWarehouseOffline } from '../helpers/warehouse.js';
import { twoVariantExperiment } from '../fixtures/experiments.js';

let t: TestApp;
const ENV = 'rules';
const OTHER = 'rules-other';
const now = Date.now();

const CREATE_EXPERIMENT = graphql(`mutation RulesCreateExperiment($input: CreateExperimentInput!) {
  createExperiment(input: $input) { experiment { id key resourceVersion status cohorts { index createdAt allocations { variant { key } split } } } errors { code message field } } }`);
const CREATE_METRIC = graphql(`mutation RulesCreateMetric($input: CreateMetricInput!) { createMetric(input: $input) { metric { id name } errors { code message field } } }`);
const START = graphql(`mutation RulesStart($input: TransitionInput!) { startExperiment(input: $input) { experiment { status resourceVersion startedAt } errors { code message field } } }`);
const ADD_COHORT = graphql(`mutation RulesAddCohort($input: AddCohortInput!) { addCohort(input: $input) { experiment { resourceVersion activeCohort { index } cohorts { index createdAt allocations { variant { key } split } } } errors { code message field } } }`);
const ATTACH = graphql(`mutation RulesAttach($input: AttachMetricInput!) { attachMetric(input: $input) { experimentMetric { role expectedDirection } errors { code message field } } }`);
const TRACK = graphql(`mutation RulesTrack($input: TrackEventsInput!) { trackEvents(input: $input) { accepted duplicates rejected { index reason } errors { code message } } }`);
const ENVIRONMENTS = graphql(`query RulesEnvironments { environments { key } }`);
const CREATE_TOKEN = graphql(`mutation RulesCreateToken($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token apiToken { name grants { role environment { key } } } errors { code } }
}`);
const VIEWER = graphql(`query RulesViewer { viewer { tokenName grants { role environment { key } } } environments { key } }`);
const ENVIRONMENT = graphql(`query RulesEnvironment($key: String!) { environment(key: $key) { key } }`);
const CREATE_ENVIRONMENT = graphql(`mutation RulesCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { environment { key } errors { code } } }`);
const EXPERIMENT_KEY = graphql(`query RulesExperimentKey($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { key } }`);
const EXPERIMENT_NODE = graphql(`query RulesExperimentNode($id: ID!) { node(id: $id) { ... on Experiment { key resourceVersion metrics { metric { name } } } } }`);
const RESULTS_ALPHA = graphql(`query RulesResultsAlpha($env: String!, $key: String!, $alpha: Float) { experiment(environmentKey: $env, key: $key) { results(alpha: $alpha) { alpha } } }`);
const RESULTS = graphql(`query RulesResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results { multipleExposures } } }`);

const experimentInput = (key: string, extra: Record<string, unknown> = {}) => twoVariantExperiment(ENV, key, extra);

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV, OTHER);
});

afterAll(async () => {
  await t?.stop();
});

describe('POST /v1/events', () => {
  const ok = { event: 'purchase', identifier: 'u1', value: '1', timestamp: now };

  it('rejects whole requests with a 4xx and a reason', async () => {
    expect((await t.postEvents(null, { events: [ok] })).status).toBe(401);
    expect((await t.postEvents('no-such-env', { events: [ok] })).status).toBe(401);
    const wrongType = await t.postEvents(ENV, JSON.stringify({ events: [ok] }), { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    const malformed = await t.postEvents(ENV, '{"events": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/malformed JSON/);
    expect((await t.postEvents(ENV, { event: 'x' })).status).toBe(400);
    expect((await t.postEvents(ENV, 'null')).status).toBe(400);
    const tooBig = await t.postEvents(ENV, JSON.stringify({ events: [{ ...ok, metadata: { pad: 'x'.repeat(6 * 1024 * 1024) } }] }));
    expect(tooBig.status).toBe(413);
    const get = await fetch(`${t.url}/v1/events`, { headers: { 'x-environment-key': ENV } });
    expect(get.status).toBe(405);
  });

  it('stores the valid events of a mixed batch and names each rejected one', async () => {
    const valid = [
      { ...ok, identifier: 'mixed-1' },
      sdkEvent('signup', { timestamp: now }), // every field as the SDK sends it
      { event: '$flag_exposure', feature_name: 'f', identifier: 'mixed-2', value: 'CONTROL', traits: { plan: 'pro' }, metadata: {}, timestamp: now },
    ];
    const body = {
      events: [
        valid[0],
        { identifier: 'no-event-name', timestamp: now },
        valid[1],
        { event: 'purchase', value: { nested: true } },
        { event: '$flag_exposure', identifier: 'x', value: 'A', feature_name: null },
        'not an object',
        { event: 'purchase', traits: 'plan=pro' },
        { event: 'purchase', timestamp: 'yesterday' },
        valid[2],
      ],
    };
    const res = await t.postEvents(ENV, body);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(3);
    expect(res.body.duplicates).toBe(0);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3, 4, 5, 6, 7]);
    const reasons = Object.fromEntries(res.body.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason]));
    expect(reasons[1]).toMatch(/^event:/);
    expect(reasons[3]).toMatch(/^value:/);
    expect(reasons[4]).toMatch(/^feature_name: is required for \$flag_exposure/);
    expect(reasons[5]).toMatch(/JSON object/);
    expect(reasons[6]).toMatch(/^traits:/);
    expect(reasons[7]).toMatch(/^timestamp:/);
    // Exactly the valid events were stored: sending them again finds every one already there.
    const again = await t.postEvents(ENV, { events: valid });
    expect(again.body).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
  });

  it('keeps identical events of one batch apart but deduplicates a resent batch', async () => {
    const same = { event: 'click', identifier: 'dup', value: '1', timestamp: now, metadata: { sdk_version: '6.1.0' } };
    const first = await t.postEvents(ENV, { events: [same, same] });
    expect(first.body).toMatchObject({ accepted: 2, duplicates: 0 });
    const resent = await t.postEvents(ENV, { events: [same, same] });
    expect(resent.body).toMatchObject({ accepted: 0, duplicates: 2 });
  });

  it('answers 503 with Retry-After while the warehouse fails, and the SDK-style resend then stores the batch once', async () => {
    const batch = { events: [{ ...ok, identifier: 'outage-1' }, { ...ok, identifier: 'outage-2' }] };
    await withWarehouseOffline(t, async () => {
      const down = await t.postEvents(ENV, batch);
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('5');
      expect(JSON.stringify(down.body)).not.toMatch(/events_offline|SELECT|INSERT/);
    });
    expect((await t.postEvents(ENV, batch)).body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect((await t.postEvents(ENV, batch)).body).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
  });
});

describe('authentication and roles', () => {
  it('answers UNAUTHENTICATED without a valid bearer token', async () => {
    for (const [token, message] of [[null, /authentication required/], ['wrong-token', /invalid or revoked/]] as const) {
      const r = await t.execute(ENVIRONMENTS, {}, { token });
      expect(r.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } });
    }
    const withKey = await t.execute(CREATE_METRIC, { input: { environmentKey: ENV, name: 'x', aggregation: 'COUNT', definition: { event: { event: 'x' } } } }, { token: null, headers: { 'x-environment-key': ENV } });
    expect(withKey.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets the environment key track events in its own environment only', async () => {
    const input = { environmentKey: ENV, events: [{ event: 'gql', identifier: 'k1', value: 2.5, timestamp: now }, { event: '' }] };
    const r = await t.execute(TRACK, { input }, { token: null, headers: { 'x-environment-key': ENV } });
    expect(r.data?.trackEvents).toEqual({ accepted: 1, duplicates: 0, rejected: [{ index: 1, reason: expect.stringMatching(/^event:/) }], errors: [] });
    const cross = await t.execute(TRACK, { input: { ...input, environmentKey: OTHER } }, { token: null, headers: { 'x-environment-key': ENV } });
    expect(cross.data?.trackEvents.errors[0]?.code).toBe('NOT_FOUND');
  });

  it('enforces roles per environment', async () => {
    const created = (await t.executeOk(CREATE_TOKEN, { input: { name: 'viewer', grants: [{ environmentKey: ENV, role: 'VIEWER' }] } })).createApiToken;
    const viewer = created.token!;
    expect(created.apiToken?.grants).toEqual([{ role: 'VIEWER', environment: { key: ENV } }]);
    const me = await t.execute(VIEWER, {}, { token: viewer });
    expect(me.data).toEqual({ viewer: { tokenName: 'viewer', grants: [{ role: 'VIEWER', environment: { key: ENV } }] }, environments: [{ key: ENV }] });
    const metric = (env: string) => ({ input: { environmentKey: env, name: 'm', aggregation: 'COUNT', definition: { event: { event: 'x' } } } as const });
    expect((await t.execute(CREATE_METRIC, metric(ENV), { token: viewer })).data?.createMetric.errors[0]?.code).toBe('FORBIDDEN');
    expect((await t.execute(CREATE_METRIC, metric(OTHER), { token: viewer })).data?.createMetric.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'environmentKey'] });
    expect((await t.execute(ENVIRONMENT, { key: OTHER }, { token: viewer })).data?.environment).toBeNull();
    const env = await t.execute(CREATE_ENVIRONMENT, { input: { name: 'n' } }, { token: viewer });
    expect(env.data?.createEnvironment.errors[0]?.code).toBe('FORBIDDEN');
    const token = await t.execute(CREATE_TOKEN, { input: { name: 'x', grants: [{ environmentKey: ENV, role: 'ADMIN' }] } }, { token: viewer });
    expect(token.data?.createApiToken).toEqual({ token: null, apiToken: null, errors: [{ code: 'FORBIDDEN' }] });
  });
});

describe('typed user errors', () => {
  it('validates experiments with the field path', async () => {
    const bad = async (input: CreateExperimentInput) => (await t.executeOk(CREATE_EXPERIMENT, { input })).createExperiment;
    expect((await bad(experimentInput('e1', { allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.4 }] }))).errors).toEqual([
      { code: 'VALIDATION', message: 'splits must sum to 1.000 (they sum to 0.900)', field: ['input', 'allocations'] },
    ]);
    const unknownVariant = await bad(experimentInput('e1', { allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'NOPE', split: 0.5 }] }));
    expect(unknownVariant.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'allocations', '1', 'variantKey'] });
    expect(unknownVariant.experiment).toBeNull();
    const twoControls = await bad(experimentInput('e1', { variants: [{ key: 'a', name: 'A', isControl: true }, { key: 'b', name: 'B', isControl: true }], allocations: null }));
    expect(twoControls.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'variants'] });
    expect((await bad(experimentInput('bad key!'))).errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'key'] });
    const precise = await bad(experimentInput('e1', { allocations: [{ variantKey: 'CONTROL', split: 0.3333 }, { variantKey: 'TREATMENT', split: 0.6667 }] }));
    expect(precise.errors.map((e) => e.field)).toEqual([
      ['input', 'allocations', '0', 'split'],
      ['input', 'allocations', '1', 'split'],
    ]);
    expect((await bad(experimentInput('e1'))).errors).toEqual([]);
    expect((await bad(experimentInput('E1'))).errors[0]).toMatchObject({ code: 'CONFLICT', field: ['input', 'key'] });
    expect((await t.execute(EXPERIMENT_KEY, { env: ENV, key: 'e1' })).data?.experiment?.key).toBe('E1');
  });

  it('validates metrics', async () => {
    const create = async (extra: Partial<CreateMetricInput>) =>
      (await t.executeOk(CREATE_METRIC, { input: { environmentKey: ENV, name: 'Revenue', aggregation: 'SUM', definition: { event: { event: 'purchase' } }, ...extra } })).createMetric;
    expect((await create({ aggregation: 'RATIO' })).errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'aggregation'] });
    expect((await create({ windowHours: 0 })).errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'windowHours'] });
    const filter = (f: PropertyFilterInput) => create({ definition: { event: { event: 'purchase', filters: [f] } } });
    expect((await filter({ property: 'traits.amount', operator: 'GT', values: ['lots'] })).errors[0]).toMatchObject({
      code: 'VALIDATION',
      field: ['input', 'definition', 'event', 'filters', '0', 'values'],
    });
    expect((await filter({ property: 'plan', operator: 'EQ', values: ['pro'] })).errors[0]?.field).toEqual(['input', 'definition', 'event', 'filters', '0', 'property']);
    expect((await filter({ property: 'traits.plan', operator: 'EXISTS', values: ['x'] })).errors[0]?.code).toBe('VALIDATION');
    expect((await create({})).errors).toEqual([]);
    expect((await create({})).errors[0]).toMatchObject({ code: 'CONFLICT', field: ['input', 'name'] });
    // Raw on purpose: both members of a @oneOf input, which the typed input cannot even express.
    const both = await t.gql(print(CREATE_METRIC), { input: { environmentKey: ENV, name: 'x', aggregation: 'SUM', definition: { event: { event: 'p' }, fact: { numerator: { factTableId: 'x', aggregation: 'SUM' } } } } });
    expect(both.errors?.[0]?.message).toMatch(/exactly one/i);
  });

  it('enforces versions, transitions and cohort sequencing', async () => {
    const created = (await t.executeOk(CREATE_EXPERIMENT, { input: experimentInput('life') })).createExperiment.experiment!;
    expect(created).toMatchObject({ resourceVersion: 1, status: 'DRAFT', cohorts: [{ index: 0 }] });
    const stale = await t.execute(START, { input: { experimentId: created.id, expectedResourceVersion: 7 } });
    expect(stale.data?.startExperiment).toMatchObject({ experiment: null, errors: [{ code: 'STALE_VERSION', field: ['input', 'expectedResourceVersion'] }] });

    const cohort = await t.executeOk(ADD_COHORT, { input: { experimentId: created.id, expectedResourceVersion: 1, allocations: [{ variantKey: 'CONTROL', split: 0.2 }, { variantKey: 'TREATMENT', split: 0.8 }] } });
    const exp = cohort.addCohort.experiment!;
    expect(exp.resourceVersion).toBe(2);
    expect(exp.activeCohort?.index).toBe(1);
    expect(exp.cohorts[0]).toEqual(created.cohorts[0]); // past cohorts keep their splits and createdAt
    expect(exp.cohorts[1]?.allocations).toEqual([{ variant: { key: 'CONTROL' }, split: 0.2 }, { variant: { key: 'TREATMENT' }, split: 0.8 }]);

    const started = await t.execute(START, { input: { experimentId: created.id, expectedResourceVersion: 2 } });
    expect(started.data?.startExperiment.experiment).toMatchObject({ status: 'ACTIVE', resourceVersion: 3 });
    const again = await t.execute(START, { input: { experimentId: created.id, expectedResourceVersion: 3 } });
    expect(again.data?.startExperiment.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringContaining('WINNER_DECLARED, ENDED') });

    const single = (await t.executeOk(CREATE_EXPERIMENT, { input: experimentInput('single', { variants: [{ key: 'only', name: 'Only', isControl: true }], allocations: [{ variantKey: 'ONLY', split: 1 }] }) })).createExperiment.experiment!;
    const notEnough = await t.execute(START, { input: { experimentId: single.id, expectedResourceVersion: 1 } });
    expect(notEnough.data?.startExperiment.errors[0]).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('at least 2 variants') });
    const bogusId = await t.execute(START, { input: { experimentId: 'bm9wZQ==', expectedResourceVersion: 1 } });
    expect(bogusId.data?.startExperiment.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'experimentId'] });
  });

  it('attaches a metric once, within its environment', async () => {
    const exp = (await t.executeOk(CREATE_EXPERIMENT, { input: experimentInput('attach') })).createExperiment.experiment!;
    const metric = (await t.executeOk(CREATE_METRIC, { input: { environmentKey: ENV, name: 'Clicks', aggregation: 'COUNT', definition: { event: { event: 'click' } } } })).createMetric.metric!;
    const foreign = (await t.executeOk(CREATE_METRIC, { input: { environmentKey: OTHER, name: 'Clicks', aggregation: 'COUNT', definition: { event: { event: 'click' } } } })).createMetric.metric!;
    const first = await t.execute(ATTACH, { input: { experimentId: exp.id, metricId: metric.id, role: 'GUARDRAIL', expectedDirection: 'NO_CHANGE' } });
    expect(first.data?.attachMetric).toEqual({ experimentMetric: { role: 'GUARDRAIL', expectedDirection: 'NO_CHANGE' }, errors: [] });
    expect((await t.execute(ATTACH, { input: { experimentId: exp.id, metricId: metric.id } })).data?.attachMetric.errors[0]?.code).toBe('CONFLICT');
    expect((await t.execute(ATTACH, { input: { experimentId: exp.id, metricId: foreign.id } })).data?.attachMetric.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'metricId'] });
    const node = await t.execute(EXPERIMENT_NODE, { id: exp.id });
    expect(node.data?.node).toEqual({ key: 'ATTACH', resourceVersion: 2, metrics: [{ metric: { name: 'Clicks' } }] });
  });

  it('rejects an alpha outside (0, 1) with a typed error', async () => {
    await t.execute(CREATE_EXPERIMENT, { input: experimentInput('alpha') });
    const r = await t.execute(RESULTS_ALPHA, { env: ENV, key: 'ALPHA', alpha: 2 });
    expect(r.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });
});

describe('unexpected failures', () => {
  it('are masked: no SQL or driver text reaches the client', async () => {
    await t.execute(CREATE_EXPERIMENT, { input: experimentInput('masked') });
    // A missing table is not an outage: the read fails unexpectedly and must be masked.
    await withWarehouseOffline(t, async () => {
      const r = await t.execute(RESULTS, { env: ENV, key: 'MASKED' });
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0]!.message).toBe('Unexpected error.');
      expect(JSON.stringify(r)).not.toMatch(/events|SELECT|stack|ClickHouse/i);
    }, 'missing');
  });
});
