/**
 * Issue 14, findings 4 (validation part) and 8: metric definitions are bounded at create (value
 * sizes, numeric ranges the warehouse can compare, control characters, attached metrics per
 * experiment), and an environment or token the caller cannot see answers exactly like an absent
 * one (same NOT_FOUND wording; node(id) is null, not a masked 500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHED_METRICS } from '../../src/domain/attachment/service.js';
import { MAX_DEFINITION_VALUE_CHARS, MAX_FILTER_VALUE_CHARS, MAX_FILTER_VALUES, MAX_FILTERS, MAX_NUMERIC_FILTER_VALUE } from '../../src/domain/metric/rules.js';
import { twoVariantExperiment } from '../fixtures/experiments.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const ENV = 'bounds';
const HIDDEN = 'bounds-hidden';
const CREATE_METRIC = `mutation($input: CreateMetricInput!) { createMetric(input: $input) { metric { id } errors { code message field } } }`;
const ATTACH = `mutation($input: AttachMetricInput!) { attachMetric(input: $input) { experimentMetric { role } errors { code message field } } }`;

const metricInput = (name: string, event: Record<string, unknown>) => ({
  input: { environmentKey: ENV, name, aggregation: 'SUM', definition: { event } },
});
async function createMetric(name: string, event: Record<string, unknown>) {
  const r = await t.gql(CREATE_METRIC, metricInput(name, event));
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createMetric as { metric: { id: string } | null; errors: { code: string; message: string; field: string[] }[] };
}
const filter = (operator: string, values: string[], property = 'traits.amount') => ({ event: 'purchase', filters: [{ property, operator, values }] });

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV, HIDDEN);
});

afterAll(async () => {
  await t?.stop();
});

describe('metric definitions are bounded at create (finding 4)', () => {
  it('numeric operators need a finite number the warehouse can compare exactly', async () => {
    for (const value of ['1e20', '-1e20', String(MAX_NUMERIC_FILTER_VALUE + 2), 'Infinity', '1e400']) {
      for (const op of ['GT', 'GTE', 'LT', 'LTE']) {
        const r = await createMetric(`num ${op} ${value}`, filter(op, [value]));
        expect(r.errors[0], `${op} ${value}`).toMatchObject({ code: 'VALIDATION', field: ['input', 'definition', 'event', 'filters', '0', 'values'] });
      }
    }
    for (const value of [String(MAX_NUMERIC_FILTER_VALUE), String(-MAX_NUMERIC_FILTER_VALUE), '1e-300', '99.5', '-0.25']) {
      expect((await createMetric(`num ok ${value}`, filter('GTE', [value]))).errors).toEqual([]);
    }
  });

  it('bounds the length of each filter value and of all values together', async () => {
    const long = 'x'.repeat(MAX_FILTER_VALUE_CHARS + 1);
    const one = await createMetric('long EQ', filter('EQ', [long], 'traits.plan'));
    expect(one.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'definition', 'event', 'filters', '0', 'values', '0'] });
    expect((await createMetric('long ok', filter('EQ', ['x'.repeat(MAX_FILTER_VALUE_CHARS)], 'traits.plan'))).errors).toEqual([]);
    // 10 MB in one value (as probed) is now refused by the /graphql body limit (10 MiB by default,
    // test/integration/input-bounds.test.ts); 9 MB still fits the body and reaches the domain rule.
    const huge = await createMetric('huge', filter('CONTAINS', ['y'.repeat(9 * 1024 * 1024)], 'traits.plan'));
    expect(huge.errors[0]?.code).toBe('VALIDATION');
    const count = Math.floor(MAX_DEFINITION_VALUE_CHARS / MAX_FILTER_VALUE_CHARS) + 1;
    const total = await createMetric('total', filter('IN', Array.from({ length: count }, (_, i) => `${i}`.padEnd(MAX_FILTER_VALUE_CHARS, '.')), 'traits.plan'));
    expect(total.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'definition', 'event', 'filters'] });
  });

  it('bounds filters per metric and values per IN filter', async () => {
    const many = Array.from({ length: MAX_FILTERS + 1 }, (_, i) => ({ property: `traits.p${i}`, operator: 'EXISTS', values: [] }));
    expect((await createMetric('many filters', { event: 'purchase', filters: many })).errors[0]).toMatchObject({
      code: 'VALIDATION',
      field: ['input', 'definition', 'event', 'filters'],
    });
    const values = Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => `v${i}`);
    expect((await createMetric('many values', filter('IN', values, 'traits.plan'))).errors[0]).toMatchObject({
      code: 'VALIDATION',
      field: ['input', 'definition', 'event', 'filters', '0', 'values'],
    });
    expect((await createMetric('max values', filter('IN', values.slice(1), 'traits.plan'))).errors).toEqual([]);
  });

  it('NUL and other control characters in a definition are VALIDATION, not a masked 500', async () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['nul event', { event: 'pur\0chase' }, ['input', 'definition', 'event', 'event']],
      ['ctl event', { event: 'pur\u0007chase' }, ['input', 'definition', 'event', 'event']],
      ['nul property', filter('EXISTS', [], 'traits.pl\0an'), ['input', 'definition', 'event', 'filters', '0', 'property']],
      ['nul value', filter('EQ', ['pr\0o'], 'traits.plan'), ['input', 'definition', 'event', 'filters', '0', 'values', '0']],
      ['esc value', filter('IN', ['ok', '\u001b[31m'], 'traits.plan'), ['input', 'definition', 'event', 'filters', '0', 'values', '1']],
    ];
    for (const [name, event, field] of cases) {
      const r = await t.gql(CREATE_METRIC, metricInput(name, event));
      expect(r.errors, name).toBeUndefined();
      expect(r.data.createMetric.errors[0], name).toMatchObject({ code: 'VALIDATION', field });
    }
  });

  it(`caps attached metrics per experiment at ${MAX_ATTACHED_METRICS}`, async () => {
    const created = await t.gql(`mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { experiment { id } errors { code } } }`, {
      input: twoVariantExperiment(ENV, 'capped'),
    });
    const experimentId = created.data.createExperiment.experiment.id as string;
    for (let i = 0; i <= MAX_ATTACHED_METRICS; i++) {
      const m = await createMetric(`attach ${i}`, { event: `e${i}` });
      const r = await t.gql(ATTACH, { input: { experimentId, metricId: m.metric!.id } });
      if (i < MAX_ATTACHED_METRICS) expect(r.data.attachMetric.errors, `metric ${i}`).toEqual([]);
      else {
        expect(r.data.attachMetric.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'metricId'] });
        expect(r.data.attachMetric.errors[0].message).toMatch(new RegExp(`${MAX_ATTACHED_METRICS}`));
      }
    }
    const count = await t.gql(`query($id: ID!) { node(id: $id) { ... on Experiment { metrics { role } } } }`, { id: experimentId });
    expect(count.data.node.metrics).toHaveLength(MAX_ATTACHED_METRICS);
  });
});

describe('an invisible environment or token answers like an absent one (finding 8)', () => {
  let editor: string;
  let admin: string;
  let hiddenEnvId: string;
  let otherTokenId: string;

  beforeAll(async () => {
    const mk = async (name: string, role: string, environmentKey = ENV) => {
      const r = await t.gql(
        `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } errors { code } } }`,
        { input: { name, grants: [{ environmentKey, role }] } },
      );
      return r.data.createApiToken as { token: string; apiToken: { id: string } };
    };
    editor = (await mk('bounds-editor', 'EDITOR')).token;
    const a = await mk('bounds-admin', 'ADMIN');
    admin = a.token;
    // A token of an environment the ADMIN does not administer (ADMINs see their environments' tokens).
    otherTokenId = (await mk('bounds-other', 'VIEWER', HIDDEN)).apiToken.id;
    const envs = await t.gql(`{ environments { id key } }`);
    hiddenEnvId = envs.data.environments.find((e: { key: string }) => e.key === HIDDEN).id;
  });

  /** The error for `key` with everything that names the key replaced, so wordings compare. */
  const wording = (e: { code: string; message: string; field?: string[] | null } | undefined, key: string) =>
    e && { code: e.code, message: e.message.replaceAll(key, '<key>'), field: e.field ?? null };

  it('trackEvents: one NOT_FOUND wording for a hidden and an absent environment', async () => {
    const q = `mutation($k: String!) { trackEvents(input: { environmentKey: $k, events: [{ event: "x" }] }) { accepted errors { code message field } } }`;
    const hidden = await t.gql(q, { k: HIDDEN }, { token: editor });
    const absent = await t.gql(q, { k: 'no-such-env' }, { token: editor });
    expect(hidden.data.trackEvents.errors[0].code).toBe('NOT_FOUND');
    expect(wording(hidden.data.trackEvents.errors[0], HIDDEN)).toEqual(wording(absent.data.trackEvents.errors[0], 'no-such-env'));
    // The environment key of another environment, too.
    const byKey = await t.gql(q, { k: HIDDEN }, { token: null, headers: { 'x-environment-key': ENV } });
    expect(wording(byKey.data.trackEvents.errors[0], HIDDEN)).toEqual(wording(absent.data.trackEvents.errors[0], 'no-such-env'));
  });

  it('createApiToken: one NOT_FOUND wording for a hidden and an absent environment', async () => {
    const q = `mutation($k: String!) { createApiToken(input: { name: "t", grants: [{ environmentKey: $k, role: VIEWER }] }) { token errors { code message field } } }`;
    const hidden = await t.gql(q, { k: HIDDEN }, { token: admin });
    const absent = await t.gql(q, { k: 'no-such-env' }, { token: admin });
    expect(hidden.data.createApiToken.errors[0].code).toBe('NOT_FOUND');
    expect(wording(hidden.data.createApiToken.errors[0], HIDDEN)).toEqual(wording(absent.data.createApiToken.errors[0], 'no-such-env'));
  });

  it('auditLog: one NOT_FOUND wording for a hidden and an absent environment', async () => {
    const q = `query($k: String!) { auditLog(environmentKey: $k, first: 1) { totalCount } }`;
    const hidden = await t.gql(q, { k: HIDDEN }, { token: admin });
    const absent = await t.gql(q, { k: 'no-such-env' }, { token: admin });
    const norm = (r: { errors?: any[] }, key: string) =>
      r.errors?.[0] && { code: r.errors[0].extensions?.code, message: r.errors[0].message.replaceAll(key, '<key>'), field: r.errors[0].extensions?.field ?? null };
    expect(norm(hidden, HIDDEN)?.code).toBe('NOT_FOUND');
    expect(norm(hidden, HIDDEN)).toEqual(norm(absent, 'no-such-env'));
  });

  it('node(id) of a hidden or absent Environment or ApiToken is null', async () => {
    const q = `query($id: ID!) { node(id: $id) { id } }`;
    const absentEnv = Buffer.from('Environment:00000000-0000-4000-8000-000000000000').toString('base64');
    const absentToken = Buffer.from('ApiToken:00000000-0000-4000-8000-000000000000').toString('base64');
    for (const id of [hiddenEnvId, absentEnv, otherTokenId, absentToken]) {
      const r = await t.gql(q, { id }, { token: admin });
      expect(r, id).toEqual({ data: { node: null } });
    }
    // Still found when visible.
    expect((await t.gql(q, { id: hiddenEnvId })).data.node).toEqual({ id: hiddenEnvId });
  });
});
