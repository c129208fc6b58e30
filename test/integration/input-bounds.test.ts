/**
 * "Every input has bounds" (issue 14): the bounds of README "Input bounds", each through the real
 * server — just over the bound is refused with a typed error (payload `errors` with the field
 * path for mutations, `extensions.code` for request-level limits), and input at the bound passes.
 * The values are written out here as the README states them; one test checks the code agrees.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as eventBounds from '../../src/domain/event-bounds.js';
import * as experimentRules from '../../src/domain/experiment/rules.js';
import * as names from '../../src/domain/names.js';
import { loadConfig } from '../../src/config/env.js';
import * as paging from '../../src/graphql/paging.js';
import { CSRF_HEADER } from '../../src/http/browser.js';
import { twoVariantExperiment } from '../fixtures/experiments.js';
import { graphql } from '../generated/gql.js';
import type { CreateExperimentInput } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

// The bounds as documented (README "Input bounds").
const DESCRIPTION = 10_000;
const LINKS = 20;
const NAME = 200;
const URL_CHARS = 2_000;
const VARIANTS = 20;
const COHORTS = 100;
const EVENT_NAME = 200;
const TRAITS_DEPTH = 32;
const TRAITS_BYTES = 64 * 1024;
const PAGE = 100;
/** LIFTGATE_GRAPHQL_MAX_BODY_BYTES of this file's server: small enough to probe, large enough for every document here. */
const GRAPHQL_BODY = 1024 * 1024;

const CreateExperiment = graphql(`
  mutation BoundsCreateExperiment($input: CreateExperimentInput!) {
    createExperiment(input: $input) { experiment { id resourceVersion } errors { code message field } }
  }
`);
const UpdateExperiment = graphql(`
  mutation BoundsUpdateExperiment($input: UpdateExperimentInput!) {
    updateExperiment(input: $input) { experiment { id resourceVersion } errors { code message field } }
  }
`);
const AddCohort = graphql(`
  mutation BoundsAddCohort($input: AddCohortInput!) {
    addCohort(input: $input) { experiment { resourceVersion } errors { code message field } }
  }
`);
const StartExperiment = graphql(`
  mutation BoundsStartExperiment($input: TransitionInput!) {
    startExperiment(input: $input) { experiment { status } errors { code message field } }
  }
`);
const AssignSubject = graphql(`
  mutation BoundsAssignSubject($input: AssignSubjectInput!) {
    assignSubject(input: $input) { assignment { reason } errors { code message field } }
  }
`);
const CreateMetric = graphql(`
  mutation BoundsCreateMetric($input: CreateMetricInput!) {
    createMetric(input: $input) { metric { id } errors { code message field } }
  }
`);
const UpdateMetric = graphql(`
  mutation BoundsUpdateMetric($input: UpdateMetricInput!) {
    updateMetric(input: $input) { metric { id } errors { code message field } }
  }
`);
const ExperimentsPage = graphql(`
  query BoundsExperimentsPage($key: String!, $first: Int) {
    environment(key: $key) { experiments(first: $first) { edges { node { id } } } }
  }
`);
const MetricsPage = graphql(`
  query BoundsMetricsPage($key: String!, $last: Int) {
    environment(key: $key) { metrics(last: $last, before: "x") { edges { node { id } } } }
  }
`);
const AuditPage = graphql(`
  query BoundsAuditPage($key: String!, $first: Int) {
    auditLog(environmentKey: $key, first: $first) { edges { node { action } } }
  }
`);
const TokensPage = graphql(`
  query BoundsTokensPage($first: Int) {
    apiTokens(first: $first) { edges { node { name } } }
  }
`);

let t: TestApp;
const ENV = 'input-bounds';
let serial = 0;

const experiment = (extra: Partial<CreateExperimentInput> = {}) => twoVariantExperiment(ENV, `B${++serial}`, extra);
async function create(input: CreateExperimentInput) {
  return (await t.executeOk(CreateExperiment, { input })).createExperiment;
}
const links = (n: number, name = 'doc', url = 'https://example.com/doc') => Array.from({ length: n }, (_, i) => ({ name: `${name}`.slice(0, NAME) || `l${i}`, url }));
const variants = (n: number, description: string | null = null) =>
  Array.from({ length: n }, (_, i) => ({ key: `v${i}`, name: `Variant ${i}`, description, isControl: i === 0 }));
const nested = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: true };
  for (let d = 1; d < depth; d++) value = { n: value };
  return value;
};

beforeAll(async () => {
  t = await createTestApp({ env: { LIFTGATE_GRAPHQL_MAX_BODY_BYTES: String(GRAPHQL_BODY) } });
  await t.createEnvironments(ENV);
});

afterAll(async () => {
  await t?.stop();
});

describe('the documented bounds are the code\'s', () => {
  it('README values equal the rules\' constants', () => {
    expect(names.MAX_DESCRIPTION_LENGTH).toBe(DESCRIPTION);
    expect(names.MAX_NAME_LENGTH).toBe(NAME);
    expect(experimentRules.MAX_LINKS).toBe(LINKS);
    expect(experimentRules.MAX_URL_LENGTH).toBe(URL_CHARS);
    expect(experimentRules.MAX_VARIANTS).toBe(VARIANTS);
    expect(experimentRules.MAX_COHORTS).toBe(COHORTS);
    expect(eventBounds.MAX_EVENT_NAME_LENGTH).toBe(EVENT_NAME);
    expect(eventBounds.MAX_JSON_DEPTH).toBe(TRAITS_DEPTH);
    expect(eventBounds.MAX_JSON_BYTES).toBe(TRAITS_BYTES);
    expect(paging.MAX_PAGE).toBe(PAGE);
  });

  it('LIFTGATE_GRAPHQL_MAX_BODY_BYTES defaults to twice the /v1/events body limit', () => {
    expect(loadConfig({}).graphqlMaxBodyBytes).toBe(2 * 5 * 1024 * 1024);
    expect(loadConfig({ LIFTGATE_MAX_BODY_BYTES: '1000000' }).graphqlMaxBodyBytes).toBe(2_000_000);
    expect(loadConfig({ LIFTGATE_GRAPHQL_MAX_BODY_BYTES: '4096' }).graphqlMaxBodyBytes).toBe(4096);
  });
});

describe('experiment inputs', () => {
  it('accepts every experiment field at its bound', async () => {
    const r = await create(
      experiment({
        description: 'd'.repeat(DESCRIPTION),
        hypothesis: 'h'.repeat(DESCRIPTION),
        links: links(LINKS, 'n'.repeat(NAME), `https://example.com/${'p'.repeat(URL_CHARS - 20)}`),
        featureName: 'f'.repeat(EVENT_NAME),
        exposureEvent: 'e'.repeat(EVENT_NAME),
        variants: variants(VARIANTS, 'v'.repeat(DESCRIPTION)),
        allocations: [{ variantKey: 'v0', split: 0.5 }, { variantKey: 'v1', split: 0.5 }],
      }),
    );
    expect(r.errors).toEqual([]);
    expect(r.experiment).not.toBeNull();
  });

  it('refuses description and hypothesis over 10,000 characters, at create and update', async () => {
    for (const field of ['description', 'hypothesis'] as const) {
      const r = await create(experiment({ [field]: 'x'.repeat(DESCRIPTION + 1) }));
      expect(r.errors[0], field).toMatchObject({ code: 'VALIDATION', field: ['input', field] });
    }
    const { experiment: exp } = await create(experiment());
    for (const field of ['description', 'hypothesis'] as const) {
      const over = await t.executeOk(UpdateExperiment, { input: { id: exp!.id, expectedResourceVersion: exp!.resourceVersion, [field]: 'x'.repeat(DESCRIPTION + 1) } });
      expect(over.updateExperiment.errors[0], field).toMatchObject({ code: 'VALIDATION', field: ['input', field] });
    }
    const ok = await t.executeOk(UpdateExperiment, { input: { id: exp!.id, expectedResourceVersion: exp!.resourceVersion, description: 'x'.repeat(DESCRIPTION) } });
    expect(ok.updateExperiment.errors).toEqual([]);
  });

  it('bounds links: count, name, URL length and scheme', async () => {
    const cases: [CreateExperimentInput['links'], string[], RegExp][] = [
      [links(LINKS + 1), ['input', 'links'], /at most 20 links/],
      [[{ name: 'n'.repeat(NAME + 1), url: 'https://example.com' }], ['input', 'links', '0', 'name'], /1–200/],
      [[{ name: ' ', url: 'https://example.com' }], ['input', 'links', '0', 'name'], /1–200/],
      [[{ name: 'doc', url: `https://example.com/${'p'.repeat(URL_CHARS)}` }], ['input', 'links', '0', 'url'], /at most 2000/],
      [[{ name: 'doc', url: 'javascript:alert(1)' }], ['input', 'links', '0', 'url'], /http or https/],
      [[{ name: 'doc', url: 'ftp://example.com/x' }], ['input', 'links', '0', 'url'], /http or https/],
    ];
    for (const [value, field, message] of cases) {
      const r = await create(experiment({ links: value }));
      expect(r.errors[0], JSON.stringify(value).slice(0, 80)).toMatchObject({ code: 'VALIDATION', field });
      expect(r.errors[0]!.message).toMatch(message);
    }
    const { experiment: exp } = await create(experiment());
    const update = await t.executeOk(UpdateExperiment, { input: { id: exp!.id, expectedResourceVersion: exp!.resourceVersion, links: links(LINKS + 1) } });
    expect(update.updateExperiment.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'links'] });
  });

  it('bounds variants per experiment and variant descriptions', async () => {
    const many = await create(experiment({ variants: variants(VARIANTS + 1), allocations: null }));
    expect(many.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'variants'] });
    const long = await create(experiment({ variants: variants(2, 'x'.repeat(DESCRIPTION + 1)), allocations: null }));
    expect(long.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'variants', '0', 'description'] });
    const { experiment: exp } = await create(experiment({ allocations: null }));
    const update = await t.executeOk(UpdateExperiment, { input: { id: exp!.id, expectedResourceVersion: exp!.resourceVersion, variants: variants(VARIANTS + 1) } });
    expect(update.updateExperiment.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'variants'] });
    const atBound = await t.executeOk(UpdateExperiment, { input: { id: exp!.id, expectedResourceVersion: exp!.resourceVersion, variants: variants(VARIANTS) } });
    expect(atBound.updateExperiment.errors).toEqual([]);
  });

  it('featureName and exposureEvent follow the ingestion rules for feature_name and event', async () => {
    for (const field of ['featureName', 'exposureEvent'] as const) {
      for (const value of ['x'.repeat(EVENT_NAME + 1), 'flag\0x', 'flag\nx', 'flag\u0085x', ' ']) {
        const r = await create(experiment({ [field]: value }));
        expect(r.errors[0], `${field} ${JSON.stringify(value).slice(0, 20)}`).toMatchObject({ code: 'VALIDATION', field: ['input', field] });
      }
    }
  });

  it('an experiment has at most 100 cohorts', async () => {
    const { experiment: exp } = await create(experiment());
    let version = exp!.resourceVersion;
    const allocations = [{ variantKey: 'control', split: 0.5 }, { variantKey: 'treatment', split: 0.5 }];
    for (let cohort = 1; cohort < COHORTS; cohort++) {
      const r = await t.executeOk(AddCohort, { input: { experimentId: exp!.id, expectedResourceVersion: version, allocations } });
      expect(r.addCohort.errors, `cohort ${cohort}`).toEqual([]);
      version = r.addCohort.experiment!.resourceVersion;
    }
    const over = await t.executeOk(AddCohort, { input: { experimentId: exp!.id, expectedResourceVersion: version, allocations } });
    expect(over.addCohort.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'allocations'] });
    expect(over.addCohort.errors[0]!.message).toMatch(/at most 100 cohorts/);
  });
});

describe('metric and assignment inputs', () => {
  it('metric descriptions are at most 10,000 characters, at create and update', async () => {
    const input = (name: string, description: string) => ({
      environmentKey: ENV, name, description, aggregation: 'COUNT' as const, definition: { event: { event: 'purchase' } },
    });
    const over = await t.executeOk(CreateMetric, { input: input('long', 'x'.repeat(DESCRIPTION + 1)) });
    expect(over.createMetric.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'description'] });
    const ok = await t.executeOk(CreateMetric, { input: input('at bound', 'x'.repeat(DESCRIPTION)) });
    expect(ok.createMetric.errors).toEqual([]);
    const update = await t.executeOk(UpdateMetric, { input: { id: ok.createMetric.metric!.id, description: 'x'.repeat(DESCRIPTION + 1) } });
    expect(update.updateMetric.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'description'] });
  });

  it('assignSubject traits nest at most 32 levels and serialise to at most 64 KiB', async () => {
    const { experiment: exp } = await create(experiment());
    expect((await t.executeOk(StartExperiment, { input: { experimentId: exp!.id, expectedResourceVersion: exp!.resourceVersion } })).startExperiment.errors).toEqual([]);
    const assign = (subjectId: string, traits: unknown) =>
      t.executeOk(AssignSubject, { input: { environmentKey: ENV, experimentKey: `B${serial}`, subjectId, traits, trackExposure: false } });
    // {"a":"…"} is the string plus 8 bytes of JSON.
    const cases: [string, unknown, boolean][] = [
      ['deep ok', nested(TRAITS_DEPTH), true],
      ['too deep', nested(TRAITS_DEPTH + 1), false],
      ['1000 deep', nested(1000), false],
      ['size ok', { a: 'x'.repeat(TRAITS_BYTES - 8) }, true],
      ['too large', { a: 'x'.repeat(TRAITS_BYTES - 7) }, false],
    ];
    for (const [subject, traits, ok] of cases) {
      const r = (await assign(subject, traits)).assignSubject;
      if (ok) expect(r.errors, subject).toEqual([]);
      else expect(r.errors[0], subject).toMatchObject({ code: 'VALIDATION', field: ['input', 'traits'] });
      // A refused call places no one.
      expect(r.assignment === null, subject).toBe(!ok);
    }
  });
});

describe('connections page at most 100 items', () => {
  it('first/last over 100 is BAD_USER_INPUT on every connection; 100 is fine', async () => {
    const over = [
      await t.execute(ExperimentsPage, { key: ENV, first: PAGE + 1 }),
      await t.execute(MetricsPage, { key: ENV, last: PAGE + 1 }),
      await t.execute(AuditPage, { key: ENV, first: PAGE + 1 }),
      await t.execute(TokensPage, { first: PAGE + 1 }),
    ];
    for (const r of over) {
      expect(r.errors?.[0]?.extensions, JSON.stringify(r)).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(r.errors?.[0]?.message).toMatch(/must be between 0 and 100/);
    }
    expect((await t.execute(ExperimentsPage, { key: ENV, first: PAGE })).errors).toBeUndefined();
    expect((await t.execute(AuditPage, { key: ENV, first: PAGE })).errors).toBeUndefined();
    expect((await t.execute(TokensPage, { first: PAGE })).errors).toBeUndefined();
  });
});

/** A raw request through node:http; `chunks` are written one by one (chunked without a length). */
function raw(options: { method: string; path: string; headers?: Record<string, string | number>; chunks?: Buffer[] }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const url = new URL(t.url);
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: options.method, path: options.path, headers: { authorization: `Bearer ${t.token}`, ...options.headers } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

/** A valid JSON body of exactly `bytes` bytes: `{ __typename }` padded with spaces. */
function bodyOf(bytes: number): Buffer {
  const json = '{"query":"{ __typename }"}';
  return Buffer.from(json.slice(0, -1) + ' '.repeat(bytes - json.length) + '}');
}
const json = { 'content-type': 'application/json' };

describe('POST /graphql body limit (LIFTGATE_GRAPHQL_MAX_BODY_BYTES)', () => {
  it('a body at the limit is served', async () => {
    const body = bodyOf(GRAPHQL_BODY);
    const r = await raw({ method: 'POST', path: '/graphql', headers: { ...json, 'content-length': body.length }, chunks: [body] });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ data: { __typename: 'Query' } });
  });

  it('a declared Content-Length over the limit is 413 PAYLOAD_TOO_LARGE, read to the end first', async () => {
    // The whole body is written before the answer is read, as Python's urllib does.
    const body = bodyOf(GRAPHQL_BODY + 1);
    const r = await raw({ method: 'POST', path: '/graphql', headers: { ...json, 'content-length': body.length }, chunks: [body] });
    expect(r.status).toBe(413);
    const answer = JSON.parse(r.body);
    expect(answer.errors[0]).toMatchObject({ message: `request body exceeds ${GRAPHQL_BODY} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(answer.errors[0].extensions.http).toBeUndefined();
  });

  it('a chunked body that outgrows the limit while read is 413 PAYLOAD_TOO_LARGE', async () => {
    const body = bodyOf(3 * GRAPHQL_BODY);
    const chunks = Array.from({ length: 12 }, (_, i) => body.subarray((i * body.length) / 12, ((i + 1) * body.length) / 12));
    const r = await raw({ method: 'POST', path: '/graphql', headers: json, chunks });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE' });
    // The connection is still usable: the client read its answer after sending everything.
    const again = await raw({ method: 'POST', path: '/graphql', headers: json, chunks: [bodyOf(1000)] });
    expect(again.status).toBe(200);
  });

  it('GET query strings are bounded by Node\'s 16 KiB header limit (431)', async () => {
    const r = await raw({ method: 'GET', path: `/graphql?query=${encodeURIComponent('{ __typename }')}&pad=${'x'.repeat(17 * 1024)}` });
    expect(r.status).toBe(431);
    const ok = await raw({ method: 'GET', path: `/graphql?query=${encodeURIComponent('{ __typename }')}&pad=${'x'.repeat(8 * 1024)}`, headers: { accept: 'application/json', [CSRF_HEADER]: '1' } });
    expect(ok.status).toBe(200);
  });
});
