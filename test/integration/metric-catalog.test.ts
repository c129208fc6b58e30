/**
 * The metric catalog through GraphQL on the real stores: create (every EVENT aggregation, every
 * filter operator, window, polarity, status, monitoring), filter arity per operator, update of
 * the mutable fields only, soft delete and its CONFLICT while attached to a live experiment,
 * names unique among non-deleted metrics (also under concurrency), the paginated and filterable
 * Environment.metrics, Metric.attachments, node(id), attach/detach rules, roles, and the audit
 * entries of every change.
 */
import type { ResultOf } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaClient } from '../../src/db/prisma-ref.js';
import { changeExperiment } from '../fixtures/lifecycle.js';
import { CreateExperiment } from '../fixtures/operations.js';
import { createToken } from '../fixtures/tokens.js';
import { graphql } from '../generated/gql.js';
import type { AttachMetricInput, CreateMetricInput, FilterOperator, MetricStatus, PropertyFilterInput, Role } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const ENV = 'catalog';
const OTHER = 'catalog-other';

graphql(`fragment CatalogMetric on Metric {
  id name description kind aggregation polarity status windowHours createdAt
  monitoring { enabled interval sensitivity }
  definition { ... on EventMetricDefinition { event filters { property operator values } } }
}`);
const CREATE = graphql(`mutation CatalogCreate($input: CreateMetricInput!) { createMetric(input: $input) { metric { ...CatalogMetric } errors { code message field } } }`);
const UPDATE = graphql(`mutation CatalogUpdate($input: UpdateMetricInput!) { updateMetric(input: $input) { metric { ...CatalogMetric } errors { code message field } } }`);
const DELETE = graphql(`mutation CatalogDelete($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message field } } }`);
const ATTACH = graphql(`mutation CatalogAttach($input: AttachMetricInput!) { attachMetric(input: $input) {
  experimentMetric { role expectedDirection metric { name } experiment { key resourceVersion } } errors { code message field } } }`);
const DETACH = graphql(`mutation CatalogDetach($input: DetachMetricInput!) { detachMetric(input: $input) {
  experiment { id key resourceVersion metrics { metric { name } } } errors { code message field } } }`);
const LIST = graphql(`query CatalogList($env: String!, $status: MetricStatus, $first: Int, $after: String) {
  environment(key: $env) { metrics(status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name status } } } } }`);
type MetricPage = NonNullable<ResultOf<typeof LIST>['environment']>['metrics'];
const AUDIT = graphql(`query CatalogAudit($env: String!, $entity: ID) { auditLog(environmentKey: $env, entityId: $entity) {
  edges { node { entityType entityId action before after actorName } } } }`);
const NODE_ID = graphql(`query CatalogNodeId($id: ID!) { node(id: $id) { id } }`);
const VERSION = graphql(`query CatalogVersion($id: ID!) { node(id: $id) { ... on Experiment { resourceVersion } } }`);
const EXPERIMENT_METRICS = graphql(`query CatalogExperimentMetrics($id: ID!) { node(id: $id) { ... on Experiment { metrics { metric { name status } } } } }`);
const METRIC_ATTACHMENTS = graphql(`query CatalogMetricAttachments($id: ID!) {
  node(id: $id) { ... on Metric { name attachments { role expectedDirection experiment { key } metric { name } } } }
}`);

const eventMetric = (name: string, extra: Partial<CreateMetricInput> = {}): CreateMetricInput => ({
  environmentKey: ENV, name, aggregation: 'COUNT', definition: { event: { event: 'purchase' } }, ...extra,
});

async function createMetric(input: CreateMetricInput, token?: string) {
  const r = await t.execute(CREATE, { input }, token ? { token } : undefined);
  expect(r.errors).toBeUndefined();
  return r.data!.createMetric;
}

async function metricId(name: string, extra: Partial<CreateMetricInput> = {}): Promise<string> {
  const r = await createMetric(eventMetric(name, extra));
  expect(r.errors).toEqual([]);
  return r.metric!.id;
}

let experimentCount = 0;
async function experiment(env = ENV): Promise<{ id: string; key: string }> {
  const key = `exp-${++experimentCount}`;
  const r = await t.execute(CreateExperiment, {
    input: {
      environmentKey: env, key, name: key, featureName: `flag_${key}`,
      variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment' }],
      allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }],
    },
  });
  expect(r.data?.createExperiment.errors).toEqual([]);
  return { id: r.data!.createExperiment.experiment!.id, key: key.toUpperCase() };
}

async function version(experimentId: string): Promise<number> {
  const node = (await t.executeOk(VERSION, { id: experimentId })).node;
  return node && 'resourceVersion' in node ? node.resourceVersion : Number.NaN;
}

async function transition(mutation: 'startExperiment' | 'endExperiment' | 'archiveExperiment', experimentId: string) {
  const input = { experimentId, expectedResourceVersion: await version(experimentId) };
  const r = mutation === 'endExperiment'
    ? await changeExperiment(t, mutation, { ...input, reason: 'SUCCESS' })
    : await changeExperiment(t, mutation, input);
  expect(r.errors).toEqual([]);
}

const attach = (experimentId: string, metricId: string, extra: Partial<AttachMetricInput> = {}) =>
  t.executeOk(ATTACH, { input: { experimentId, metricId, ...extra } }).then((r) => r.attachMetric);
const detach = (experimentId: string, metricId: string) => t.executeOk(DETACH, { input: { experimentId, metricId } }).then((r) => r.detachMetric);
const del = (id: string, token?: string) => t.executeOk(DELETE, { id }, token ? { token } : undefined).then((r) => r.deleteMetric);

const token = (role: Role, env = ENV) => createToken(t, `${role.toLowerCase()}-${env}`, env, role);

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV, OTHER);
});

afterAll(async () => {
  await t?.stop();
});

describe('createMetric', () => {
  it('stores every EVENT aggregation with filters of every operator, window, polarity, status and monitoring', async () => {
    const filters = [
      { property: 'traits.plan', operator: 'EQ', values: ['pro'] },
      { property: 'traits.plan', operator: 'NEQ', values: ['free'] },
      { property: 'traits.country', operator: 'IN', values: ['FR', 'DE'] },
      { property: 'traits.country', operator: 'NOT_IN', values: ['US'] },
      { property: 'metadata.amount', operator: 'GT', values: ['1'] },
      { property: 'metadata.amount', operator: 'GTE', values: ['2.5'] },
      { property: 'metadata.amount', operator: 'LT', values: ['-3'] },
      { property: 'metadata.amount', operator: 'LTE', values: ['1e3'] },
      { property: 'metadata.source', operator: 'CONTAINS', values: ['mail'] },
      { property: 'traits.coupon', operator: 'EXISTS', values: [] },
    ] satisfies PropertyFilterInput[];
    for (const aggregation of ['COUNT', 'SUM', 'MEAN', 'OCCURRENCE'] as const) {
      const r = await createMetric({
        environmentKey: ENV, name: `All operators ${aggregation}`, description: 'every operator', aggregation,
        polarity: 'LOWER_IS_BETTER', status: 'DRAFT', windowHours: 48,
        definition: { event: { event: ' purchase ', filters } },
        monitoring: { enabled: true, interval: 'HOUR', sensitivity: 2.5 },
      });
      expect(r.errors).toEqual([]);
      expect(r.metric).toMatchObject({
        name: `All operators ${aggregation}`, description: 'every operator', kind: 'EVENT', aggregation,
        polarity: 'LOWER_IS_BETTER', status: 'DRAFT', windowHours: 48,
        monitoring: { enabled: true, interval: 'HOUR', sensitivity: 2.5 },
        definition: { event: 'purchase', filters },
      });
    }
    const defaults = await createMetric(eventMetric('Defaults'));
    expect(defaults.metric).toMatchObject({
      polarity: 'HIGHER_IS_BETTER', status: 'ACTIVE', windowHours: null, description: null,
      monitoring: { enabled: false, interval: 'DAY', sensitivity: 3.5 }, definition: { event: 'purchase', filters: [] },
    });
  });

  it('checks that each filter\'s values fit its operator', async () => {
    const attempt = async (operator: FilterOperator, values: string[]) =>
      (await createMetric(eventMetric(`arity ${operator} ${values.length} ${values.join('|')}`, {
        definition: { event: { event: 'purchase', filters: [{ property: 'traits.x', operator, values }] } },
      }))).errors;
    const path = ['input', 'definition', 'event', 'filters', '0', 'values'];
    const rejected = (errors: unknown[]) => expect(errors).toEqual([{ code: 'VALIDATION', message: expect.any(String), field: path }]);
    for (const op of ['EQ', 'NEQ', 'CONTAINS'] as const) {
      rejected(await attempt(op, []));
      rejected(await attempt(op, ['a', 'b']));
      expect(await attempt(op, ['a'])).toEqual([]);
    }
    rejected(await attempt('CONTAINS', ['']));
    for (const op of ['IN', 'NOT_IN'] as const) {
      rejected(await attempt(op, []));
      expect(await attempt(op, ['a'])).toEqual([]);
      expect(await attempt(op, ['a', 'b', 'c'])).toEqual([]);
    }
    for (const op of ['GT', 'GTE', 'LT', 'LTE'] as const) {
      rejected(await attempt(op, []));
      rejected(await attempt(op, ['1', '2']));
      rejected(await attempt(op, ['ten']));
      rejected(await attempt(op, [' ']));
      expect(await attempt(op, ['-1.5'])).toEqual([]);
    }
    rejected(await attempt('EXISTS', ['a']));
    expect(await attempt('EXISTS', [])).toEqual([]);
    const property = await createMetric(eventMetric('bad property', {
      definition: { event: { event: 'purchase', filters: [{ property: 'properties.plan', operator: 'EXISTS' }] } },
    }));
    expect(property.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'definition', 'event', 'filters', '0', 'property'] });
    const sensitivity = await createMetric(eventMetric('bad monitoring', { monitoring: { enabled: true, sensitivity: 0 } }));
    expect(sensitivity.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'monitoring', 'sensitivity'] });
  });

  it('keeps names unique per environment among non-deleted metrics', async () => {
    const id = await metricId('Unique name');
    expect((await createMetric(eventMetric('Unique name'))).errors).toEqual([
      { code: 'CONFLICT', message: expect.stringContaining('Unique name'), field: ['input', 'name'] },
    ]);
    expect((await createMetric(eventMetric(' Unique name '))).errors[0]?.code).toBe('CONFLICT'); // trimmed
    expect((await createMetric({ ...eventMetric('Unique name'), environmentKey: OTHER })).errors).toEqual([]);
    expect((await del(id)).errors).toEqual([]);
    expect((await createMetric(eventMetric('Unique name'))).errors).toEqual([]); // a deleted metric frees its name
  });

  it('lets exactly one of concurrent creates with the same name win', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => createMetric(eventMetric('Raced name'))));
    const codes = results.map((r) => r.errors[0]?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    expect((await t.executeOk(LIST, { env: ENV, first: 100 })).environment!.metrics.edges.filter((e) => e.node.name === 'Raced name')).toHaveLength(1);
  });
});

describe('updateMetric', () => {
  it('changes name, description, status and monitoring, and nothing else', async () => {
    const created = (await createMetric(eventMetric('Before update', {
      description: 'old', windowHours: 24, definition: { event: { event: 'signup', filters: [{ property: 'traits.plan', operator: 'EQ', values: ['pro'] }] } },
    }))).metric!;
    const r = await t.execute(UPDATE, { input: { id: created.id, name: 'After update', description: 'new', status: 'ARCHIVED', monitoring: { enabled: true, interval: 'HOUR', sensitivity: 4 } } });
    expect(r.data?.updateMetric.errors).toEqual([]);
    expect(r.data?.updateMetric.metric).toEqual({
      ...created, name: 'After update', description: 'new', status: 'ARCHIVED', monitoring: { enabled: true, interval: 'HOUR', sensitivity: 4 },
    });
    // Absent fields stay; an explicit null description clears it.
    const partial = await t.execute(UPDATE, { input: { id: created.id, description: null } });
    expect(partial.data?.updateMetric.metric).toMatchObject({ name: 'After update', description: null, status: 'ARCHIVED', windowHours: 24 });
    // The definition is not part of the input at all. Raw on purpose: fields UpdateMetricInput does not have.
    const definition = await t.gql(print(UPDATE), { input: { id: created.id, definition: { event: { event: 'other' } } } });
    expect(definition.errors?.[0]?.message).toMatch(/definition/);
    const windowHours = await t.gql(print(UPDATE), { input: { id: created.id, windowHours: 1 } });
    expect(windowHours.errors?.[0]?.message).toMatch(/windowHours/);
  });

  it('allows every status change', async () => {
    const id = await metricId('Status walk', { status: 'DRAFT' });
    for (const status of ['ACTIVE', 'ARCHIVED', 'DRAFT', 'ARCHIVED', 'ACTIVE', 'DRAFT'] as const) {
      const r = await t.execute(UPDATE, { input: { id, status } });
      expect(r.data?.updateMetric).toMatchObject({ metric: { status }, errors: [] });
    }
  });

  it('validates and keeps names unique', async () => {
    await metricId('Taken');
    const id = await metricId('Renamed');
    expect((await t.execute(UPDATE, { input: { id, name: 'Taken' } })).data?.updateMetric).toEqual({
      metric: null, errors: [{ code: 'CONFLICT', message: expect.any(String), field: ['input', 'name'] }],
    });
    expect((await t.execute(UPDATE, { input: { id, name: '  ' } })).data?.updateMetric.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'name'] });
    expect((await t.execute(UPDATE, { input: { id, monitoring: { enabled: true, sensitivity: -1 } } })).data?.updateMetric.errors[0])
      .toMatchObject({ code: 'VALIDATION', field: ['input', 'monitoring', 'sensitivity'] });
    expect((await t.execute(UPDATE, { input: { id, name: 'Renamed' } })).data?.updateMetric.errors).toEqual([]); // its own name
    // Two concurrent renames to the same free name: the store lets one win.
    const other = await metricId('Renamed too');
    const raced = await Promise.all([id, other].map((mid) => t.executeOk(UPDATE, { input: { id: mid, name: 'Race target' } })));
    expect(raced.map((r) => r.updateMetric.errors[0]?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
  });

  it('is NOT_FOUND for a deleted metric and FORBIDDEN for a viewer', async () => {
    const id = await metricId('Soon deleted');
    const viewer = await token('VIEWER');
    expect((await t.execute(UPDATE, { input: { id, name: 'x' } }, { token: viewer })).data?.updateMetric.errors[0]?.code).toBe('FORBIDDEN');
    expect((await del(id)).errors).toEqual([]);
    expect((await t.execute(UPDATE, { input: { id, name: 'x' } })).data?.updateMetric.errors).toEqual([
      { code: 'NOT_FOUND', message: expect.any(String), field: ['input', 'id'] },
    ]);
  });
});

describe('deleteMetric', () => {
  it('is soft, ADMIN-only, and hides the metric from node(id) and lists', async () => {
    const id = await metricId('Delete me');
    const editor = await token('EDITOR');
    expect((await del(id, editor)).errors[0]?.code).toBe('FORBIDDEN');
    expect(await del(id)).toEqual({ deletedId: id, errors: [] });
    expect(await t.execute(NODE_ID, { id })).toEqual({ data: { node: null } });
    expect((await t.executeOk(LIST, { env: ENV, first: 100 })).environment!.metrics.edges.map((e) => e.node.name)).not.toContain('Delete me');
    expect((await del(id)).errors).toEqual([{ code: 'NOT_FOUND', message: expect.any(String), field: ['id'] }]);
    // Soft: the row is still there, marked deleted.
    expect((await prismaClient().metric.findUniqueOrThrow({ where: { id: Buffer.from(id, 'base64').toString().split(':')[1]! } })).deletedAt).toBeInstanceOf(Date);
  });

  it('is CONFLICT while attached to an experiment that is not ended or archived', async () => {
    const id = await metricId('Attached metric');
    const draft = await experiment();
    const active = await experiment();
    expect((await attach(draft.id, id)).errors).toEqual([]);
    expect((await attach(active.id, id)).errors).toEqual([]);
    await transition('startExperiment', active.id);
    const blocked = await del(id);
    expect(blocked).toEqual({ deletedId: null, errors: [{ code: 'CONFLICT', message: expect.stringContaining(draft.key), field: ['id'] }] });
    expect(blocked.errors[0]?.message).toContain(`${active.key} (ACTIVE)`);

    expect((await detach(draft.id, id)).errors).toEqual([]);
    expect((await del(id)).errors[0]?.code).toBe('CONFLICT'); // still on the ACTIVE one
    await transition('endExperiment', active.id);
    expect((await del(id)).errors).toEqual([]); // an ENDED experiment does not block
  });

  it('never lets a concurrent attach and delete both succeed', async () => {
    for (let i = 0; i < 4; i++) {
      const id = await metricId(`Raced delete ${i}`);
      const exp = await experiment();
      const [attached, deleted] = await Promise.all([attach(exp.id, id), del(id)]);
      const outcome = [attached.errors[0]?.code ?? 'OK', deleted.errors[0]?.code ?? 'OK'];
      // Either the delete came first (the attach finds no metric) or the attach did (the delete conflicts).
      expect([['NOT_FOUND', 'OK'], ['OK', 'CONFLICT']]).toContainEqual(outcome);
    }
  });

  it('is not blocked by an ARCHIVED or a soft-deleted experiment', async () => {
    const id = await metricId('On archived and deleted');
    const archived = await experiment();
    const deleted = await experiment();
    expect((await attach(archived.id, id)).errors).toEqual([]);
    expect((await attach(deleted.id, id)).errors).toEqual([]);
    await transition('archiveExperiment', archived.id);
    expect((await del(id)).errors[0]?.code).toBe('CONFLICT');
    // The contract has no deleteExperiment yet: soft-delete the row as that mutation would.
    const dbId = Buffer.from(deleted.id, 'base64').toString().split(':')[1]!;
    await prismaClient().experiment.update({ where: { id: dbId }, data: { deletedAt: new Date() } });
    expect((await del(id)).errors).toEqual([]);
  });
});

describe('Environment.metrics', () => {
  it('pages oldest first, filters by status, counts, and hides deleted metrics', async () => {
    const env = 'catalog-list';
    await t.createEnvironments(env);
    const statuses: MetricStatus[] = ['ACTIVE', 'DRAFT', 'ARCHIVED', 'ACTIVE', 'ARCHIVED', 'ACTIVE', 'DRAFT'];
    const ids: string[] = [];
    for (const [i, status] of statuses.entries()) {
      ids.push((await createMetric({ ...eventMetric(`m${i}`, { status }), environmentKey: env })).metric!.id);
    }
    expect((await del(ids[3]!)).errors).toEqual([]);
    const live = statuses.map((status, i) => ({ name: `m${i}`, status })).filter((_, i) => i !== 3);

    const names: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: MetricPage = (await t.executeOk(LIST, { env, first: 2, after })).environment!.metrics;
      expect(page.totalCount).toBe(live.length);
      names.push(...page.edges.map((e) => e.node.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(names).toEqual(live.map((m) => m.name)); // ARCHIVED included without a filter

    for (const status of ['ACTIVE', 'DRAFT', 'ARCHIVED'] as const) {
      const page = (await t.executeOk(LIST, { env, status, first: 10 })).environment!.metrics;
      const want = live.filter((m) => m.status === status);
      expect(page.totalCount).toBe(want.length);
      expect(page.edges.map((e) => e.node)).toEqual(want);
    }
    // A viewer of the environment can list; a token of another environment cannot see it.
    const viewer = await token('VIEWER', env);
    expect((await t.execute(LIST, { env, first: 1 }, { token: viewer })).data?.environment?.metrics.totalCount).toBe(live.length);
    const stranger = await token('ADMIN', OTHER);
    expect((await t.execute(LIST, { env, first: 1 }, { token: stranger })).data?.environment).toBeNull();
  });
});

describe('attachMetric / detachMetric', () => {
  it('stores role and expected direction, once per (experiment, metric), within the environment', async () => {
    const id = await metricId('Attach rules');
    const exp = await experiment();
    const first = await attach(exp.id, id, { role: 'GUARDRAIL', expectedDirection: 'NO_CHANGE' });
    expect(first).toEqual({
      experimentMetric: { role: 'GUARDRAIL', expectedDirection: 'NO_CHANGE', metric: { name: 'Attach rules' }, experiment: { key: exp.key, resourceVersion: 2 } },
      errors: [],
    });
    expect((await attach(exp.id, id, { role: 'PRIMARY' })).errors).toEqual([
      { code: 'CONFLICT', message: expect.any(String), field: ['input', 'metricId'] },
    ]);
    const defaults = await attach(exp.id, await metricId('Attach defaults'));
    expect(defaults.experimentMetric).toMatchObject({ role: 'SECONDARY', expectedDirection: 'INCREASE' });

    const foreign = (await createMetric({ ...eventMetric('Foreign'), environmentKey: OTHER })).metric!.id;
    expect((await attach(exp.id, foreign)).errors).toEqual([{ code: 'NOT_FOUND', message: expect.any(String), field: ['input', 'metricId'] }]);
    const foreignExp = await experiment(OTHER);
    expect((await attach(foreignExp.id, id)).errors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'metricId'] });
  });

  it('lets exactly one of concurrent attaches of the same metric win', async () => {
    const id = await metricId('Raced attach');
    const exp = await experiment();
    const results = await Promise.all(Array.from({ length: 4 }, () => attach(exp.id, id)));
    const codes = results.map((r) => r.errors[0]?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c !== 'OK').every((c) => c === 'CONFLICT' || c === 'STALE_VERSION')).toBe(true);
    expect(await version(exp.id)).toBe(2);
  });

  it('never attaches a deleted or archived metric (a draft one is fine)', async () => {
    const exp = await experiment();
    const deleted = await metricId('Deleted before attach');
    expect((await del(deleted)).errors).toEqual([]);
    expect((await attach(exp.id, deleted)).errors).toEqual([{ code: 'NOT_FOUND', message: expect.any(String), field: ['input', 'metricId'] }]);
    const archived = await metricId('Archived before attach', { status: 'ARCHIVED' });
    expect((await attach(exp.id, archived)).errors).toEqual([{ code: 'CONFLICT', message: expect.stringMatching(/archived/), field: ['input', 'metricId'] }]);
    expect((await attach(exp.id, await metricId('Draft attach', { status: 'DRAFT' }))).errors).toEqual([]);
  });

  it('keeps an attached metric that is archived afterwards attached', async () => {
    const id = await metricId('Archived while attached');
    const exp = await experiment();
    expect((await attach(exp.id, id)).errors).toEqual([]);
    await transition('startExperiment', exp.id);
    expect((await t.execute(UPDATE, { input: { id, status: 'ARCHIVED' } })).data?.updateMetric.errors).toEqual([]);
    const node = await t.execute(EXPERIMENT_METRICS, { id: exp.id });
    expect(node.data?.node).toEqual({ metrics: [{ metric: { name: 'Archived while attached', status: 'ARCHIVED' } }] });
  });

  it('detaches, bumping the version by one, and never on an ENDED or ARCHIVED experiment', async () => {
    const a = await metricId('Detach a');
    const b = await metricId('Detach b');
    const exp = await experiment();
    expect((await attach(exp.id, a)).errors).toEqual([]);
    expect((await attach(exp.id, b)).errors).toEqual([]);
    const before = await version(exp.id);
    expect(await detach(exp.id, a)).toEqual({
      experiment: { id: exp.id, key: exp.key, resourceVersion: before + 1, metrics: [{ metric: { name: 'Detach b' } }] },
      errors: [],
    });
    expect((await detach(exp.id, a)).errors).toEqual([{ code: 'NOT_FOUND', message: expect.any(String), field: ['input', 'metricId'] }]);
    expect(await version(exp.id)).toBe(before + 1);
    expect((await attach(exp.id, a, { role: 'PRIMARY' })).experimentMetric?.role).toBe('PRIMARY'); // re-attach after detach

    await transition('startExperiment', exp.id);
    await transition('endExperiment', exp.id);
    const ended = await version(exp.id);
    expect((await detach(exp.id, b)).errors).toEqual([{ code: 'CONFLICT', message: expect.stringContaining('ENDED'), field: ['input', 'experimentId'] }]);
    expect((await attach(exp.id, await metricId('Late attach'))).errors[0]).toMatchObject({ code: 'CONFLICT', field: ['input', 'experimentId'] });
    await transition('archiveExperiment', exp.id);
    expect((await detach(exp.id, b)).errors[0]).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('ARCHIVED') });
    expect((await attach(exp.id, await metricId('Later attach'))).errors[0]?.code).toBe('CONFLICT');
    expect(await version(exp.id)).toBe(ended + 1); // only the archive changed it
  });

  it('is FORBIDDEN for a viewer', async () => {
    const id = await metricId('Viewer attach');
    const exp = await experiment();
    const viewer = await token('VIEWER');
    expect((await t.execute(ATTACH, { input: { experimentId: exp.id, metricId: id } }, { token: viewer })).data?.attachMetric.errors[0]?.code).toBe('FORBIDDEN');
    expect((await attach(exp.id, id)).errors).toEqual([]);
    expect((await t.execute(DETACH, { input: { experimentId: exp.id, metricId: id } }, { token: viewer })).data?.detachMetric.errors[0]?.code).toBe('FORBIDDEN');
  });
});

describe('Metric.attachments and node(id)', () => {
  it('lists the experiments a metric is attached to, without soft-deleted ones', async () => {
    const id = await metricId('Listed attachments');
    const one = await experiment();
    const two = await experiment();
    const gone = await experiment();
    expect((await attach(one.id, id, { role: 'PRIMARY', expectedDirection: 'DECREASE' })).errors).toEqual([]);
    expect((await attach(two.id, id, { role: 'GUARDRAIL', expectedDirection: 'NO_CHANGE' })).errors).toEqual([]);
    expect((await attach(gone.id, id)).errors).toEqual([]);
    await prismaClient().experiment.update({ where: { id: Buffer.from(gone.id, 'base64').toString().split(':')[1]! }, data: { deletedAt: new Date() } });
    const r = await t.execute(METRIC_ATTACHMENTS, { id });
    expect(r.data?.node).toEqual({
      name: 'Listed attachments',
      attachments: [
        { role: 'PRIMARY', expectedDirection: 'DECREASE', experiment: { key: one.key }, metric: { name: 'Listed attachments' } },
        { role: 'GUARDRAIL', expectedDirection: 'NO_CHANGE', experiment: { key: two.key }, metric: { name: 'Listed attachments' } },
      ],
    });
    const foreign = await token('ADMIN', OTHER);
    expect(await t.execute(NODE_ID, { id }, { token: foreign })).toEqual({ data: { node: null } });
  });
});

describe('audit', () => {
  it('records metric updates and deletes on the metric, detaches on the experiment', async () => {
    const admin = t.token;
    const id = await metricId('Audited');
    await t.execute(UPDATE, { input: { id, name: 'Audited 2', status: 'DRAFT' } }, { token: admin });
    await t.execute(UPDATE, { input: { id, name: 'Audited 2' } }); // no change: no entry
    const exp = await experiment();
    await attach(exp.id, id, { role: 'GUARDRAIL', expectedDirection: 'DECREASE' });
    await detach(exp.id, id);
    expect((await del(id)).errors).toEqual([]);

    const metricLog = (await t.executeOk(AUDIT, { env: ENV, entity: id })).auditLog.edges.map((e) => e.node);
    expect(metricLog.map((e) => e.action)).toEqual(['DELETE', 'UPDATE', 'CREATE']);
    const [deleted, updated] = metricLog as [(typeof metricLog)[number], (typeof metricLog)[number]];
    expect(updated).toMatchObject({ entityType: 'METRIC', entityId: id, before: { name: 'Audited', status: 'ACTIVE' }, after: { name: 'Audited 2', status: 'DRAFT' } });
    expect((updated.after as { definition: unknown }).definition).toEqual({ event: 'purchase', filters: [] });
    expect(deleted).toMatchObject({ entityType: 'METRIC', before: { name: 'Audited 2' }, after: null });

    const expLog = (await t.executeOk(AUDIT, { env: ENV, entity: exp.id })).auditLog.edges.map((e) => e.node);
    const dbMetricId = Buffer.from(id, 'base64').toString().split(':')[1];
    expect(expLog.slice(0, 2)).toMatchObject([
      { entityType: 'EXPERIMENT', action: 'DETACH_METRIC', before: { metricId: dbMetricId, role: 'GUARDRAIL', expectedDirection: 'DECREASE' }, after: null },
      { entityType: 'EXPERIMENT', action: 'ATTACH_METRIC', after: { metricId: dbMetricId, role: 'GUARDRAIL', expectedDirection: 'DECREASE' } },
    ]);
  });
});
