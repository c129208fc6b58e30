/**
 * The audit log through GraphQL: every experiment and metric change leaves one entry (who, what,
 * before/after, when) written with the change; only ADMINs of the environment can read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateExperiment, CreateMetric } from '../fixtures/operations.js';
import { graphql } from '../generated/gql.js';
import type { Role } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const ENV = 'audit';

const AUDIT = graphql(`query AuditLogPage($env: String!, $type: AuditEntityType, $entity: ID, $first: Int, $after: String) {
  auditLog(environmentKey: $env, entityType: $type, entityId: $entity, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { sequence actorKind actorName entityType entityId action before after createdAt } }
  } }`);

const CREATE_TOKEN = graphql(`mutation AuditCreateToken($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`);
const START = graphql(`mutation AuditStart($id: ID!, $version: Int!) {
  startExperiment(input: { experimentId: $id, expectedResourceVersion: $version }) { experiment { resourceVersion } errors { code } }
}`);

async function token(role: Role): Promise<string> {
  const r = await t.executeOk(CREATE_TOKEN, { input: { name: `${role.toLowerCase()}-bot`, grants: [{ environmentKey: ENV, role }] } });
  return r.createApiToken.token!;
}

/** A JSON audit state (before/after) as an object. */
const state = (json: unknown) => json as Record<string, unknown>;

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV);
});
afterAll(() => t?.stop());

describe('audit log', () => {
  it('records each experiment change with actor, before/after and time, newest first', async () => {
    const editor = await token('EDITOR');
    const created = await t.execute(
      CreateExperiment,
      {
        input: {
          environmentKey: ENV, key: 'audit-me', name: 'Audit me', featureName: 'f',
          variants: [{ key: 'a', name: 'A', isControl: true }, { key: 'b', name: 'B' }],
          allocations: [{ variantKey: 'a', split: 0.5 }, { variantKey: 'b', split: 0.5 }],
        },
      },
      { token: editor },
    );
    const { id } = created.data!.createExperiment.experiment!;
    const started = await t.execute(START, { id, version: 1 }, { token: editor });
    expect(started.data?.startExperiment.errors).toEqual([]);
    const rejected = await t.execute(START, { id, version: 2 });
    expect(rejected.data?.startExperiment.errors[0]?.code).toBe('INVALID_TRANSITION');

    const log = await t.execute(AUDIT, { env: ENV, entity: id });
    expect(log.errors).toBeUndefined();
    const entries = log.data!.auditLog.edges.map((e) => e.node);
    // A rejected change writes nothing.
    expect(entries.map((e) => e.action)).toEqual(['START', 'CREATE']);
    expect(log.data!.auditLog.totalCount).toBe(2);
    const [start, create] = entries as [(typeof entries)[number], (typeof entries)[number]];
    expect(start).toMatchObject({ actorKind: 'token', actorName: 'editor-bot', entityType: 'EXPERIMENT', entityId: id });
    expect(start.before).toMatchObject({ status: 'DRAFT', resourceVersion: 1 });
    expect(start.after).toMatchObject({ status: 'ACTIVE', resourceVersion: 2 });
    expect(create.before).toBeNull();
    expect(create.after).toMatchObject({ key: 'AUDIT-ME', status: 'DRAFT' });
    expect(start.sequence).toBeGreaterThan(create.sequence);
    expect(Date.parse(start.createdAt)).toBeGreaterThanOrEqual(Date.parse(create.createdAt));
  });

  it('records metric creation and filters by entity type; pages are stable', async () => {
    for (const name of ['m1', 'm2', 'm3']) {
      const r = await t.execute(CreateMetric, { input: { environmentKey: ENV, name, aggregation: 'COUNT', definition: { event: { event: name } } } });
      expect(r.data?.createMetric.errors).toEqual([]);
    }
    const first = (await t.execute(AUDIT, { env: ENV, type: 'METRIC', first: 2 })).data!;
    expect(first.auditLog.totalCount).toBe(3);
    expect(first.auditLog.edges.map((e) => state(e.node.after).name)).toEqual(['m3', 'm2']);
    expect(first.auditLog.pageInfo.hasNextPage).toBe(true);
    const second = (await t.execute(AUDIT, { env: ENV, type: 'METRIC', first: 2, after: first.auditLog.pageInfo.endCursor })).data!;
    expect(second.auditLog.edges.map((e) => state(e.node.after).name)).toEqual(['m1']);
    expect(second.auditLog.pageInfo.hasNextPage).toBe(false);
  });

  it('is readable by ADMINs only', async () => {
    for (const role of ['EDITOR', 'VIEWER'] as const) {
      const r = await t.execute(AUDIT, { env: ENV }, { token: await token(role) });
      expect(r.data).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(r.errors?.[0]?.path).toEqual(['auditLog']);
    }
    const admin = await t.execute(AUDIT, { env: ENV }, { token: await token('ADMIN') });
    expect(admin.data?.auditLog.totalCount).toBeGreaterThan(0);
    const anonymous = await t.execute(AUDIT, { env: ENV }, { token: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
