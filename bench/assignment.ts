/**
 * `npm run bench:assignment`: assignSubject over HTTP on one process, and split accuracy.
 *
 * Starts the real app in-process on a fresh temp data dir (embedded PGlite + chDB unless
 * DATABASE_URL / CLICKHOUSE_URL say otherwise), creates an environment and an ACTIVE experiment
 * with 20/30/50 splits, then measures with CONCURRENCY concurrent HTTP clients sending the
 * environment key (the SDK path), one assignSubject per request:
 * - new subjects (NEW: read, hash placement, insert) and the same subjects again (STICKY: one
 *   indexed read), with trackExposure false, so the rows measure assignment alone;
 * - returning subjects with trackExposure true (each call also writes an exposure to the warehouse);
 * - a baseline (`{ __typename }`, the same HTTP + GraphQL round trip with no resolver work) and the
 *   domain call alone, sequential and in-process, to show what the stores cost;
 * - split accuracy over 100,000 new subjects, computed with the domain's placement function
 *   directly (the same code assignSubject runs; the HTTP path adds nothing to placement):
 *   observed share vs split per variant and the chi-square goodness-of-fit p-value.
 *
 * `benchAssignment(app)` returns the table rows so `npm run bench` can include them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import chisquare from '@stdlib/stats-base-dists-chisquare';
import { startApp, type App } from '../src/app.js';
import { benchConfig } from './app-config.js';
import { placeSubject } from '../src/domain/assignment/placement.js';
import { createLogger } from '../src/lib/logger.js';
import { formatTable, percentile, postGraphQL as gql } from '../scripts/demo-traffic.js';

const ENVIRONMENT = 'bench-assignment';
const EXPERIMENT = 'BENCH-SPLITS';
const SPLITS = [
  { variant: 'A', split: 0.2 },
  { variant: 'B', split: 0.3 },
  { variant: 'C', split: 0.5 },
] as const;
const NEW_SUBJECTS = 3_000;
const EXPOSURE_REQUESTS = 1_000;
const CONCURRENCY = 8;
const SPLIT_SUBJECTS = 100_000;

const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

const ASSIGN = `mutation($input: AssignSubjectInput!) {
  assignSubject(input: $input) { assignment { variant { key } reason } errors { code message } }
}`;

interface Run {
  latencies: number[];
  perSecond: number;
}

/** Runs `request(item)` for every item over `concurrency` workers; latencies in ms. */
async function load<T>(items: T[], concurrency: number, request: (item: T) => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const start = performance.now();
        await request(item);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { latencies, perSecond: items.length / ((performance.now() - t0) / 1000) };
}

/** One assignSubject request per subject over `concurrency` HTTP clients with the environment key. */
function assignAll(url: string, subjects: string[], reason: string, trackExposure: boolean, concurrency: number) {
  const headers = { 'x-environment-key': ENVIRONMENT };
  return load(subjects, concurrency, async (subjectId) => {
    const data = await gql(url, headers, ASSIGN, {
      input: { environmentKey: ENVIRONMENT, experimentKey: EXPERIMENT, subjectId, trackExposure },
    });
    const { assignment, errors } = data.assignSubject;
    if (errors.length || assignment.reason !== reason) {
      throw new Error(`${subjectId}: expected ${reason}, got ${JSON.stringify(data.assignSubject)}`);
    }
  });
}

/** Observed shares of `n` new subjects placed by the domain hash against SPLITS, and the chi-square test. */
export function splitAccuracy(n: number) {
  const allocations = SPLITS.map((s) => ({ ...s, splitMillis: Math.round(s.split * 1000) }));
  const counts = new Map<string, number>(SPLITS.map((s) => [s.variant, 0]));
  for (let i = 0; i < n; i++) {
    const { variant } = placeSubject(EXPERIMENT, `subject-${i}`, allocations);
    counts.set(variant, counts.get(variant)! + 1);
  }
  const chiSquare = SPLITS.reduce((s, { variant, split }) => s + (counts.get(variant)! - n * split) ** 2 / (n * split), 0);
  const pValue = 1 - chisquare.cdf(chiSquare, SPLITS.length - 1);
  return { counts, chiSquare, pValue };
}

/** Runs the assignment bench against a started app; returns [measure, value] rows. */
export async function benchAssignment(app: App, token: string): Promise<string[][]> {
  const rows: string[][] = [];
  const admin = { authorization: `Bearer ${token}` };
  const env = await gql(app.url, admin, `mutation($key: String!) { createEnvironment(input: { name: $key, key: $key }) { errors { code message } } }`, { key: ENVIRONMENT });
  if (env.createEnvironment.errors.length) throw new Error(JSON.stringify(env.createEnvironment.errors));
  const created = await gql(
    app.url,
    admin,
    `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { experiment { id resourceVersion } errors { code message } } }`,
    {
      input: {
        environmentKey: ENVIRONMENT,
        key: EXPERIMENT,
        name: 'Assignment bench',
        featureName: 'bench_assignment',
        variants: SPLITS.map((s, i) => ({ key: s.variant, name: s.variant, isControl: i === 0 })),
        allocations: SPLITS.map((s) => ({ variantKey: s.variant, split: s.split })),
      },
    },
  );
  const { id, resourceVersion } = created.createExperiment.experiment;
  await gql(
    app.url,
    admin,
    `mutation($input: TransitionInput!) { startExperiment(input: $input) { errors { code message } } }`,
    { input: { experimentId: id, expectedResourceVersion: resourceVersion } },
  );

  const subjects = Array.from({ length: NEW_SUBJECTS }, (_, i) => `bench-${i}`);
  await assignAll(app.url, ['warm-up-1', 'warm-up-2'], 'NEW', false, 1);
  // Baseline: the same HTTP + GraphQL round trip with no resolver work.
  const baseline = await load(subjects, CONCURRENCY, async () => {
    await gql(app.url, { 'x-environment-key': ENVIRONMENT }, '{ __typename }', {});
  });
  const fresh = await assignAll(app.url, subjects, 'NEW', false, CONCURRENCY);
  const returning = await assignAll(app.url, subjects, 'STICKY', false, CONCURRENCY);
  const exposed = await assignAll(app.url, subjects.slice(0, EXPOSURE_REQUESTS), 'STICKY', true, CONCURRENCY);
  // The domain call alone (no HTTP, no GraphQL), sequential: what the stores cost per returning subject.
  const actor = { kind: 'environmentKey' as const, environmentId: (await app.services.environments.findByKey(ENVIRONMENT))!.id };
  const direct = await load(subjects.slice(0, EXPOSURE_REQUESTS), 1, async (subjectId) => {
    const view = await app.services.assignments.assign(actor, { environmentKey: ENVIRONMENT, experimentKey: EXPERIMENT, subjectId, trackExposure: false });
    if (view.reason !== 'STICKY') throw new Error(`${subjectId}: expected STICKY, got ${view.reason}`);
  });
  const p50 = (r: Run) => percentile(r.latencies, 50);
  const line = (label: string, n: number, r: Run, clients = CONCURRENCY) => [
    `${label} (${int(n)} requests, ${clients} concurrent client${clients === 1 ? '' : 's'})`,
    `${int(r.perSecond)} req/s · p50 ${ms(p50(r))} · p99 ${ms(percentile(r.latencies, 99))} · p50 ${(p50(r) / p50(baseline)).toFixed(1)}× baseline`,
  ];
  rows.push(line('baseline: `{ __typename }` over HTTP, environment key', subjects.length, baseline));
  rows.push(line('assignSubject, returning subjects (STICKY), trackExposure false', subjects.length, returning));
  rows.push(line('assignSubject, new subjects (NEW), trackExposure false', subjects.length, fresh));
  rows.push(line('assignSubject, returning subjects (STICKY), trackExposure true', EXPOSURE_REQUESTS, exposed));
  rows.push(line('assignments.assign in-process (no HTTP/GraphQL), returning subjects', EXPOSURE_REQUESTS, direct, 1));

  const [accuracy, splitMs] = await timed(async () => splitAccuracy(SPLIT_SUBJECTS));
  for (const { variant, split } of SPLITS) {
    const observed = accuracy.counts.get(variant)! / SPLIT_SUBJECTS;
    rows.push([
      `split accuracy, variant ${variant} (${int(SPLIT_SUBJECTS)} new subjects, domain hash)`,
      `observed ${(observed * 100).toFixed(2)} % vs split ${(split * 100).toFixed(1)} % (${int(accuracy.counts.get(variant)!)} subjects)`,
    ]);
  }
  rows.push([
    `split accuracy, chi-square goodness of fit (df ${SPLITS.length - 1})`,
    `χ² ${accuracy.chiSquare.toFixed(3)} · p ${accuracy.pValue.toFixed(3)} · ${ms(splitMs)} for ${int(SPLIT_SUBJECTS)} placements`,
  ]);
  return rows;
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await run();
  return [value, performance.now() - t0];
}

async function main(): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-bench-assignment-'));
  const token = randomBytes(24).toString('base64url');
  let rows: string[][] = [];
  let app: App | undefined;
  let failure: unknown;
  try {
    app = await startApp(
      benchConfig(dataDir, token),
      createLogger('warn'),
    );
    rows = await benchAssignment(app, token);
  } catch (err) {
    failure = err;
  } finally {
    if (app) await app.close().catch((err: unknown) => console.error('closing the app failed:', err));
    await rm(dataDir, { recursive: true, force: true });
  }
  const cpu = cpus();
  console.log(
    `\nLiftgate assignment bench · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'} · ` +
      `${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'} + ${process.env.CLICKHOUSE_URL ? 'ClickHouse server' : 'chDB (embedded)'}\n`,
  );
  console.log(formatTable(['measure', 'value'], rows, ['left', 'left']));
  if (failure) {
    console.error('\nbench failed:', failure instanceof Error ? failure.message : failure);
    return 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(await main());
