/**
 * Experiment lifecycle holes (issue 14, finding 11): deleteExperiment (soft, ADMIN, audited,
 * refused while the experiment still assigns subjects) and reuse of the key of an ARCHIVED or
 * deleted experiment, decided by a partial unique index among live experiments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { prismaClient } from '../../src/db/prisma-ref.js';
import { twoVariantExperiment } from '../fixtures/experiments.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const ENV = 'lifecycle-holes';
let t: TestApp;
let editor = '';

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV, 'other-holes');
  const r = await t.gql(`mutation { createApiToken(input: { name: "editor", grants: [{ environmentKey: "${ENV}", role: EDITOR }] }) { token } }`);
  editor = r.data.createApiToken.token;
});

afterAll(async () => {
  await t?.stop();
});

const CREATE = `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { experiment { id key status resourceVersion } errors { code message field } } }`;
const DELETE = `mutation($id: ID!) { deleteExperiment(id: $id) { deletedId errors { code message field } } }`;
const transition = (name: string, extra = '') =>
  `mutation($id: ID!, $v: Int!) { ${name}(input: { experimentId: $id, expectedResourceVersion: $v${extra} }) { experiment { status resourceVersion } errors { code message } } }`;

async function create(key: string, env = ENV) {
  const r = await t.gql(CREATE, { input: twoVariantExperiment(env, key) });
  expect(r.errors).toBeUndefined();
  return r.data.createExperiment;
}

async function move(name: string, exp: { id: string; resourceVersion: number }, extra = '') {
  const r = await t.gql(transition(name, extra), { id: exp.id, v: exp.resourceVersion });
  expect(r.data[name].errors).toEqual([]);
  exp.resourceVersion = r.data[name].experiment.resourceVersion;
}

describe('deleteExperiment', () => {
  it('soft-deletes a DRAFT experiment (ADMIN): gone from node, lookups, lists and assignment; audited; rows kept', async () => {
    const { experiment } = await create('to-delete');
    const denied = await t.gql(DELETE, { id: experiment.id }, { token: editor });
    expect(denied.data.deleteExperiment.errors[0].code).toBe('FORBIDDEN');

    const r = await t.gql(DELETE, { id: experiment.id });
    expect(r.data.deleteExperiment).toEqual({ deletedId: experiment.id, errors: [] });

    const q = await t.gql(
      `query($id: ID!) { node(id: $id) { id } experiment(environmentKey: "${ENV}", key: "to-delete") { id } environment(key: "${ENV}") { experiments(first: 50, status: DRAFT) { edges { node { key } } } } }`,
      { id: experiment.id },
    );
    expect(q.data.node).toBeNull();
    expect(q.data.experiment).toBeNull();
    expect(q.data.environment.experiments.edges.map((e: any) => e.node.key)).not.toContain('TO-DELETE');
    const assign = await t.gql(`mutation { assignSubject(input: { environmentKey: "${ENV}", experimentKey: "to-delete", subjectId: "u1" }) { errors { code } } }`);
    expect(assign.data.assignSubject.errors[0].code).toBe('NOT_FOUND');

    const row = await prismaClient().experiment.findUniqueOrThrow({ where: { id: decodeGlobalID(experiment.id).id } });
    expect(row.deletedAt).toBeInstanceOf(Date);
    const log = await t.gql(
      `query($id: ID!) { auditLog(environmentKey: "${ENV}", entityId: $id, first: 5) { edges { node { action actorName before after } } } }`,
      { id: experiment.id },
    );
    const entries = log.data.auditLog.edges.map((e: any) => e.node);
    expect(entries[0]).toMatchObject({ action: 'DELETE', actorName: 'bootstrap', before: expect.objectContaining({ key: 'TO-DELETE', status: 'DRAFT' }), after: null });
    expect(entries.map((e: any) => e.action)).toEqual(['DELETE', 'CREATE']);

    // A second delete finds nothing.
    expect((await t.gql(DELETE, { id: experiment.id })).data.deleteExperiment.errors[0].code).toBe('NOT_FOUND');
  });

  it('is refused (CONFLICT) while the experiment assigns subjects, allowed once ended', async () => {
    const { experiment } = await create('running');
    await move('startExperiment', experiment);
    const refused = await t.gql(DELETE, { id: experiment.id });
    expect(refused.data.deleteExperiment.errors[0]).toMatchObject({ code: 'CONFLICT', field: ['id'] });
    expect(refused.data.deleteExperiment.errors[0].message).toMatch(/ACTIVE.*end it/);
    await move('endExperiment', experiment, ', reason: NO_LONGER_NEEDED');
    expect((await t.gql(DELETE, { id: experiment.id })).data.deleteExperiment.errors).toEqual([]);
  });

  it('does not reach experiments of environments the caller cannot see (NOT_FOUND)', async () => {
    const { experiment } = await create('elsewhere', 'other-holes');
    const r = await t.gql(DELETE, { id: experiment.id }, { token: editor });
    expect(r.data.deleteExperiment.errors[0].code).toBe('NOT_FOUND');
  });
});

describe('key reuse', () => {
  it('a live key stays taken (CONFLICT), in any case', async () => {
    await create('taken');
    const again = await t.gql(CREATE, { input: twoVariantExperiment(ENV, 'TAKEN') });
    expect(again.data.createExperiment.errors[0]).toMatchObject({ code: 'CONFLICT', field: ['input', 'key'] });
    // ENDED is not ARCHIVED: still taken.
    const { experiment } = await create('ended-key');
    await move('startExperiment', experiment);
    await move('endExperiment', experiment, ', reason: SUCCESS');
    expect((await t.gql(CREATE, { input: twoVariantExperiment(ENV, 'ended-key') })).data.createExperiment.errors[0].code).toBe('CONFLICT');
  });

  it('the key of an ARCHIVED experiment can be reused; lookups by key then find the new one', async () => {
    const { experiment: old } = await create('reuse-archived');
    await move('archiveExperiment', old);
    const { experiment: fresh, errors } = await create('reuse-archived');
    expect(errors).toEqual([]);
    expect(fresh.id).not.toBe(old.id);
    expect((await t.gql(`{ experiment(environmentKey: "${ENV}", key: "reuse-archived") { id status } }`)).data.experiment).toEqual({ id: fresh.id, status: 'DRAFT' });
    // The archived one stays readable by id, and is still what the key names once the new one is deleted.
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: old.id })).data.node).toEqual({ id: old.id });
    await t.gql(DELETE, { id: fresh.id });
    expect((await t.gql(`{ experiment(environmentKey: "${ENV}", key: "reuse-archived") { id status } }`)).data.experiment).toEqual({ id: old.id, status: 'ARCHIVED' });
  });

  it('the key of a deleted experiment can be reused, and assignment goes to the new experiment', async () => {
    const { experiment: old } = await create('reuse-deleted');
    await t.gql(DELETE, { id: old.id });
    const { experiment: fresh, errors } = await create('reuse-deleted');
    expect(errors).toEqual([]);
    await move('startExperiment', fresh);
    const a = await t.gql(
      `mutation { assignSubject(input: { environmentKey: "${ENV}", experimentKey: "reuse-deleted", subjectId: "u9" }) { assignment { experiment { id } } errors { code } } }`,
    );
    expect(a.data.assignSubject.errors).toEqual([]);
    expect(a.data.assignSubject.assignment.experiment.id).toBe(fresh.id);
  });

  it('two concurrent creations of a freed key: exactly one wins (the partial unique index decides)', async () => {
    const { experiment: old } = await create('race-key');
    await move('archiveExperiment', old);
    const results = await Promise.all([0, 1, 2].map(() => t.gql(CREATE, { input: twoVariantExperiment(ENV, 'race-key') })));
    const codes = results.map((r) => r.data.createExperiment.errors[0]?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'CONFLICT', 'OK']);
  });
});
