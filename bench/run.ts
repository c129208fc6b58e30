/**
 * `npm run bench`: starts the real app in-process on a fresh temp data dir (embedded PGlite +
 * chDB unless DATABASE_URL / CLICKHOUSE_URL say otherwise), sets up the demo's experiment, and
 * prints one markdown table:
 *
 * - ingestion (bench/ingestion.ts, second table): SDK-shaped traffic through POST /v1/events in
 *   batches of 100 (32 concurrent clients) and 1,000 (8 clients) (events/s, p50/p99) next
 *   to the raw insert rate of the same rows through the warehouse client, and their ratio; the
 *   per-environment rate limit is off for the run (LIFTGATE_RATE_LIMIT_EVENTS_PER_SECOND=0);
 * - the demo's 20,000-subject traffic through POST /v1/events in 1,000-event batches with 4
 *   concurrent clients (the data of the results measures);
 * - results: latency of the demo's full `experiment { results { … } }` query, ~30 sequential
 *   queries after one warm-up, for the experiment with 2 metrics, and for experiments on the same
 *   feature (hence the same exposures) with 1 and 0 metrics;
 * - assignment (bench/assignment.ts): assignSubject for returning and new subjects over HTTP, and
 *   the split accuracy of the placement hash over 100,000 new subjects (chi-square);
 * - the data plane at 100,000 subjects / 1,000,000 events (bench/scale.ts; `npm run bench:scale`
 *   adds the 1,000,000-subject size), its own table.
 * - A/A calibration of the statistics core (bench/aa-calibration.ts, alone: `npm run bench:aa`):
 *   false positives, interval coverage and daily peeking over 2,000 simulated experiments per scenario;
 * - control plane (bench/control-plane.ts, alone: `npm run bench:control-plane`): the metadata
 *   query and assignSubject against `{ __typename }` on a gateway child process, PGlite and
 *   PostgreSQL, with autocannon; `npm start` until /healthz answers. Flags are passed through.
 *
 * Closes the app and removes the temp dir at the end; exits 1 when anything fails.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../src/app.js';
import { benchConfig } from './app-config.js';
import { createLogger } from '../src/lib/logger.js';
import { benchAaCalibration } from './aa-calibration.js';
import { benchAssignment } from './assignment.js';
import { benchControlPlane } from './control-plane.js';
import { benchIngestion, type IngestionFigures } from './ingestion.js';
import { benchScale } from './scale.js';
import {
  DEMO,
  GraphQLClient,
  createAndStartExperiment,
  ensureEnvironment,
  fetchResults,
  formatTable,
  generateTraffic,
  percentile,
  sendBatches,
  setUpDemoExperiment,
  type MetricRef,
} from '../scripts/demo-traffic.js';

const RESULTS_QUERIES = 30;
const quiet = () => {};
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await run();
  return [value, performance.now() - t0];
}

/** `count` sequential results queries after one warm-up; latencies in ms. */
async function resultsLatencies(client: GraphQLClient, key: string, count: number) {
  const [, warmup] = await timed(() => fetchResults(client, DEMO.environmentKey, key));
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const [view, elapsed] = await timed(() => fetchResults(client, DEMO.environmentKey, key));
    if (!view.results) throw new Error(`${key}: results are null`);
    samples.push(elapsed);
  }
  return { warmup, samples };
}

const INGESTION_SCENARIOS = [
  { batchSize: 100, clients: 32, subjects: 60_000 },
  { batchSize: 1_000, clients: 8, subjects: 100_000 },
];

async function bench(app: App, token: string, rows: string[][], ingestion: IngestionFigures[]): Promise<void> {
  const client = new GraphQLClient(app.url, token);

  // Ingestion throughput against the raw insert rate, in its own environment.
  await ensureEnvironment(client, 'bench-ingest', 'Ingestion bench', quiet);
  for (const [i, scenario] of INGESTION_SCENARIOS.entries()) {
    ingestion.push(await benchIngestion(app, 'bench-ingest', scenario, `s${i}`));
  }

  // Set-up: the demo's environment, metrics and experiment, plus two experiments on the same
  // feature (so the same exposures) with 1 and 0 metrics, for the results-latency comparison.
  const [, setupMs] = await timed(async () => {
    await ensureEnvironment(client, DEMO.environmentKey, DEMO.environmentName, quiet);
    const demo = await setUpDemoExperiment(client, {
      environmentKey: DEMO.environmentKey,
      experimentKey: DEMO.experimentKey,
      featureName: DEMO.featureName,
      log: quiet,
    });
    const experimentWith = (key: string, metrics: MetricRef[]) =>
      createAndStartExperiment(
        client,
        {
          environmentKey: DEMO.environmentKey,
          key,
          name: `${DEMO.experimentName} (${metrics.length} metric${metrics.length === 1 ? '' : 's'})`,
          featureName: DEMO.featureName,
          metrics: metrics.map((metric) => ({ metric, role: 'PRIMARY' as const })),
        },
        quiet,
      );
    await experimentWith(`${DEMO.experimentKey}-1M`, [demo.conversion]);
    await experimentWith(`${DEMO.experimentKey}-0M`, []);
  });
  rows.push(['set-up: environment, 2 metrics, 3 experiments (GraphQL)', ms(setupMs)]);

  // (a) Ingestion.
  const [traffic, generateMs] = await timed(async () =>
    generateTraffic({ subjects: DEMO.subjects, seed: DEMO.seed, featureName: DEMO.featureName, batchSize: DEMO.batchSize }),
  );
  const bytes = traffic.batches.reduce((s, b) => s + Buffer.byteLength(JSON.stringify({ events: b })), 0);
  rows.push([
    'traffic generated (client side, not timed below)',
    `${int(DEMO.subjects)} subjects, ${int(traffic.events)} events (${int(traffic.exposures)} exposures + ${int(traffic.purchases)} purchases), ` +
      `${traffic.batches.length} batches, ${(bytes / 1e6).toFixed(1)} MB JSON, ${ms(generateMs)}`,
  ]);
  const sent = await sendBatches(app.url, DEMO.environmentKey, traffic.batches, DEMO.concurrency);
  if (sent.accepted !== traffic.events) {
    throw new Error(`ingestion: ${sent.accepted} events accepted of ${traffic.events} sent (${sent.duplicates} duplicates)`);
  }
  rows.push([
    `POST /v1/events throughput (${int(DEMO.batchSize)}-event batches, ${DEMO.concurrency} concurrent clients)`,
    `${int(sent.eventsPerSecond)} events/s (${int(sent.events)} events in ${sent.seconds.toFixed(2)} s, ${(bytes / 1e6 / sent.seconds).toFixed(1)} MB/s)`,
  ]);
  rows.push([
    `POST /v1/events request latency (${sent.requests} requests)`,
    `p50 ${ms(percentile(sent.latenciesMs, 50))} · p99 ${ms(percentile(sent.latenciesMs, 99))}`,
  ]);

  // Sanity: the results see every subject.
  const [view, coldMs] = await timed(() => fetchResults(client, DEMO.environmentKey, DEMO.experimentKey));
  const subjects = view.results?.exposures.reduce((s, e) => s + e.subjects, 0) ?? 0;
  if (subjects !== DEMO.subjects) throw new Error(`results count ${subjects} subjects, expected ${DEMO.subjects}`);
  rows.push(['results query, first after ingestion (2 metrics)', ms(coldMs)]);

  // (c) and (d): results latency by number of attached metrics.
  for (const [key, label] of [
    [DEMO.experimentKey, '2 metrics, the demo query'],
    [`${DEMO.experimentKey}-1M`, '1 metric'],
    [`${DEMO.experimentKey}-0M`, '0 metrics (exposures only)'],
  ] as const) {
    const { samples } = await resultsLatencies(client, key, RESULTS_QUERIES);
    const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
    rows.push([
      `results query latency, ${label} (${samples.length} sequential)`,
      `p50 ${ms(percentile(samples, 50))} · p99 ${ms(percentile(samples, 99))} · mean ${ms(mean)}`,
    ]);
  }

  // (e) Sticky assignment over HTTP and split accuracy (bench/assignment.ts).
  rows.push(...(await benchAssignment(app, token)));
}

async function main(): Promise<number> {
  const started = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-bench-'));
  const token = randomBytes(24).toString('base64url'); // 32 characters
  const rows: string[][] = [];
  const ingestion: IngestionFigures[] = [];
  let scale = '';
  let app: App | undefined;
  let failure: unknown;
  try {
    const [opened, startMs] = await timed(() =>
      startApp(
        benchConfig(dataDir, token),
        createLogger('warn'),
      ),
    );
    app = opened;
    rows.push(['app start (stores open + migrations)', ms(startMs)]);
    await bench(app, token, rows, ingestion);
    scale = await benchScale(app, token, [100_000]);
  } catch (err) {
    failure = err;
  } finally {
    if (app) await app.close().catch((err: unknown) => console.error('closing the app failed:', err));
    await rm(dataDir, { recursive: true, force: true });
  }
  rows.push(['total bench time', `${((performance.now() - started) / 1000).toFixed(1)} s`]);

  const cpu = cpus();
  console.log(
    `\nLiftgate bench · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'} · ` +
      `${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'} + ${process.env.CLICKHOUSE_URL ? 'ClickHouse server' : 'chDB (embedded)'}\n`,
  );
  if (ingestion.length) {
    console.log(
      formatTable(
        ['POST /v1/events', 'events', 'events/s', '503 resent', 'p50', 'p99', 'raw insert, same batches', 'ratio', 'raw insert, 10,000-row', 'ratio'],
        ingestion.map((f) => [
          `batches of ${int(f.scenario.batchSize)}, ${f.scenario.clients} clients`,
          int(f.events),
          int(f.eventsPerSecond),
          `${f.resends}/${int(f.requests)}`,
          ms(f.p50Ms),
          ms(f.p99Ms),
          `${int(f.rawSameBatchPerSecond)}/s`,
          `${Math.round((f.eventsPerSecond / f.rawSameBatchPerSecond) * 100)} %`,
          `${int(f.rawBulkPerSecond)}/s`,
          `${Math.round((f.eventsPerSecond / f.rawBulkPerSecond) * 100)} %`,
        ]),
      ),
    );
    console.log('');
  }
  console.log(formatTable(['measure', 'value'], rows, ['left', 'left']));
  if (scale) console.log(`\nData plane at scale (bench/scale.ts)\n\n${scale}`);
  // Control-plane speed (bench/control-plane.ts): its own gateway processes, after this app closed.
  try {
    console.log(`\n${await benchControlPlane(process.argv.slice(2))}`);
  } catch (err) {
    failure ??= err;
  }
  // A/A calibration of the pure statistics core (bench/aa-calibration.ts): no app, no I/O.
  try {
    console.log(`\n${benchAaCalibration()}`);
  } catch (err) {
    failure ??= err;
  }
  if (failure) {
    console.error('\nbench failed:', failure instanceof Error ? failure.message : failure);
    return 1;
  }
  return 0;
}

const code = await main();
process.exit(code);
