/**
 * Environment.experiments (newest first, paginated, status filter, ARCHIVED hidden by default,
 * soft-deleted never listed) and node(id) for experiments, through GraphQL on the real stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaClient } from '../../src/db/prisma-ref.js';
import { changeExperiment, type LifecycleInputs } from '../fixtures/lifecycle.js';
import { CreateExperiment } from '../fixtures/operations.js';
import { createToken } from '../fixtures/tokens.js';
import { graphql } from '../generated/gql.js';
import type { ExperimentStatus } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const ENV = 'list';
const OTHER = 'list-other';

const LIST = graphql(`query ExperimentListPage($env: String!, $status: ExperimentStatus, $first: Int, $after: String) {
  environment(key: $env) { experiments(status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id key status } } } } }`);

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; key: string; status: string } }[];
}

async function list(vars: { status?: ExperimentStatus; first?: number; after?: string | null } = {}, env = ENV, token?: string): Promise<Page | null> {
  const r = await t.execute(LIST, { env, ...vars }, token ? { token } : undefined);
  expect(r.errors).toBeUndefined();
  return r.data!.environment?.experiments ?? null;
}

const keys = (p: Page | null) => p!.edges.map((e) => e.node.key);

async function change<K extends keyof LifecycleInputs>(mutation: K, input: LifecycleInputs[K]) {
  const r = await changeExperiment(t, mutation, input);
  expect(r.errors).toEqual([]);
  return r.experiment!;
}

async function createIn(env: string, key: string) {
  const r = await t.execute(
    CreateExperiment,
    {
      input: {
        environmentKey: env, key, name: key, featureName: `f_${key}`,
        variants: [{ key: 'c', name: 'C', isControl: true }, { key: 't', name: 'T' }],
        allocations: [{ variantKey: 'c', split: 0.5 }, { variantKey: 't', split: 0.5 }],
      },
    },
  );
  expect(r.data?.createExperiment.errors).toEqual([]);
  return r.data!.createExperiment.experiment!;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV, OTHER);
  // Created in this order (oldest first): E1 … E7.
  for (const key of ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']) ids[key.toUpperCase()] = (await createIn(ENV, key)).id;
  await createIn(OTHER, 'foreign');
  const tr = (id: string, v: number) => ({ experimentId: id, expectedResourceVersion: v });
  await change('startExperiment', tr(ids.E2!, 1)); // ACTIVE
  await change('archiveExperiment', tr(ids.E3!, 1)); // ARCHIVED from DRAFT
  await change('startExperiment', tr(ids.E5!, 1));
  await change('endExperiment', { ...tr(ids.E5!, 2), reason: 'OTHER' });
  await change('archiveExperiment', tr(ids.E5!, 3)); // ARCHIVED from ENDED
  await change('startExperiment', tr(ids.E6!, 1));
  await change('declareWinner', { ...tr(ids.E6!, 2), variantKey: 'T' }); // WINNER_DECLARED
  // No mutation deletes experiments yet: soft-delete E7 in the store itself.
  const dbId = Buffer.from(ids.E7!, 'base64').toString().split(':')[1]!;
  await prismaClient().experiment.update({ where: { id: dbId }, data: { deletedAt: new Date() } });
});
afterAll(() => t?.stop());

describe('Environment.experiments', () => {
  it('lists newest first, hiding ARCHIVED and soft-deleted experiments', async () => {
    const page = await list();
    expect(keys(page)).toEqual(['E6', 'E4', 'E2', 'E1']);
    expect(page!.totalCount).toBe(4);
    expect(page!.edges.map((e) => e.node.status)).toEqual(['WINNER_DECLARED', 'DRAFT', 'ACTIVE', 'DRAFT']);
    expect(page!.pageInfo.hasNextPage).toBe(false);
  });

  it('filters by status; ARCHIVED ones are listed when asked for, soft-deleted never', async () => {
    const archived = await list({ status: 'ARCHIVED' });
    expect(keys(archived)).toEqual(['E5', 'E3']);
    expect(archived!.totalCount).toBe(2);
    expect(keys(await list({ status: 'DRAFT' }))).toEqual(['E4', 'E1']); // E7 is a soft-deleted DRAFT
    expect(keys(await list({ status: 'ACTIVE' }))).toEqual(['E2']);
    expect(keys(await list({ status: 'WINNER_DECLARED' }))).toEqual(['E6']);
    const ended = await list({ status: 'ENDED' });
    expect(ended).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('pages with first/after; totalCount covers all pages', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (const expected of [['E6', 'E4'], ['E2', 'E1']]) {
      const page: Page | null = await list({ first: 2, after });
      expect(keys(page)).toEqual(expected);
      expect(page!.totalCount).toBe(4);
      expect(page!.pageInfo.hasNextPage).toBe(expected[0] === 'E6');
      seen.push(...keys(page));
      after = page!.pageInfo.endCursor;
    }
    expect(seen).toEqual(keys(await list()));
    const filtered = await list({ status: 'ARCHIVED', first: 1 });
    expect(keys(filtered)).toEqual(['E5']);
    expect(filtered!.pageInfo.hasNextPage).toBe(true);
    expect(keys(await list({ status: 'ARCHIVED', first: 1, after: filtered!.pageInfo.endCursor }))).toEqual(['E3']);
  });

  it('is only reachable in environments the caller can read', async () => {
    const token = await createToken(t, 'other-viewer', OTHER, 'VIEWER');
    expect(await list({}, ENV, token)).toBeNull();
    expect(keys(await list({}, OTHER, token))).toEqual(['FOREIGN']);
  });
});

describe('node(id) for experiments', () => {
  const NODE = graphql(`query ExperimentListNode($id: ID!) { node(id: $id) { __typename id ... on Experiment { key status environment { key } } } }`);

  it('returns a visible experiment, and null across environments, for soft-deleted and unknown ids', async () => {
    const visible = await t.execute(NODE, { id: ids.E2! });
    expect(visible.data?.node).toEqual({ __typename: 'Experiment', id: ids.E2, key: 'E2', status: 'ACTIVE', environment: { key: ENV } });
    const outsider = await createToken(t, 'other-admin', OTHER, 'ADMIN');
    const hidden = await t.execute(NODE, { id: ids.E2! }, { token: outsider });
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data?.node).toBeNull();
    expect((await t.execute(NODE, { id: ids.E7! })).data?.node).toBeNull();
    const unknown = Buffer.from('Experiment:00000000-0000-0000-0000-000000000000').toString('base64');
    expect((await t.execute(NODE, { id: unknown })).data?.node).toBeNull();
    // Listed ids are node ids.
    const listed = (await list())!.edges.map((e) => e.node.id);
    expect(listed).toContain(ids.E2);
  });
});
