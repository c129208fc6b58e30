/**
 * Sticky assignment through GraphQL on the real stores (PGlite or PostgreSQL + chDB): every status,
 * NEW then STICKY, stickiness across a cohort change, hash placement against the splits
 * (chi-square) and its stability across a restart, 50 concurrent first requests, a winner
 * declared mid-flight, subject-id rules, who may call, and exposures that results count.
 */
import chisquare from '@stdlib/stats-base-dists-chisquare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaClient } from '../../src/db/prisma-ref.js';
import { changeExperiment, type LifecycleInputs } from '../fixtures/lifecycle.js';
import { CreateExperiment } from '../fixtures/operations.js';
import { createToken } from '../fixtures/tokens.js';
import { graphql } from '../generated/gql.js';
import type { AssignmentFieldsFragment } from '../generated/graphql.js';
import { createTestApp, type RequestOptions, type TestApp } from '../helpers/test-app.js';
import { warehouseRows, withWarehouseOffline } from '../helpers/warehouse.js';

let t: TestApp;
const ENV = 'asg';
const OTHER_ENV = 'asg-other';
let editorToken: string;
let viewerToken: string;

graphql(`fragment AssignmentFields on Assignment { subjectId variant { key } cohortIndex assignedAt reason }`);

type AssignmentData = AssignmentFieldsFragment;
type Auth = RequestOptions;

/** Creates an experiment (variants A control, B, C) with a first cohort; returns id and version. */
async function createExperiment(opts: {
  env?: string; key: string; splits: Record<string, number>; subjectType?: string; featureName?: string;
}): Promise<{ id: string; version: number }> {
  const data = await t.executeOk(
    CreateExperiment,
    {
      input: {
        environmentKey: opts.env ?? ENV,
        key: opts.key,
        name: opts.key,
        featureName: opts.featureName ?? `${opts.key.toLowerCase()}_flag`,
        subjectType: opts.subjectType ?? 'ANY',
        variants: [{ key: 'A', name: 'A', isControl: true }, { key: 'B', name: 'B' }, { key: 'C', name: 'C' }],
        allocations: Object.entries(opts.splits).map(([variantKey, split]) => ({ variantKey, split })),
      },
    },
  );
  expect(data.createExperiment.errors).toEqual([]);
  return { id: data.createExperiment.experiment!.id, version: data.createExperiment.experiment!.resourceVersion };
}

/** Runs a lifecycle mutation (its errors must be empty); returns the new resourceVersion. */
async function lifecycle<K extends keyof LifecycleInputs>(mutation: K, input: LifecycleInputs[K]): Promise<number> {
  const r = await changeExperiment(t, mutation, input);
  expect(r.errors).toEqual([]);
  return r.experiment!.resourceVersion;
}

async function startedExperiment(opts: Parameters<typeof createExperiment>[0]) {
  const exp = await createExperiment(opts);
  const version = await lifecycle('startExperiment', { experimentId: exp.id, expectedResourceVersion: exp.version });
  return { id: exp.id, version };
}

const ASSIGN = graphql(`mutation AssignmentAssign($input: AssignSubjectInput!) {
  assignSubject(input: $input) { assignment { ...AssignmentFields } errors { code message field } }
}`);

/** assignSubject; returns the payload (assignment and errors). */
async function assign(
  key: string,
  subjectId: string,
  opts: { env?: string; trackExposure?: boolean; traits?: unknown } & Auth = {},
) {
  const { env, trackExposure, traits, ...auth } = opts;
  const data = await t.executeOk(
    ASSIGN,
    { input: { environmentKey: env ?? ENV, experimentKey: key, subjectId, trackExposure: trackExposure ?? false, traits } },
    auth,
  );
  return data.assignSubject;
}

/** Many assignSubject calls in one document (aliases run in order): variant key (or null) per subject. */
async function assignMany(key: string, subjects: string[], env = ENV): Promise<Map<string, AssignmentData>> {
  const out = new Map<string, AssignmentData>();
  // 15 per document: the default alias limit (LIFTGATE_GRAPHQL_MAX_ALIASES).
  for (let i = 0; i < subjects.length; i += 15) {
    const chunk = subjects.slice(i, i + 15);
    const fields = chunk
      .map((s, j) => `a${j}: assignSubject(input: { environmentKey: ${JSON.stringify(env)}, experimentKey: ${JSON.stringify(key)}, subjectId: ${JSON.stringify(s)}, trackExposure: false }) { assignment { subjectId variant { key } cohortIndex assignedAt reason } errors { code message field } }`)
      .join('\n');
    // Raw on purpose: a document built at run time (many aliases per request, for speed) cannot be typed by codegen.
    const res = await t.gql<Record<string, { assignment: AssignmentData; errors: unknown[] }>>(`mutation { ${fields} }`);
    expect(res.errors).toBeUndefined();
    const data = res.data!;
    chunk.forEach((s, j) => {
      expect(data[`a${j}`]!.errors).toEqual([]);
      out.set(s, data[`a${j}`]!.assignment);
    });
  }
  return out;
}

const GET = graphql(`query AssignmentGet($env: String!, $key: String!, $subject: String!) {
  assignment(environmentKey: $env, experimentKey: $key, subjectId: $subject) { ...AssignmentFields }
}`);
async function stored(key: string, subjectId: string, auth?: Auth, env = ENV): Promise<AssignmentData | null> {
  return (await t.executeOk(GET, { env, key, subject: subjectId }, auth)).assignment;
}
const WITH_EXPERIMENT = graphql(`query AssignmentWithExperiment($env: String!, $key: String!, $subject: String!) {
  assignment(environmentKey: $env, experimentKey: $key, subjectId: $subject) { variant { key } experiment { key name hypothesis } }
}`);
const TRACK = graphql(`mutation AssignmentTrack($input: TrackEventsInput!) { trackEvents(input: $input) { errors { code message field } } }`);

const subjects = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const countBy = (xs: Iterable<AssignmentData>) => {
  const counts: Record<string, number> = {};
  for (const x of xs) counts[x.variant?.key ?? 'none'] = (counts[x.variant?.key ?? 'none'] ?? 0) + 1;
  return counts;
};

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV, OTHER_ENV);
  editorToken = await createToken(t, 'asg-EDITOR', ENV, 'EDITOR');
  viewerToken = await createToken(t, 'asg-VIEWER', ENV, 'VIEWER');
});

afterAll(async () => {
  await t?.stop();
});

describe('assignSubject by status', () => {
  it('DRAFT: NOT_RUNNING with no variant, nothing stored', async () => {
    await createExperiment({ key: 'draft-exp', splits: { A: 0.5, B: 0.5 } });
    const r = await assign('draft-exp', 'u1');
    expect(r.errors).toEqual([]);
    expect(r.assignment).toEqual({ subjectId: 'u1', variant: null, cohortIndex: null, assignedAt: null, reason: 'NOT_RUNNING' });
    expect(await stored('draft-exp', 'u1')).toBeNull();
  });

  it('ACTIVE: a new subject is NEW (stored with cohort and time), then STICKY with the same variant', async () => {
    await startedExperiment({ key: 'sticky', splits: { A: 0.5, B: 0.5 } });
    const first = (await assign('sticky', 'user-1')).assignment!;
    expect(first.reason).toBe('NEW');
    expect(['A', 'B']).toContain(first.variant?.key);
    expect(first.cohortIndex).toBe(0);
    expect(Date.parse(first.assignedAt!)).toBeGreaterThan(Date.now() - 60_000);
    const again = (await assign('sticky', 'user-1')).assignment!;
    expect(again).toEqual({ ...first, reason: 'STICKY' });
    // Query.assignment reads the record; the experiment key is case-insensitive.
    expect(await stored('STICKY', 'user-1')).toEqual({ ...first, reason: 'STICKY' });
    // Subject ids are case-sensitive: USER-1 is another subject.
    expect(await stored('sticky', 'USER-1')).toBeNull();
  });

  it('ENDED and ARCHIVED: NOT_RUNNING with no variant; the stored record stays readable', async () => {
    const exp = await startedExperiment({ key: 'ending', splits: { A: 0.5, B: 0.5 } });
    const before = (await assign('ending', 'e1')).assignment!;
    expect(before.reason).toBe('NEW');
    let version = await lifecycle('endExperiment', { experimentId: exp.id, expectedResourceVersion: exp.version, reason: 'NO_STAT_SIG' });
    for (const subject of ['e1', 'e2']) {
      expect((await assign('ending', subject)).assignment).toEqual({ subjectId: subject, variant: null, cohortIndex: null, assignedAt: null, reason: 'NOT_RUNNING' });
    }
    version = await lifecycle('archiveExperiment', { experimentId: exp.id, expectedResourceVersion: version });
    expect((await assign('ending', 'e1')).assignment?.reason).toBe('NOT_RUNNING');
    expect((await assign('ending', 'e1')).assignment?.variant).toBeNull();
    expect(await stored('ending', 'e1')).toEqual({ ...before, reason: 'STICKY' });
    expect(await stored('ending', 'e2')).toBeNull();
  });

  it('winner declared mid-flight: WINNER for old and new subjects; stored records unchanged, nothing new stored', async () => {
    const exp = await startedExperiment({ key: 'winner', splits: { A: 0.5, B: 0.5 } });
    const before = await assignMany('winner', subjects('w', 60));
    const inA = [...before.values()].filter((a) => a.variant?.key === 'A');
    expect(inA.length).toBeGreaterThan(0);
    await lifecycle('declareWinner', { experimentId: exp.id, expectedResourceVersion: exp.version, variantKey: 'b' });
    for (const old of inA.slice(0, 5)) {
      expect((await assign('winner', old.subjectId)).assignment).toEqual({
        subjectId: old.subjectId, variant: { key: 'B' }, cohortIndex: null, assignedAt: null, reason: 'WINNER',
      });
      expect(await stored('winner', old.subjectId)).toEqual({ ...old, reason: 'STICKY' });
    }
    expect((await assign('winner', 'w-new')).assignment).toMatchObject({ variant: { key: 'B' }, reason: 'WINNER' });
    expect(await stored('winner', 'w-new')).toBeNull();
  });
});

describe('placement', () => {
  it('stays sticky across a cohort change; new subjects follow the new splits (50/50 → 0/100)', async () => {
    const exp = await startedExperiment({ key: 'cohorts', splits: { A: 0.5, B: 0.5 } });
    const old = await assignMany('cohorts', subjects('old', 200));
    const oldCounts = countBy(old.values());
    expect(oldCounts.A).toBeGreaterThan(50);
    expect(oldCounts.B).toBeGreaterThan(50);
    await lifecycle('addCohort', { experimentId: exp.id, expectedResourceVersion: exp.version, allocations: [{ variantKey: 'B', split: 1 }] });

    const again = await assignMany('cohorts', subjects('old', 200));
    for (const [subject, first] of old) expect(again.get(subject)).toEqual({ ...first, reason: 'STICKY' });

    const fresh = await assignMany('cohorts', subjects('new', 200));
    expect([...fresh.values()].every((a) => a.variant?.key === 'B' && a.cohortIndex === 1 && a.reason === 'NEW')).toBe(true);
  });

  it('matches 20/30/50 splits within chance (chi-square over 2,000 new subjects)', async () => {
    await startedExperiment({ key: 'splits', splits: { A: 0.2, B: 0.3, C: 0.5 } });
    const placed = await assignMany('splits', subjects('s', 2000));
    expect([...placed.values()].every((a) => a.reason === 'NEW' && a.cohortIndex === 0)).toBe(true);
    const counts = countBy(placed.values());
    const expected = { A: 400, B: 600, C: 1000 };
    const stat = Object.entries(expected).reduce((s, [k, e]) => s + ((counts[k] ?? 0) - e) ** 2 / e, 0);
    const p = 1 - chisquare.cdf(stat, 2);
    expect(p).toBeGreaterThan(0.001);
    // And not by luck of one variant: every observed share is within 3 percentage points.
    for (const [k, e] of Object.entries(expected)) expect(Math.abs((counts[k] ?? 0) / 2000 - e / 2000)).toBeLessThan(0.03);
  });

  it('is stable across a restart: stored subjects keep their variant, and the hash alone places them identically', async () => {
    await startedExperiment({ key: 'restart', splits: { A: 0.2, B: 0.3, C: 0.5 } });
    const ids = subjects('r', 300);
    const before = await assignMany('restart', ids);
    await t.restart();
    const after = await assignMany('restart', ids);
    for (const id of ids) expect(after.get(id)).toEqual({ ...before.get(id), reason: 'STICKY' });
    // A fresh experiment with the same key in another environment has no stored assignment:
    // its NEW placements come from the hash of (key, subject) alone, in the restarted process.
    await startedExperiment({ env: OTHER_ENV, key: 'restart', splits: { A: 0.2, B: 0.3, C: 0.5 } });
    const elsewhere = await assignMany('restart', ids, OTHER_ENV);
    for (const id of ids) {
      expect(elsewhere.get(id)?.reason).toBe('NEW');
      expect(elsewhere.get(id)?.variant).toEqual(before.get(id)?.variant);
    }
  });

  it('50 concurrent first assignments of one subject agree; one row is stored; exactly one is NEW', async () => {
    await startedExperiment({ key: 'race', splits: { A: 0.34, B: 0.33, C: 0.33 } });
    const answers = await Promise.all(Array.from({ length: 50 }, () => assign('race', 'racer')));
    expect(answers.every((a) => a.errors.length === 0)).toBe(true);
    const variants = new Set(answers.map((a) => a.assignment?.variant?.key));
    expect(variants.size).toBe(1);
    expect(answers.filter((a) => a.assignment?.reason === 'NEW')).toHaveLength(1);
    expect(answers.filter((a) => a.assignment?.reason === 'STICKY')).toHaveLength(49);
    expect(new Set(answers.map((a) => a.assignment?.assignedAt)).size).toBe(1);
    const exp = await prismaClient().experiment.findFirstOrThrow({ where: { key: 'RACE' } });
    expect(await prismaClient().assignment.count({ where: { experimentId: exp.id } })).toBe(1);
  });
});

describe('subject ids', () => {
  it('rejects empty and blank ids for ANY and for typed subjects; typed subjects take non-empty ids', async () => {
    await startedExperiment({ key: 'typed', splits: { A: 0.5, B: 0.5 }, subjectType: 'customer_id' });
    await startedExperiment({ key: 'untyped', splits: { A: 0.5, B: 0.5 } });
    for (const key of ['typed', 'untyped']) {
      for (const id of ['', '   ', '\t']) {
        const r = await assign(key, id);
        expect(r.assignment).toBeNull();
        expect(r.errors).toEqual([expect.objectContaining({ code: 'VALIDATION', field: ['input', 'subjectId'] })]);
      }
      const tooLong = await assign(key, 'x'.repeat(501));
      expect(tooLong.errors).toEqual([expect.objectContaining({ code: 'VALIDATION', field: ['input', 'subjectId'] })]);
      expect((await assign(key, 'cust_1')).assignment?.reason).toBe('NEW');
    }
    expect((await assign('typed', '')).errors[0]?.message).toMatch(/CUSTOMER_ID/);
  });

  it('rejects traits that are not a JSON object', async () => {
    const r = await assign('untyped', 'traits-1', { traits: [1, 2] });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'VALIDATION', field: ['input', 'traits'] })]);
    expect(await stored('untyped', 'traits-1')).toBeNull();
  });
});

describe('who may assign and read', () => {
  beforeAll(async () => {
    await startedExperiment({ key: 'auth', splits: { A: 0.5, B: 0.5 } });
  });
  const envKey = (key: string): Auth => ({ token: null, headers: { 'x-environment-key': key } });

  it('the environment key assigns and reads, but does not reach the experiment\'s control-plane data', async () => {
    const r = await assign('auth', 'k1', envKey(ENV));
    expect(r.errors).toEqual([]);
    expect(r.assignment?.reason).toBe('NEW');
    expect(await stored('auth', 'k1', envKey(ENV))).toEqual({ ...r.assignment, reason: 'STICKY' });
    const withExperiment = await t.execute(WITH_EXPERIMENT, { env: ENV, key: 'auth', subject: 'k1' }, envKey(ENV));
    expect(withExperiment.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(withExperiment.data?.assignment ?? null).toBeNull();
    // A token reads it.
    const viaToken = await t.executeOk(WITH_EXPERIMENT, { env: ENV, key: 'auth', subject: 'k1' });
    expect(viaToken.assignment?.experiment.key).toBe('AUTH');
  });

  it('another environment\'s key gets NOT_FOUND, as for trackEvents', async () => {
    const r = await assign('auth', 'k2', envKey(OTHER_ENV));
    expect(r.assignment).toBeNull();
    expect(r.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'environmentKey'] })]);
    const track = await t.executeOk(TRACK, { input: { environmentKey: ENV, events: [{ event: 'x' }] } }, envKey(OTHER_ENV));
    expect(track.trackEvents.errors[0]?.code).toBe('NOT_FOUND');
    const read = await t.execute(GET, { env: ENV, key: 'auth', subject: 'k1' }, envKey(OTHER_ENV));
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await stored('auth', 'k2')).toBeNull();
  });

  it('EDITOR tokens assign; VIEWER tokens only read (FORBIDDEN to assign); no credentials is UNAUTHENTICATED', async () => {
    expect((await assign('auth', 'k3', { token: editorToken })).assignment?.reason).toBe('NEW');
    const viewer = await assign('auth', 'k4', { token: viewerToken });
    expect(viewer.assignment).toBeNull();
    expect(viewer.errors).toEqual([expect.objectContaining({ code: 'FORBIDDEN' })]);
    expect(await stored('auth', 'k4')).toBeNull();
    expect((await stored('auth', 'k3', { token: viewerToken }))?.reason).toBe('STICKY');
    const anonymous = [
      await t.execute(ASSIGN, { input: { environmentKey: ENV, experimentKey: 'auth', subjectId: 'k5' } }, { token: null }),
      await t.execute(GET, { env: ENV, key: 'auth', subject: 'k5' }, { token: null }),
    ];
    for (const r of anonymous) expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('unknown environment or experiment: NOT_FOUND (payload error for assignSubject, top-level for Query.assignment)', async () => {
    expect((await assign('auth', 'k6', { env: 'nope' })).errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'environmentKey'] })]);
    expect((await assign('missing', 'k6')).errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'experimentKey'] })]);
    const read = await t.execute(GET, { env: ENV, key: 'missing', subject: 'k6' });
    expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: ['experimentKey'] });
  });
});

describe('exposures', () => {
  const RESULTS = graphql(`query AssignmentExposures($env: String!, $key: String!) {
    experiment(environmentKey: $env, key: $key) { results { exposures { variant { key } subjects } } }
  }`);

  it('trackExposure writes an SDK-format exposure that results count per variant; false writes none', async () => {
    await startedExperiment({ key: 'exposed', splits: { A: 0.5, B: 0.5 }, featureName: 'exposed_flag' });
    const tracked: AssignmentData[] = [];
    for (const id of subjects('x', 12)) {
      const r = await assign('exposed', id, { trackExposure: true, traits: { plan: 'pro' } });
      expect(r.errors).toEqual([]);
      tracked.push(r.assignment!);
    }
    // A returning subject's exposure is recorded again and changes nothing in results.
    expect((await assign('exposed', 'x-0', { trackExposure: true })).assignment?.reason).toBe('STICKY');
    for (const id of subjects('silent', 8)) expect((await assign('exposed', id, { trackExposure: false })).errors).toEqual([]);
    // The default is trackExposure: true.
    const byDefault = await t.executeOk(ASSIGN, {
      input: { environmentKey: ENV, experimentKey: 'exposed', subjectId: 'x-default' },
    });
    tracked.push(byDefault.assignSubject.assignment!);

    const data = await t.executeOk(RESULTS, { env: ENV, key: 'exposed' });
    const seen = Object.fromEntries(data.experiment!.results!.exposures.map((e) => [e.variant.key, e.subjects]));
    const expected = countBy(tracked);
    expect(seen).toEqual({ A: expected.A ?? 0, B: expected.B ?? 0, C: 0 });

    // The stored events, read from the warehouse: SDK wire fields plus the server's origin.
    const events = await warehouseRows<Record<string, string>>(
      t,
      `SELECT event, feature_name, value, JSONExtractString(metadata, 'origin') AS origin,
         JSONExtractString(metadata, 'assignment_reason') AS reason, JSONExtractString(traits, 'plan') AS plan
       FROM events FINAL WHERE identifier = {id:String} ORDER BY timestamp`,
      { id: 'x-0' },
    );
    const variant = tracked[0]!.variant!.key;
    expect(events).toEqual([
      { event: '$flag_exposure', feature_name: 'exposed_flag', value: variant, origin: 'liftgate-server', reason: 'NEW', plan: 'pro' },
      { event: '$flag_exposure', feature_name: 'exposed_flag', value: variant, origin: 'liftgate-server', reason: 'STICKY', plan: '' },
    ]);
  });

  it('warehouse down: WAREHOUSE_UNAVAILABLE, the placement is kept and the retry answers it and records the exposure', async () => {
    await startedExperiment({ key: 'outage', splits: { A: 0.5, B: 0.5 }, featureName: 'outage_flag' });
    const down = await withWarehouseOffline(t, () => assign('outage', 'o1', { trackExposure: true }));
    expect(down.assignment).toBeNull();
    expect(down.errors).toEqual([expect.objectContaining({ code: 'WAREHOUSE_UNAVAILABLE' })]);
    const kept = await stored('outage', 'o1');
    expect(kept?.variant).not.toBeNull();
    const retry = await assign('outage', 'o1', { trackExposure: true });
    expect(retry.assignment).toEqual({ ...kept, reason: 'STICKY' });
    const data = await t.executeOk(RESULTS, { env: ENV, key: 'outage' });
    expect(data.experiment!.results!.exposures.map((e) => e.subjects).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('NOT_RUNNING writes no exposure', async () => {
    await createExperiment({ key: 'quiet', splits: { A: 0.5, B: 0.5 }, featureName: 'quiet_flag' });
    expect((await assign('quiet', 'q1', { trackExposure: true })).assignment?.reason).toBe('NOT_RUNNING');
    const rows = await warehouseRows<{ n: string | number }>(t, 'SELECT count() AS n FROM events FINAL WHERE feature_name = {f:String}', { f: 'quiet_flag' });
    expect(rows.map((r) => Number(r.n))).toEqual([0]);
  });
});
