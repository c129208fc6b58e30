/**
 * Pins the cost of a request, counted on the real stores:
 * - warehouse: one `results.metrics` query per experiment per GraphQL request, however many
 *   `results` fields (any alpha, aliased), `ExperimentMetric.result` fields and metrics it asks
 *   for (the request's results loader batches them); counted by query_id prefix on the app's
 *   own @clickhouse/client instance;
 * - control plane: the SQL statements of `results`, of the metadata query (20 experiments) and of `assignSubject` (new and returning
 *   subject), counted on the Prisma driver adapter (src/db/query-channel.ts). These are today's
 *   numbers: a change that adds a statement per request shows up here and must update them knowingly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposureEvent, postSdkEvents, sdkEvent } from '../fixtures/sdk-events.js';
import { seed } from '../fixtures/seed.js';
import { graphql } from '../generated/gql.js';
import { observeControlPlaneQueries } from '../helpers/control-plane-queries.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { observeWarehouseQueries } from '../helpers/warehouse.js';
import { twoVariantExperiment } from '../fixtures/experiments.js';
import { changeExperiment } from '../fixtures/lifecycle.js';

let t: TestApp;
const ENV = 'counts';
const T0 = Date.now() - 3_600_000;
const METRICS = ['Revenue', 'Orders', 'Buyers', 'Order value'] as const;

const ONE_RESULTS = graphql(`
  query CountsOneResults($env: String!, $key: String!) {
    experiment(environmentKey: $env, key: $key) { results { multipleExposures metrics { variants { n } } } }
  }
`);

const MANY_RESULTS = graphql(`
  query CountsManyResults($env: String!, $key: String!) {
    experiment(environmentKey: $env, key: $key) {
      results { frozen exposures { subjects } metrics { metric { name } variants { n mean } } }
      strict: results(alpha: 0.01) { alpha metrics { comparisons { significant } } }
      loose: results(alpha: 0.2) { alpha sampleRatioMismatch { pValue } }
      metrics { role metric { name } result { verdict variants { sum } } again: result { comparisons { pValue } } }
    }
  }
`);

const TWO_EXPERIMENTS = graphql(`
  query CountsTwoExperiments($env: String!, $a: String!, $b: String!) {
    a: experiment(environmentKey: $env, key: $a) { results { metrics { verdict } } metrics { result { verdict } } }
    b: experiment(environmentKey: $env, key: $b) { results { metrics { verdict } } again: results(alpha: 0.1) { alpha } }
  }
`);

/** The metadata query of the control-plane bench (bench/control-plane.ts): 20 experiments with variants, cohort, winner. */
const METADATA = graphql(`
  query CountsMetadata($env: String!) {
    environment(key: $env) {
      experiments(first: 20, status: ACTIVE) {
        totalCount
        edges { node { id key name status resourceVersion featureName
          variants { key name isControl }
          activeCohort { index allocations { split variant { key } } }
          winningVariant { key } } }
      }
    }
  }
`);
const META_ENV = 'counts-meta';
const META_EXPERIMENTS = 20;

const ASSIGN = graphql(`
  mutation CountsAssign($input: AssignSubjectInput!) {
    assignSubject(input: $input) { assignment { subjectId reason variant { key } } errors { code message } }
  }
`);

beforeAll(async () => {
  // On PostgreSQL (`npm run test:postgres`) cached configuration also expires after 1 s by default;
  // counts must not depend on how fast the machine runs, so only a change invalidates here.
  t = await createTestApp({ env: { LIFTGATE_CONFIG_CACHE_MAX_AGE_MS: '600000' } });
  const first = seed(t).environment(ENV);
  for (const [i, name] of METRICS.entries()) {
    const aggregation = (['SUM', 'COUNT', 'OCCURRENCE', 'MEAN'] as const)[i]!;
    first.metric(name, { aggregation, event: 'purchase' }, { role: i === 0 ? 'PRIMARY' : 'SECONDARY' });
  }
  const seeded = await first.experiment(twoVariantExperiment(ENV, 'first', { featureName: 'checkout' })).start();
  await seed(t).in(ENV).attach(seeded.metricIds.Revenue!, { role: 'PRIMARY' })
    .experiment(twoVariantExperiment(ENV, 'second', { featureName: 'checkout' })).start();
  const events = [];
  for (let i = 0; i < 40; i++) {
    const id = `s${i}`;
    events.push(exposureEvent('checkout', id, i % 2 ? 'TREATMENT' : 'CONTROL', T0 + i));
    events.push(sdkEvent('purchase', { identifier: id, value: String(1 + (i % 5)), timestamp: T0 + i + 1_000 }));
  }
  await postSdkEvents(t, ENV, events);
  let meta = seed(t).environment(META_ENV);
  for (let i = 0; i < META_EXPERIMENTS; i++) {
    await meta.experiment(twoVariantExperiment(META_ENV, `meta-${i}`)).start();
    meta = seed(t).in(META_ENV);
  }
});

afterAll(() => t?.stop());

describe('warehouse queries per request', () => {
  it('one results.metrics query for one results field', async () => {
    const log = observeWarehouseQueries(t);
    try {
      const data = await t.executeOk(ONE_RESULTS, { env: ENV, key: 'first' });
      expect(data.experiment?.results?.metrics).toHaveLength(METRICS.length);
      expect(log.count('results.metrics')).toBe(1);
      expect(log.ids).toHaveLength(1);
    } finally {
      log.stop();
    }
  });

  it('still one per experiment for three aliased results, every ExperimentMetric.result twice and four metrics', async () => {
    const log = observeWarehouseQueries(t);
    try {
      const data = await t.executeOk(MANY_RESULTS, { env: ENV, key: 'first' });
      const experiment = data.experiment!;
      expect(experiment.metrics).toHaveLength(METRICS.length);
      expect(experiment.metrics.every((m) => m.result !== null && m.again !== null)).toBe(true);
      expect([experiment.strict?.alpha, experiment.loose?.alpha]).toEqual([0.01, 0.2]);
      expect(experiment.results?.exposures.map((e) => e.subjects)).toEqual([20, 20]);
      expect(log.count('results.metrics')).toBe(1);
      expect(log.ids).toHaveLength(1);
    } finally {
      log.stop();
    }
  });

  it('one per experiment when a request reads two experiments', async () => {
    const log = observeWarehouseQueries(t);
    try {
      const data = await t.executeOk(TWO_EXPERIMENTS, { env: ENV, a: 'first', b: 'second' });
      expect(data.a?.results?.metrics).toHaveLength(METRICS.length);
      expect(data.b?.results?.metrics).toHaveLength(1);
      expect(log.count('results.metrics')).toBe(2);
      expect(log.ids).toHaveLength(2);
    } finally {
      log.stop();
    }
  });

  it('a new request reads again (the loader lives for one request)', async () => {
    const log = observeWarehouseQueries(t);
    try {
      await t.executeOk(ONE_RESULTS, { env: ENV, key: 'first' });
      await t.executeOk(ONE_RESULTS, { env: ENV, key: 'first' });
      expect(log.count('results.metrics')).toBe(2);
    } finally {
      log.stop();
    }
  });
});

describe('control-plane statements per request', () => {
  /**
   * Statements of one request, without the bearer token's lookup: it is cached for 5 s
   * (AUTH_CACHE_MS) and re-read when a slow machine takes longer than that between requests.
   */
  async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
    const log = observeControlPlaneQueries();
    try {
      await fn();
      return log.statements.filter((sql) => !/FROM "public"."ApiToken(Grant)?"/.test(sql));
    } finally {
      log.stop();
    }
  }

  it('results', async () => {
    await t.executeOk(ONE_RESULTS, { env: ENV, key: 'first' }); // warm anything cached per process
    const one = await statementsOf(() => t.executeOk(ONE_RESULTS, { env: ENV, key: 'first' }));
    expect(one, one.join('\n')).toHaveLength(RESULTS_STATEMENTS);
    const many = await statementsOf(() => t.executeOk(MANY_RESULTS, { env: ENV, key: 'first' }));
    expect(many, many.join('\n')).toHaveLength(MANY_RESULTS_STATEMENTS);
  });

  it(`the metadata query: ${META_EXPERIMENTS} experiments with variants, active cohort and winner; cached until an experiment changes`, async () => {
    const first = await t.executeOk(METADATA, { env: META_ENV });
    const target = first.environment!.experiments.edges[0]!.node!;
    // A change (a new cohort) invalidates the environment's cached pages at once on this replica.
    const changed = await changeExperiment(t, 'addCohort', {
      experimentId: target.id,
      expectedResourceVersion: target.resourceVersion,
      allocations: [{ variantKey: 'CONTROL', split: 0.1 }, { variantKey: 'TREATMENT', split: 0.9 }],
    });
    expect(changed.errors).toEqual([]);
    const check = (data: typeof first) => {
      const page = data.environment?.experiments;
      expect(page?.totalCount).toBe(META_EXPERIMENTS);
      expect(page?.edges).toHaveLength(META_EXPERIMENTS);
      expect(page?.edges.every((e) => e.node?.variants.length === 2 && e.node.activeCohort?.allocations.length === 2)).toBe(true);
      const after = page?.edges.find((e) => e.node?.id === target.id)?.node;
      expect(after?.resourceVersion).toBe(target.resourceVersion + 1);
      expect(after?.activeCohort?.index).toBe(1);
      expect(after?.activeCohort?.allocations.map((a) => a.split)).toEqual([0.1, 0.9]);
    };
    const cold = await statementsOf(async () => check(await t.executeOk(METADATA, { env: META_ENV })));
    expect(cold, cold.join('\n')).toHaveLength(METADATA_STATEMENTS);
    const warm = await statementsOf(async () => check(await t.executeOk(METADATA, { env: META_ENV })));
    expect(warm, warm.join('\n')).toHaveLength(0);
  });

  it('assignSubject, for a new subject and for a returning one', async () => {
    const input = { environmentKey: ENV, experimentKey: 'first', subjectId: 'count-subject', trackExposure: false };
    await t.executeOk(ASSIGN, { input: { ...input, subjectId: 'warm-up' } });
    const fresh = await statementsOf(async () => {
      const data = await t.executeOk(ASSIGN, { input });
      expect(data.assignSubject.assignment?.reason).toBe('NEW');
    });
    expect(fresh, fresh.join('\n')).toHaveLength(ASSIGN_NEW_STATEMENTS);
    const returning = await statementsOf(async () => {
      const data = await t.executeOk(ASSIGN, { input });
      expect(data.assignSubject.assignment?.reason).toBe('STICKY');
    });
    expect(returning, returning.join('\n')).toHaveLength(ASSIGN_STICKY_STATEMENTS);
  });
});

// Today's numbers (PGlite and PostgreSQL alike; the bearer token and the environment are cached).
// One results field: experiment, then the readout plan (variants, latest cohort + its allocations,
// attached metrics + their Metric rows).
const RESULTS_STATEMENTS = 6;
// The request's results reader plans an experiment once however many results and
// ExperimentMetric.result fields ask (5 statements); + experiment, the ExperimentMetric list +
// its Metric rows, and the experiment again for the result fields' parent.
const MANY_RESULTS_STATEMENTS = 10;
// The metadata query, 20 experiments, after a change (cold): one statement per relation level, never per row — experiments,
// their variants (shared by variants/control/winningVariant), latest cohorts, their allocations,
// the allocations' variants — and the connection's totalCount. Warm: none (cached configuration).
const METADATA_STATEMENTS = 6;
// With the experiment's configuration cached (invalidated by the change feed): a new subject is
// one INSERT … ON CONFLICT DO NOTHING; a returning one comes from the assignment cache (stored
// assignments never change), so no statement at all.
const ASSIGN_NEW_STATEMENTS = 1;
const ASSIGN_STICKY_STATEMENTS = 0;
