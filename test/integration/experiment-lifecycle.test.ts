/**
 * The experiment lifecycle through GraphQL on the real stores (design §2, seed 004): keys,
 * variants and the control, cohorts, the full status × transition matrix, updateExperiment per
 * status, optimistic concurrency (STALE_VERSION changes nothing, +1 per change, one winner of
 * concurrent updates) and the audit trail of every change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { graphql } from '../generated/gql.js';
import type { LifecycleExperimentFragment, Role } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { twoVariantExperiment } from '../fixtures/experiments.js';

let t: TestApp;
const ENV = 'life';
const OTHER = 'life-other';

graphql(`fragment LifecycleExperiment on Experiment {
  id key name description hypothesis links { name url } status resourceVersion endedReason startedAt endedAt createdAt updatedAt
  variants { id key name description isControl } control { key } winningVariant { key }
  cohorts { index createdAt allocations { variant { key } split } } activeCohort { index }
}`);
graphql(`fragment LifecycleErrors on UserError { code message field }`);

const M = {
  create: graphql(`mutation LifecycleCreate($input: CreateExperimentInput!) { r: createExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }`),
  update: graphql(`mutation LifecycleUpdate($input: UpdateExperimentInput!) { r: updateExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }`),
  addCohort: graphql(`mutation LifecycleAddCohort($input: AddCohortInput!) { r: addCohort(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }`),
  start: graphql(`mutation LifecycleStart($input: TransitionInput!) { r: startExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }`),
  declareWinner: graphql(`mutation LifecycleDeclareWinner($input: DeclareWinnerInput!) { r: declareWinner(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }`),
  end: graphql(`mutation LifecycleEnd($input: EndExperimentInput!) { r: endExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }`),
  archive: graphql(`mutation LifecycleArchive($input: TransitionInput!) { r: archiveExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }`),
} as const;
type Op = keyof typeof M;

type Experiment = LifecycleExperimentFragment;
type Payload = { experiment: Experiment | null; errors: { code: string; message: string; field: string[] | null }[] };
/**
 * Every lifecycle mutation answers the same payload. The tables below send inputs of every shape,
 * invalid ones included, so their variables are left to the server to check.
 */
type AnyInputMutation = TypedDocumentNode<{ r: Payload }, { input: Record<string, unknown> }>;

async function run(op: Op, input: Record<string, unknown>, token?: string): Promise<Payload> {
  const res = await t.execute(M[op] as AnyInputMutation, { input }, token ? { token } : undefined);
  expect(res.errors).toBeUndefined();
  return res.data!.r;
}

const NODE = graphql(`query LifecycleNode($id: ID!) { node(id: $id) { ... on Experiment { ...LifecycleExperiment } } }`);
const AUDIT = graphql(`query LifecycleAudit($env: String!, $id: ID!) { auditLog(environmentKey: $env, entityId: $id, first: 100) {
  totalCount edges { node { action actorName before after createdAt } } } }`);
const BY_KEY = graphql(`query LifecycleByKey($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { id } }`);
const CREATE_TOKEN = graphql(`mutation LifecycleCreateToken($input: CreateApiTokenInput!) { createApiToken(input: $input) { token errors { code } } }`);

/** Runs a change that must succeed; returns the experiment after it. */
async function ok(op: Op, input: Record<string, unknown>): Promise<Experiment> {
  const r = await run(op, input);
  expect(r.errors).toEqual([]);
  return r.experiment!;
}

const input = (key: string, extra: Record<string, unknown> = {}) => twoVariantExperiment(ENV, key, extra);

const create = (key: string, extra: Record<string, unknown> = {}) => ok('create', input(key, extra));

async function get(id: string): Promise<Experiment> {
  const res = await t.execute(NODE, { id });
  expect(res.errors).toBeUndefined();
  return res.data!.node as Experiment;
}

const v = (e: Experiment) => ({ experimentId: e.id, expectedResourceVersion: e.resourceVersion });

/** A fresh experiment moved to `status` along the lifecycle. */
async function experimentIn(status: string, key: string): Promise<Experiment> {
  let e = await create(key);
  if (status === 'DRAFT') return e;
  if (status === 'ARCHIVED') return ok('archive', v(e));
  e = await ok('start', v(e));
  if (status === 'WINNER_DECLARED') return ok('declareWinner', { ...v(e), variantKey: 'TREATMENT' });
  if (status === 'ENDED') return ok('end', { ...v(e), reason: 'NO_STAT_SIG' });
  return e;
}

async function auditOf(id: string) {
  const res = await t.execute(AUDIT, { env: ENV, id });
  expect(res.errors).toBeUndefined();
  // before/after are JSON: the audited states as objects.
  return res.data!.auditLog as { totalCount: number; edges: { node: { action: string; actorName: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null; createdAt: string } }[] };
}

async function tokenFor(environmentKey: string, role: Role): Promise<string> {
  const r = await t.executeOk(CREATE_TOKEN, { input: { name: `${role.toLowerCase()}-${environmentKey}`, grants: [{ environmentKey, role }] } });
  return r.createApiToken.token!;
}

/** Asserts a refused change left the experiment exactly as it was and wrote no audit entry. */
async function expectUnchanged(before: Experiment) {
  expect(await get(before.id)).toEqual(before);
}

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV, OTHER);
});
afterAll(() => t?.stop());

describe('keys', () => {
  it('are case-insensitive, stored upper-case, unique per environment', async () => {
    const e = await create('home-page.test_1');
    expect(e.key).toBe('HOME-PAGE.TEST_1');
    const byKey = await t.execute(BY_KEY, { env: ENV, key: 'Home-Page.Test_1' });
    expect(byKey.data?.experiment?.id).toBe(e.id);
    const dup = await run('create', input('HOME-PAGE.test_1'));
    expect(dup).toEqual({ experiment: null, errors: [{ code: 'CONFLICT', message: expect.any(String), field: ['input', 'key'] }] });
    // Unique per environment only.
    expect((await run('create', { ...input('home-page.test_1'), environmentKey: OTHER })).errors).toEqual([]);
  });

  it('allow only [A-Za-z0-9._-]', async () => {
    for (const bad of ['a b', 'x/y', 'ä', '', 'semi;colon', 'a'.repeat(101)]) {
      const r = await run('create', input(bad));
      expect(r.errors, bad).toEqual([{ code: 'VALIDATION', message: expect.any(String), field: ['input', 'key'] }]);
    }
  });

  it('of variants are normalised, checked and unique per experiment (case-insensitive)', async () => {
    const e = await create('variant-keys', {
      variants: [{ key: 'control', name: 'C', isControl: true }, { key: 'Treatment-A.v2_x', name: 'A' }],
      allocations: null,
    });
    expect(e.variants.map((x: { key: string }) => x.key)).toEqual(['CONTROL', 'TREATMENT-A.V2_X']);
    const dup = await run('create', input('variant-dup', { variants: [{ key: 'a', name: 'A', isControl: true }, { key: 'A', name: 'A again' }], allocations: null }));
    expect(dup.errors).toEqual([{ code: 'VALIDATION', message: expect.stringContaining('used twice'), field: ['input', 'variants', '1', 'key'] }]);
    const bad = await run('create', input('variant-bad', { variants: [{ key: 'ok', name: 'A', isControl: true }, { key: 'no way', name: 'B' }], allocations: null }));
    expect(bad.errors).toEqual([{ code: 'VALIDATION', message: expect.any(String), field: ['input', 'variants', '1', 'key'] }]);
    // The same variant key in another experiment is fine.
    expect((await run('create', input('variant-keys-2'))).errors).toEqual([]);
  });
});

describe('variants and the control', () => {
  it('need exactly one control', async () => {
    for (const [key, controls] of [['no-control', [false, false]], ['two-controls', [true, true]]] as const) {
      const r = await run('create', input(key, {
        variants: controls.map((isControl, i) => ({ key: `v${i}`, name: `V${i}`, isControl })),
        allocations: null,
      }));
      expect(r).toEqual({ experiment: null, errors: [{ code: 'VALIDATION', message: expect.stringContaining('exactly one'), field: ['input', 'variants'] }] });
    }
    const e = await create('one-control');
    expect(e.control).toEqual({ key: 'CONTROL' });
  });

  it('need at least 2 to start, and a cohort', async () => {
    const single = await create('single', { variants: [{ key: 'only', name: 'Only', isControl: true }], allocations: [{ variantKey: 'ONLY', split: 1 }] });
    const r = await run('start', v(single));
    expect(r).toEqual({ experiment: null, errors: [{ code: 'VALIDATION', message: expect.stringContaining('at least 2 variants'), field: ['input', 'experimentId'] }] });
    await expectUnchanged(single);
    const noCohort = await create('no-cohort', { allocations: null });
    expect((await run('start', v(noCohort))).errors[0]).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('cohort') });
    await expectUnchanged(noCohort);
    const withCohort = await ok('addCohort', { ...v(noCohort), allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }] });
    expect((await ok('start', v(withCohort))).status).toBe('ACTIVE');
  });
});

describe('cohorts', () => {
  const split = (a: number, b: number) => [{ variantKey: 'control', split: a }, { variantKey: 'TREATMENT', split: b }];

  it('get the next index from the server; past cohorts keep their splits and createdAt', async () => {
    let e = await create('cohorts', { allocations: null });
    expect(e.cohorts).toEqual([]);
    expect(e.activeCohort).toBeNull();
    const seen: Experiment['cohorts'] = [];
    for (const [i, [a, b]] of [[0.5, 0.5], [0.1, 0.9], [0.333, 0.667]].entries()) {
      if (i === 1) e = await ok('start', v(e)); // also while ACTIVE
      e = await ok('addCohort', { ...v(e), allocations: split(a!, b!) });
      expect(e.cohorts.map((c: { index: number }) => c.index)).toEqual([...Array(i + 1).keys()]);
      expect(e.activeCohort).toEqual({ index: i });
      expect(e.cohorts.slice(0, i)).toEqual(seen); // earlier cohorts unchanged, original createdAt
      expect(e.cohorts[i]!.allocations).toEqual([{ variant: { key: 'CONTROL' }, split: a }, { variant: { key: 'TREATMENT' }, split: b }]);
      seen.push(e.cohorts[i]!);
    }
    expect(new Set(seen.map((c: { createdAt: string }) => c.createdAt)).size).toBe(3);
  });

  it('reject broken allocations with the field path, changing nothing', async () => {
    const e = await create('cohort-rules');
    await create('cohort-foreign', { variants: [{ key: 'control', name: 'C', isControl: true }, { key: 'foreign', name: 'F' }], allocations: null });
    const cases: [unknown[], string[], string][] = [
      [[{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'NOPE', split: 0.5 }], ['input', 'allocations', '1', 'variantKey'], 'not a variant'],
      [[{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'FOREIGN', split: 0.5 }], ['input', 'allocations', '1', 'variantKey'], 'not a variant'],
      [[{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'control', split: 0.5 }], ['input', 'allocations', '1', 'variantKey'], 'twice'],
      [[{ variantKey: 'CONTROL', split: 0 }, { variantKey: 'TREATMENT', split: 1 }], ['input', 'allocations', '0', 'split'], 'greater than 0'],
      [[{ variantKey: 'CONTROL', split: -0.2 }, { variantKey: 'TREATMENT', split: 1.2 }], ['input', 'allocations', '0', 'split'], 'greater than 0'],
      [[{ variantKey: 'CONTROL', split: 0.2 }, { variantKey: 'TREATMENT', split: 0.8001 }], ['input', 'allocations', '1', 'split'], 'three decimals'],
      [[{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.499 }], ['input', 'allocations'], 'sum to 1.000'],
      [[], ['input', 'allocations'], 'at least one'],
    ];
    for (const [allocations, field, message] of cases) {
      const r = await run('addCohort', { ...v(e), allocations });
      expect(r.experiment).toBeNull();
      expect(r.errors[0]).toEqual({ code: 'VALIDATION', message: expect.stringContaining(message), field });
    }
    await expectUnchanged(e);
    // A single allocation of 1.000 is a valid cohort.
    expect((await ok('addCohort', { ...v(e), allocations: [{ variantKey: 'TREATMENT', split: 1 }] })).activeCohort).toEqual({ index: 1 });
  });

  it('can be added only while DRAFT or ACTIVE', async () => {
    for (const status of ['WINNER_DECLARED', 'ENDED', 'ARCHIVED']) {
      const e = await experimentIn(status, `cohort-in-${status}`);
      const r = await run('addCohort', { ...v(e), allocations: split(0.5, 0.5) });
      expect(r.errors, status).toEqual([{ code: 'INVALID_TRANSITION', message: expect.stringContaining('DRAFT or ACTIVE'), field: ['input', 'allocations'] }]);
      await expectUnchanged(e);
    }
  });
});

describe('transition matrix (every status × every transition)', () => {
  const STATUSES = ['DRAFT', 'ACTIVE', 'WINNER_DECLARED', 'ENDED', 'ARCHIVED'] as const;
  // Design §2, written out independently of src/domain/experiment/lifecycle.ts.
  const ALLOWED_FROM: Record<string, string> = {
    DRAFT: 'ACTIVE, ARCHIVED', ACTIVE: 'WINNER_DECLARED, ENDED', WINNER_DECLARED: 'ENDED', ENDED: 'ARCHIVED', ARCHIVED: 'none',
  };
  const TRANSITIONS: { op: Op; to: string; from: string[]; extra: Record<string, unknown> }[] = [
    { op: 'start', to: 'ACTIVE', from: ['DRAFT'], extra: {} },
    { op: 'declareWinner', to: 'WINNER_DECLARED', from: ['ACTIVE'], extra: { variantKey: 'treatment' } },
    { op: 'end', to: 'ENDED', from: ['ACTIVE', 'WINNER_DECLARED'], extra: { reason: 'TECH_ISSUE' } },
    { op: 'archive', to: 'ARCHIVED', from: ['DRAFT', 'ENDED'], extra: {} },
  ];

  for (const status of STATUSES) {
    for (const { op, to, from, extra } of TRANSITIONS) {
      const allowed = from.includes(status);
      it(`${op} from ${status}: ${allowed ? `→ ${to}` : 'INVALID_TRANSITION'}`, async () => {
        const before = await experimentIn(status, `m-${status}-${op}`.replace(/_/g, '.'));
        const audited = (await auditOf(before.id)).totalCount;
        const r = await run(op, { ...v(before), ...extra });
        if (allowed) {
          expect(r.errors).toEqual([]);
          const after = r.experiment!;
          expect(after.status).toBe(to);
          expect(after.resourceVersion).toBe(before.resourceVersion + 1);
          expect(await get(before.id)).toEqual(after);
          expect((await auditOf(before.id)).totalCount).toBe(audited + 1);
          if (op === 'start') expect(after.startedAt).not.toBeNull();
          if (op === 'declareWinner') expect(after.winningVariant).toEqual({ key: 'TREATMENT' });
          if (op === 'end') expect(after).toMatchObject({ endedReason: 'TECH_ISSUE', endedAt: expect.any(String) });
          if (op === 'end' && status === 'WINNER_DECLARED') expect(after.winningVariant).toEqual({ key: 'TREATMENT' });
        } else {
          expect(r).toEqual({
            experiment: null,
            errors: [{ code: 'INVALID_TRANSITION', message: `cannot move from ${status} to ${to}; allowed from ${status}: ${ALLOWED_FROM[status]}`, field: null }],
          });
          await expectUnchanged(before);
          expect((await auditOf(before.id)).totalCount).toBe(audited);
        }
      });
    }
  }
});

describe('declareWinner and endExperiment', () => {
  it('declareWinner needs one of this experiment\'s variants (any case)', async () => {
    const e = await experimentIn('ACTIVE', 'winner');
    await create('winner-other', { variants: [{ key: 'control', name: 'C', isControl: true }, { key: 'elsewhere', name: 'E' }], allocations: null });
    for (const variantKey of ['NOPE', 'elsewhere']) {
      const r = await run('declareWinner', { ...v(e), variantKey });
      expect(r).toEqual({ experiment: null, errors: [{ code: 'NOT_FOUND', message: expect.stringContaining(variantKey.toUpperCase()), field: ['input', 'variantKey'] }] });
    }
    await expectUnchanged(e);
    const won = await ok('declareWinner', { ...v(e), variantKey: 'Treatment' });
    expect(won).toMatchObject({ status: 'WINNER_DECLARED', winningVariant: { key: 'TREATMENT' } });
  });

  it('endExperiment stores its required reason', async () => {
    const e = await experimentIn('ACTIVE', 'ending');
    // Invalid variables on purpose (no reason, then an unknown one): GraphQL rejects them before the resolver.
    const missing = await t.execute(M.end as AnyInputMutation, { input: v(e) });
    expect(missing.errors?.[0]?.message).toMatch(/reason/);
    const invalid = await t.execute(M.end as AnyInputMutation, { input: { ...v(e), reason: 'BORED' } });
    expect(invalid.errors?.[0]?.message).toMatch(/EndedReason/);
    await expectUnchanged(e);
    const ended = await ok('end', { ...v(e), reason: 'NO_LONGER_NEEDED' });
    expect(ended).toMatchObject({ status: 'ENDED', endedReason: 'NO_LONGER_NEEDED' });
    expect(Date.parse(ended.endedAt!)).toBeGreaterThanOrEqual(Date.parse(ended.startedAt!));
    expect((await get(e.id)).endedReason).toBe('NO_LONGER_NEEDED');
  });
});

describe('updateExperiment', () => {
  it('changes descriptive fields; absent ones stay, null clears description/hypothesis', async () => {
    const e = await create('update-desc', { description: 'old', hypothesis: 'h', links: [{ name: 'PRD', url: 'https://example.com/prd' }] });
    const u = await ok('update', { id: e.id, expectedResourceVersion: 1, name: '  New name ', hypothesis: 'B converts better' });
    expect(u).toMatchObject({ name: 'New name', description: 'old', hypothesis: 'B converts better', resourceVersion: 2, links: e.links });
    expect(Date.parse(u.updatedAt)).toBeGreaterThanOrEqual(Date.parse(e.updatedAt));
    const cleared = await ok('update', { id: e.id, expectedResourceVersion: 2, description: null, links: [] });
    expect(cleared).toMatchObject({ name: 'New name', description: null, hypothesis: 'B converts better', links: [], resourceVersion: 3 });
    const linked = await ok('update', { id: e.id, expectedResourceVersion: 3, links: [{ name: 'Analysis', url: 'https://example.com/a' }] });
    expect(linked.links).toEqual([{ name: 'Analysis', url: 'https://example.com/a' }]);
    // Only the fields the update names change.
    expect({ ...linked, name: e.name, description: e.description, hypothesis: e.hypothesis, links: e.links, resourceVersion: 1, updatedAt: e.updatedAt }).toEqual(e);
  });

  it('validates fields with their path and changes nothing on error', async () => {
    const e = await create('update-validate');
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ name: '   ' }, 'VALIDATION', ['input', 'name']],
      [{ links: [{ name: 'ok', url: 'https://x.test' }, { name: 'bad', url: 'not a url' }] }, 'VALIDATION', ['input', 'links', '1', 'url']],
      [{}, 'VALIDATION', ['input']],
      [{ name: null, links: null }, 'VALIDATION', ['input']],
    ];
    for (const [fields, code, field] of cases) {
      const r = await run('update', { id: e.id, expectedResourceVersion: 1, ...fields });
      expect(r.errors, JSON.stringify(fields)).toEqual([{ code, message: expect.any(String), field }]);
    }
    const unknown = await run('update', { id: 'RXhwZXJpbWVudDowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA=', expectedResourceVersion: 1, name: 'x' });
    expect(unknown.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'id'] });
    await expectUnchanged(e);
  });

  it('allows descriptive fields until ARCHIVED and variants only while DRAFT', async () => {
    const descriptiveAllowed = ['DRAFT', 'ACTIVE', 'WINNER_DECLARED', 'ENDED'];
    for (const status of ['DRAFT', 'ACTIVE', 'WINNER_DECLARED', 'ENDED', 'ARCHIVED']) {
      const e = await experimentIn(status, `upd-${status}`.replace(/_/g, '.'));
      const desc = await run('update', { id: e.id, expectedResourceVersion: e.resourceVersion, name: 'Renamed', description: 'why' });
      if (descriptiveAllowed.includes(status)) {
        expect(desc.errors, status).toEqual([]);
        expect(desc.experiment).toMatchObject({ name: 'Renamed', description: 'why', status, resourceVersion: e.resourceVersion + 1 });
      } else {
        expect(desc.errors, status).toEqual([{ code: 'INVALID_TRANSITION', message: expect.stringContaining('while ARCHIVED'), field: ['input', 'name'] }]);
        await expectUnchanged(e);
      }
      const current = await get(e.id);
      const variants = await run('update', {
        id: e.id, expectedResourceVersion: current.resourceVersion, name: 'Not applied either',
        variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment B' }],
      });
      if (status === 'DRAFT') {
        expect(variants.errors).toEqual([]);
        expect(variants.experiment!.variants[1]!.name).toBe('Treatment B');
      } else {
        expect(variants.errors, status).toEqual([{ code: 'INVALID_TRANSITION', message: expect.stringContaining('only while DRAFT'), field: ['input', 'variants'] }]);
        await expectUnchanged(current);
      }
    }
  });

  it('replaces variants by key: kept keys keep their id and cohorts, new ones are added, unallocated ones removed', async () => {
    const e = await create('update-variants', {
      variants: [{ key: 'control', name: 'C', isControl: true }, { key: 'a', name: 'A' }, { key: 'spare', name: 'S' }],
      allocations: [{ variantKey: 'control', split: 0.5 }, { variantKey: 'a', split: 0.5 }],
    });
    const ids = Object.fromEntries(e.variants.map((x: { key: string; id: string }) => [x.key, x.id]));
    const u = await ok('update', {
      id: e.id, expectedResourceVersion: 1,
      variants: [{ key: 'b-new', name: 'B', description: 'new arm' }, { key: 'A', name: 'A renamed', isControl: true }, { key: 'Control', name: 'Former control' }],
    });
    expect(u.variants).toEqual([
      { id: expect.any(String), key: 'B-NEW', name: 'B', description: 'new arm', isControl: false },
      { id: ids.A, key: 'A', name: 'A renamed', description: null, isControl: true },
      { id: ids.CONTROL, key: 'CONTROL', name: 'Former control', description: null, isControl: false },
    ]);
    expect(u.control).toEqual({ key: 'A' });
    expect(u.cohorts).toEqual(e.cohorts); // the cohort still points at the same variants
    expect(u.resourceVersion).toBe(2);
  });

  it('keeps the variant rules and refuses to remove a variant a cohort allocates', async () => {
    const e = await create('update-variant-rules');
    const bad: [unknown[], string, string[]][] = [
      [[{ key: 'control', name: 'C', isControl: true }, { key: 'CONTROL', name: 'again' }], 'VALIDATION', ['input', 'variants', '1', 'key']],
      [[{ key: 'control', name: 'C', isControl: true }, { key: 'white space', name: 'W' }], 'VALIDATION', ['input', 'variants', '1', 'key']],
      [[{ key: 'control', name: 'C' }, { key: 'treatment', name: 'T' }], 'VALIDATION', ['input', 'variants']],
      [[{ key: 'control', name: 'C', isControl: true }, { key: 'treatment', name: 'T', isControl: true }], 'VALIDATION', ['input', 'variants']],
      [[{ key: 'control', name: 'C', isControl: true }, { key: 'other', name: 'O' }], 'CONFLICT', ['input', 'variants']],
    ];
    for (const [variants, code, field] of bad) {
      const r = await run('update', { id: e.id, expectedResourceVersion: 1, description: 'not applied', variants });
      expect(r.errors, JSON.stringify(variants)).toEqual([{ code, message: expect.any(String), field }]);
    }
    const conflict = await run('update', { id: e.id, expectedResourceVersion: 1, variants: [{ key: 'control', name: 'C', isControl: true }] });
    expect(conflict.errors[0]!.message).toMatch(/TREATMENT is allocated in cohort 0/);
    await expectUnchanged(e);
  });
});

describe('resourceVersion', () => {
  it('goes up by exactly one per change, and every change is audited with before/after', async () => {
    let e = await create('versions', { allocations: null });
    expect(e.resourceVersion).toBe(1);
    const steps: [Op, Record<string, unknown>][] = [
      ['update', { name: 'Versions v2' }],
      ['addCohort', { allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }] }],
      ['start', {}],
      ['update', { hypothesis: 'h' }],
      ['addCohort', { allocations: [{ variantKey: 'CONTROL', split: 0.4 }, { variantKey: 'TREATMENT', split: 0.6 }] }],
      ['declareWinner', { variantKey: 'CONTROL' }],
      ['end', { reason: 'SUCCESS' }],
      ['update', { description: 'concluded' }],
      ['archive', {}],
    ];
    for (const [i, [op, extra]] of steps.entries()) {
      const base = op === 'update' ? { id: e.id, expectedResourceVersion: e.resourceVersion } : v(e);
      e = await ok(op, { ...base, ...extra });
      expect(e.resourceVersion, op).toBe(i + 2);
    }
    const log = await auditOf(e.id);
    const entries = log.edges.map((x) => x.node).reverse();
    expect(entries.map((x) => x.action)).toEqual([
      'CREATE', 'UPDATE', 'ADD_COHORT', 'START', 'UPDATE', 'ADD_COHORT', 'DECLARE_WINNER', 'END', 'UPDATE', 'ARCHIVE',
    ]);
    for (const [i, entry] of entries.entries()) {
      expect(entry.actorName).toBe('bootstrap');
      expect(entry.after!.resourceVersion).toBe(i + 1);
      if (i > 0) expect(entry.before!.resourceVersion).toBe(i);
    }
    expect(entries[1]!.before!.name).toBe('Experiment versions');
    expect(entries[1]!.after!.name).toBe('Versions v2');
    expect(entries[7]!.after).toMatchObject({ status: 'ENDED', endedReason: 'SUCCESS' });
  });

  it('a stale expectedResourceVersion gets STALE_VERSION and changes nothing, for every change', async () => {
    const draft = await create('stale-draft');
    const active = await experimentIn('ACTIVE', 'stale-active');
    const ended = await experimentIn('ENDED', 'stale-ended');
    const cases: [Op, Experiment, Record<string, unknown>][] = [
      ['update', draft, { id: draft.id, name: 'x', variants: [{ key: 'only', name: 'O', isControl: true }] }],
      ['addCohort', draft, { experimentId: draft.id, allocations: [{ variantKey: 'CONTROL', split: 1 }] }],
      ['start', draft, { experimentId: draft.id }],
      ['archive', draft, { experimentId: draft.id }],
      ['declareWinner', active, { experimentId: active.id, variantKey: 'CONTROL' }],
      ['end', active, { experimentId: active.id, reason: 'OTHER' }],
      ['archive', ended, { experimentId: ended.id }],
    ];
    for (const [op, e, fields] of cases) {
      for (const stale of [e.resourceVersion - 1, e.resourceVersion + 1]) {
        const audited = (await auditOf(e.id)).totalCount;
        const r = await run(op, { ...fields, expectedResourceVersion: stale });
        expect(r, `${op} @${stale}`).toEqual({
          experiment: null,
          errors: [{ code: 'STALE_VERSION', message: expect.stringContaining(`current version is ${e.resourceVersion}`), field: ['input', 'expectedResourceVersion'] }],
        });
        await expectUnchanged(e);
        expect((await auditOf(e.id)).totalCount).toBe(audited);
      }
    }
  });

  it('of concurrent updates from the same version, exactly one wins', async () => {
    const e = await create('concurrent');
    const names = ['n1', 'n2', 'n3', 'n4', 'n5'];
    const results = await Promise.all(names.map((name) => run('update', { id: e.id, expectedResourceVersion: 1, name })));
    const winners = results.filter((r) => r.errors.length === 0);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.errors[0]?.code === 'STALE_VERSION')).toHaveLength(names.length - 1);
    const after = await get(e.id);
    expect(after.resourceVersion).toBe(2);
    expect(after.name).toBe(winners[0]!.experiment!.name);
    expect((await auditOf(e.id)).edges.map((x) => x.node.action)).toEqual(['UPDATE', 'CREATE']);
    // Concurrent transitions too: one start, one archive, from version 2.
    const [start, archive] = await Promise.all([run('start', v(after)), run('archive', v(after))]);
    expect([start.errors.length, archive.errors.length].sort()).toEqual([0, 1]);
    expect((await get(e.id)).resourceVersion).toBe(3);
  });
});

describe('audit of updates', () => {
  it('records UPDATE with the variants before and after', async () => {
    const e = await create('audit-update', { allocations: null });
    await ok('update', { id: e.id, expectedResourceVersion: 1, description: 'd', variants: [{ key: 'control', name: 'C', isControl: true }, { key: 'b', name: 'B' }] });
    const [update] = (await auditOf(e.id)).edges.map((x) => x.node);
    expect(update).toMatchObject({ action: 'UPDATE', actorName: 'bootstrap' });
    expect(update!.before).toMatchObject({ description: null, resourceVersion: 1, variants: [{ key: 'CONTROL', name: 'Control', isControl: true }, { key: 'TREATMENT', name: 'Treatment', isControl: false }] });
    expect(update!.after).toMatchObject({ description: 'd', resourceVersion: 2, variants: [{ key: 'CONTROL', name: 'C', isControl: true }, { key: 'B', name: 'B', isControl: false }] });
  });
});

describe('roles', () => {
  it('VIEWERs cannot change experiments; other environments cannot see them', async () => {
    const e = await create('roles');
    const viewer = await tokenFor(ENV, 'VIEWER');
    const outsider = await tokenFor(OTHER, 'ADMIN');
    expect((await run('update', { id: e.id, expectedResourceVersion: 1, name: 'x' }, viewer)).errors[0]!.code).toBe('FORBIDDEN');
    expect((await run('start', v(e), viewer)).errors[0]!.code).toBe('FORBIDDEN');
    expect((await run('update', { id: e.id, expectedResourceVersion: 1, name: 'x' }, outsider)).errors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'id'] });
    expect((await run('archive', v(e), outsider)).errors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'experimentId'] });
    await expectUnchanged(e);
  });
});
