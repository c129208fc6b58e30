/**
 * `npm run bench:results-engine [-- subjects …]` (default 100,000; the size is 1,000,000):
 * the results engine of issue 10 at scale, on embedded chDB, in one app and one run.
 *
 * One environment loaded like bench:scale (`load`: `subjects` subjects, 10 events each, 21 days
 * of events, so every subject has events before its exposure), two experiments on the same flag:
 * - PLAIN: bench:scale's 5 metrics (revenue SUM, purchase OCCURRENCE, page views COUNT, add to
 *   cart OCCURRENCE, signups COUNT), read with the default analysis;
 * - ENGINE: 5 metrics of which one RATIO (revenue per purchase: SUM / COUNT of purchase) and one
 *   with CUPED (revenue SUM, 14-day pre-exposure covariate), read with `analysis: { cuped: true }`.
 * Figures, each with process CPU beside wall time (chDB runs in this process) and the peak RSS
 * increase: each experiment's first read after the load (cold: its query shape not run before;
 * the page cache is warm from the load), then warm reads (median of several, the two experiments
 * interleaved so both see the same machine load), all over GraphQL;
 * the bare scan of the same events and columns without FINAL in the same run; the ratios the
 * issue sets targets on (warm ≤ 1.5 s at 1M; ≤ 10× the bare scan; CUPED + ratio ≤ +20 % over
 * the plain 5-metric figure).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startApp, type App } from '../src/app.js';
import { createLogger } from '../src/lib/logger.js';
import { GraphQLClient, createAndStartExperiment, formatTable, percentile, postGraphQL, type MetricRef } from '../scripts/demo-traffic.js';
import { benchConfig } from './app-config.js';
import { FEATURE, load, measure, scan, setUp } from './scale.js';

const quiet = () => {};
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const times = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

const CREATE_METRIC = `mutation BenchCreateMetric($input: CreateMetricInput!) {
  createMetric(input: $input) { metric { id name aggregation } errors { code message field } } }`;
const RESULTS = `query BenchResults($env: String!, $key: String!, $analysis: ResultsAnalysisInput) {
  experiment(environmentKey: $env, key: $key) { results(analysis: $analysis) {
    exposures { subjects } metrics { metric { name } comparisons { pValue absoluteLift { estimate } cuped { varianceReduction } } } } } }`;

/** The ENGINE experiment's metrics: one RATIO, one CUPED, three plain. */
const ENGINE_METRICS = [
  { name: 'Engine revenue (CUPED)', aggregation: 'SUM', definition: { event: { event: 'purchase' } }, cuped: { preExposureDays: 14 } },
  { name: 'Engine revenue per purchase', aggregation: 'RATIO', definition: { ratio: { numerator: { event: 'purchase', aggregation: 'SUM' }, denominator: { event: 'purchase', aggregation: 'COUNT' } } } },
  { name: 'Engine page views', aggregation: 'COUNT', definition: { event: { event: 'page_view' } } },
  { name: 'Engine add to cart', aggregation: 'OCCURRENCE', definition: { event: { event: 'add_to_cart' } } },
  { name: 'Engine signups', aggregation: 'COUNT', definition: { event: { event: 'signup' } } },
];

/** Runs the bench for each size on a running app; returns the printed table (markdown). */
export async function benchResultsEngine(app: App, token: string, sizes: number[]): Promise<string> {
  const client = new GraphQLClient(app.url, token);
  const auth = { authorization: `Bearer ${token}` };
  const table: string[][] = [];
  for (const subjects of sizes) {
    const label = int(subjects);
    const { key, envId, experiment: plain } = await setUp(app, client, subjects);
    const metrics: MetricRef[] = [];
    for (const spec of ENGINE_METRICS) {
      const data = await postGraphQL(app.url, auth, CREATE_METRIC, { input: { environmentKey: key, polarity: 'HIGHER_IS_BETTER', ...spec } });
      if (data.createMetric.errors.length) throw new Error(JSON.stringify(data.createMetric.errors));
      metrics.push(data.createMetric.metric as MetricRef);
    }
    const engine = `ENGINE-${subjects}`;
    await createAndStartExperiment(client, { environmentKey: key, key: engine, name: `Engine ${label}`, featureName: FEATURE, metrics: metrics.map((metric) => ({ metric, role: 'PRIMARY' as const })) }, quiet);
    const loaded = await load(app, envId, subjects);
    table.push(['load (engine-side, bench:scale\'s events)', label, `${int(loaded.total + loaded.resent)} rows in ${ms(loaded.loaded.wallMs)}`, ms(loaded.loaded.cpuMs), '', '']);

    const read = (experiment: string, analysis?: object) => async () => {
      const data = await postGraphQL(app.url, auth, RESULTS, { env: key, key: experiment, analysis });
      if (!data.experiment?.results) throw new Error('results are null');
      return data.experiment.results as { metrics: { metric: { name: string }; comparisons: { cuped: { varianceReduction: number | null } | null }[] }[] };
    };
    const readPlain = read(plain);
    const readEngine = read(engine, { cuped: true });
    const coldPlain = await measure(readPlain);
    const coldEngine = await measure(readEngine);
    const reduction = coldEngine.value.metrics.find((m) => m.metric.name.startsWith('Engine revenue (CUPED)'))?.comparisons[0]?.cuped?.varianceReduction;

    // Warm reads interleaved (plain, engine, plain, …) so both see the same machine load.
    const runs = subjects > 200_000 ? 3 : 7;
    const walls = { plain: [] as number[], engine: [] as number[] };
    const cpu = { plain: 0, engine: 0 };
    const rss = { plain: 0, engine: 0 };
    for (let i = 0; i < runs; i++) {
      for (const [which, run] of [['plain', readPlain], ['engine', readEngine]] as const) {
        const r = await measure(run);
        walls[which].push(r.wallMs);
        cpu[which] += r.cpuMs / runs;
        rss[which] = Math.max(rss[which], r.rssPeak);
      }
    }
    const warmPlain = { median: percentile(walls.plain, 50), cpu: cpu.plain, rss: rss.plain };
    const warmEngine = { median: percentile(walls.engine, 50), cpu: cpu.engine, rss: rss.engine };
    const bare = await scan(app, 'events', envId, false);
    const target = subjects >= 1_000_000 ? '≤ 1.5 s' : '';

    table.push(
      ['results, cold (first read), plain 5 metrics', label, ms(coldPlain.wallMs), ms(coldPlain.cpuMs), times(coldPlain.wallMs, bare.wallMs) + ' bare scan', ''],
      ['results, cold (first read), 5 metrics with ratio + CUPED', label, ms(coldEngine.wallMs), ms(coldEngine.cpuMs), times(coldEngine.wallMs, bare.wallMs) + ' bare scan', ''],
      [`results, warm (median of ${runs}), plain 5 metrics`, label, ms(warmPlain.median), `${ms(warmPlain.cpu)} / query`, times(warmPlain.median, bare.wallMs) + ' bare scan', `${target} ≤ 10× scan`],
      [`results, warm (median of ${runs}), ratio + CUPED (cuped: true)`, label, ms(warmEngine.median), `${ms(warmEngine.cpu)} / query`, times(warmEngine.median, bare.wallMs) + ' bare scan', `${target} ≤ 10× scan`],
      ['ratio + CUPED over plain, warm', label, `${(((warmEngine.median / warmPlain.median) - 1) * 100).toFixed(1)} % wall`, `${(((warmEngine.cpu / warmPlain.cpu) - 1) * 100).toFixed(1)} % CPU`, '', '≤ +20 %'],
      ['bare scan of the same events and columns, no FINAL', label, ms(bare.wallMs), ms(bare.cpuMs), '', ''],
      ['peak RSS increase: plain warm reads / engine warm reads', label, `${mb(warmPlain.rss)} / ${mb(warmEngine.rss)}`, '', `cold: ${mb(coldPlain.rssPeak)} / ${mb(coldEngine.rssPeak)}`, ''],
      ['CUPED variance reduction of revenue (14-day covariate)', label, reduction == null ? 'n/a' : `${(reduction * 100).toFixed(1)} %`, '', '', ''],
    );
  }
  return formatTable(['figure', 'subjects', 'value (wall)', 'CPU', 'same run', 'target'], table, ['left', 'left', 'left', 'left', 'left', 'left']);
}

async function main(): Promise<number> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-engine-'));
  const token = randomBytes(24).toString('base64url');
  let app: App | undefined;
  try {
    app = await startApp(
      benchConfig(dataDir, token, { LIFTGATE_GRAPHQL_TIMEOUT_MS: '600000', LIFTGATE_WAREHOUSE_READ_MAX_EXECUTION_SECONDS: '600' }),
      createLogger('warn'),
    );
    const cpu = cpus();
    const text = await benchResultsEngine(app, token, sizes.length ? sizes : [100_000]);
    console.log(`\nLiftgate bench:results-engine · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}\n`);
    console.log(text);
    return 0;
  } catch (err) {
    console.error('bench:results-engine failed:', err);
    return 1;
  } finally {
    if (app) await app.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exit(await main());
