/**
 * `npm run bench:scale [-- subjects …]` (default 100,000 and 1,000,000 subjects; `npm run bench`
 * runs the 100,000 size through `benchScale`): the data plane at scale, issue 15's table.
 *
 * Per size, in its own environment of a running app (embedded chDB unless CLICKHOUSE_URL says
 * otherwise):
 * - Load, engine-side (INSERT … SELECT from numbers(), no client round trip per row): `subjects`
 *   subjects and 10 events each, with the exact shape ingestion stores (43-character base64url
 *   SHA-256 event ids, `{"sdk_version":"6.1.0"}` metadata, string values, `value_number` for
 *   purchases, `{}` traits on exposures): 1.25 exposures per subject (a quarter see the flag
 *   twice), page views, add-to-carts, purchases, signups and non-metric session starts over 20
 *   days, inserted in time order as ingestion would; then 0.1 % of the events resent (the most
 *   recent ones, as an SDK resends) in a later insert. An experiment with 5 attached metrics.
 * - The same rows copied into a table of the previous layout (migration 001), the baseline.
 * - Figures, each beside its same-run baseline, process CPU time beside wall time:
 *   `results` over GraphQL warm (median of several after one warm-up; CPU per query; peak RSS
 *   increase over the runs, sampled every 20 ms), the new results SQL against the previous one
 *   (bench/baseline/results-001.json: the query before issue 15, rendered for these metrics) on
 *   the previous layout, a bare scan of the columns the results read without FINAL, and the same
 *   scan with FINAL on both layouts.
 * - Ingestion rows at scale come from `benchIngestionAtScale` in bench/ingestion.ts when it
 *   exists (issue 15, ingestion part); else they read "see bench:ingestion".
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startApp, type App } from '../src/app.js';
import { benchConfig } from './app-config.js';
import { createLogger } from '../src/lib/logger.js';
import events001 from '../src/warehouse/migrations/001-events.js';
import * as ingestionBench from './ingestion.js';
import {
  GraphQLClient,
  SDK_HEADERS,
  createAndStartExperiment,
  createMetric,
  ensureEnvironment,
  fetchResults,
  formatTable,
  percentile,
  type DemoMetricSpec,
} from '../scripts/demo-traffic.js';

const quiet = () => {};
export const FEATURE = 'scale_flag';
const METRICS: DemoMetricSpec[] = [
  { name: 'Scale revenue', description: 'Sum of purchase values', aggregation: 'SUM', event: 'purchase' },
  { name: 'Scale purchase conversion', description: 'Purchased at least once', aggregation: 'OCCURRENCE', event: 'purchase' },
  { name: 'Scale page views', description: 'Page views per subject', aggregation: 'COUNT', event: 'page_view' },
  { name: 'Scale add to cart', description: 'Added to cart at least once', aggregation: 'OCCURRENCE', event: 'add_to_cart' },
  { name: 'Scale signups', description: 'Signups per subject', aggregation: 'COUNT', event: 'signup' },
];
const LEGACY_TABLE = 'events_scale_layout_001';
const BASELINE = JSON.parse(readFileSync(resolve(import.meta.dirname, 'baseline/results-001.json'), 'utf8')) as {
  query: string;
  params: Record<string, unknown>;
};

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** Wall time, process CPU time (user + system: chDB runs in this process) and peak RSS increase of `run`. */
export async function measure<T>(run: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number; rssPeak: number }> {
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const value = await run();
    const wallMs = performance.now() - t0;
    const c = process.cpuUsage(c0);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, wallMs, cpuMs: (c.user + c.system) / 1000, rssPeak: peak - rss0 };
  } finally {
    clearInterval(timer);
  }
}

/** The generator of one size's events (named parameters: env, n subjects, total events, t0 ms). */
const GENERATE = `
SELECT {env:String} AS environment_id,
       base64URLEncode(SHA256(concat({env:String}, '#', toString(n)))) AS event_id,
       ev AS event,
       if(ev = '$flag_exposure', '${FEATURE}', NULL) AS feature_name,
       concat('user_', toString(subj + 1)) AS identifier,
       multiIf(ev = '$flag_exposure', if(cityHash64('v', subj) % 2 = 0, 'CONTROL', 'TREATMENT'),
               ev = 'purchase', toString(round(5 + (cityHash64('p', n) % 20000) / 100, 2)), NULL) AS value,
       if(ev = 'purchase', toFloat64(value), NULL) AS value_number,
       if(ev = '$flag_exposure', '{}', concat('{"plan":"', if(cityHash64('plan', subj) % 10 < 3, 'premium', 'free'), '"}')) AS traits,
       '{"sdk_version":"6.1.0"}' AS metadata,
       fromUnixTimestamp64Milli(toInt64({t0:Int64} + cityHash64('t', subj) % (12 * 86400000)
         + if(ev = '$flag_exposure', if(n < {n:UInt64}, 0, 3600000 + cityHash64('r', n) % 86400000),
              toInt64(cityHash64('d', n) % (9 * 86400000)) - 86400000)), 'UTC') AS timestamp,
       timestamp + toIntervalMillisecond(200) AS received_at
FROM (
  SELECT number AS n,
         toUInt64(multiIf(n < {n:UInt64}, n, n < {n:UInt64} + intDiv({n:UInt64}, 4), (n - {n:UInt64}) * 4, cityHash64('s', n) % {n:UInt64})) AS subj,
         multiIf(n < {n:UInt64} + intDiv({n:UInt64}, 4), '$flag_exposure',
                 cityHash64('e', n) % 100 < 40, 'page_view',
                 cityHash64('e', n) % 100 < 52, 'add_to_cart',
                 cityHash64('e', n) % 100 < 60, 'purchase',
                 cityHash64('e', n) % 100 < 65, 'signup',
                 'session_start') AS ev
  FROM numbers({total:UInt64})
)`;
const COLUMNS = 'environment_id, event_id, event, feature_name, identifier, value, value_number, traits, metadata, timestamp, received_at';
const READ_EVENTS = "('$flag_exposure', 'purchase', 'page_view', 'add_to_cart', 'signup')";
const SCAN_COLUMNS =
  'count() AS n, sum(cityHash64(identifier)) AS h, sum(toUnixTimestamp64Milli(timestamp)) AS t, sum(ifNull(value_number, 0)) AS v, sum(length(ifNull(value, \'\'))) AS l, sum(cityHash64(feature_name)) AS f';

async function command(app: App, query: string, params: Record<string, unknown> = {}): Promise<void> {
  await app.warehouse.client.command({ query, query_params: params });
}
async function rows<T>(app: App, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await app.warehouse.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}

/** A size's set-up: environment, metrics, experiment; returns the environment key and its warehouse id. */
export async function setUp(app: App, client: GraphQLClient, subjects: number): Promise<{ key: string; envId: string; experiment: string }> {
  const key = `scale-${subjects}`;
  await ensureEnvironment(client, key, `Scale ${int(subjects)}`, quiet);
  const metrics = [];
  for (const spec of METRICS) metrics.push(await createMetric(client, key, spec, quiet));
  const experiment = `SCALE-${subjects}`;
  await createAndStartExperiment(
    client,
    { environmentKey: key, key: experiment, name: `Scale ${int(subjects)}`, featureName: FEATURE, metrics: metrics.map((metric) => ({ metric, role: 'PRIMARY' as const })) },
    quiet,
  );
  // The warehouse's environment id: the one event ingestion stores for a probe.
  const probe = `probe-${randomBytes(6).toString('hex')}`;
  const res = await fetch(`${app.url}/v1/events`, {
    method: 'POST',
    headers: { ...SDK_HEADERS, 'X-Environment-Key': key },
    body: JSON.stringify({ events: [{ event: 'scale_probe', identifier: probe, value: null, metadata: { sdk_version: '6.1.0' }, timestamp: Date.now() }] }),
  });
  if (res.status !== 200) throw new Error(`probe event: HTTP ${res.status} ${await res.text()}`);
  const [found] = await rows<{ env: string }>(app, 'SELECT environment_id AS env FROM events WHERE identifier = {p:String} LIMIT 1', { p: probe });
  if (!found) throw new Error('probe event not stored');
  return { key, envId: found.env, experiment };
}

/** Loads one size engine-side; returns [events, resent, load wall ms, load CPU ms]. */
export async function load(app: App, envId: string, subjects: number) {
  const total = subjects * 10;
  const params = { env: envId, n: subjects, total, t0: Date.now() - 21 * 86_400_000 };
  const loaded = await measure(async () => {
    // In time order, as ingestion writes them: each part holds a few days.
    await command(app, `INSERT INTO events (${COLUMNS}) SELECT ${COLUMNS} FROM (${GENERATE}) ORDER BY timestamp SETTINGS async_insert = 0, max_execution_time = 0`, params);
    // 0.1 % resent, the most recent events (an SDK resends what it just sent), in a later insert.
    await command(
      app,
      `INSERT INTO events (${COLUMNS}) SELECT ${COLUMNS} FROM events WHERE environment_id = {env:String} ORDER BY timestamp DESC LIMIT {resent:UInt64} SETTINGS async_insert = 0, max_execution_time = 0`,
      { env: envId, resent: Math.round(total / 1000) },
    );
  });
  const legacy = await measure(async () => {
    await command(app, events001.statements[0]!.replace('CREATE TABLE IF NOT EXISTS events', `CREATE TABLE IF NOT EXISTS ${LEGACY_TABLE}`));
    await command(app, `INSERT INTO ${LEGACY_TABLE} (${COLUMNS}) SELECT ${COLUMNS} FROM events WHERE environment_id = {env:String} SETTINGS async_insert = 0, max_execution_time = 0`, { env: envId });
  });
  return { total, resent: Math.round(total / 1000), loaded, legacy };
}

/** A scan of the columns the results read (no aggregation by subject): wall and CPU. */
export async function scan(app: App, table: string, envId: string, final: boolean) {
  const from = final
    ? `(SELECT * FROM ${table} FINAL WHERE environment_id = {env:String} SETTINGS do_not_merge_across_partitions_select_final = ${table === 'events' ? 1 : 0})`
    : `${table}`;
  const q = `SELECT ${SCAN_COLUMNS} FROM ${from} WHERE environment_id = {env:String} AND event IN ${READ_EVENTS} SETTINGS max_execution_time = 0`;
  await rows(app, q, { env: envId }); // warm
  return measure(() => rows<{ n: string }>(app, q, { env: envId }));
}

/** The results SQL of a table, directly through the client (no GraphQL): the new one or the baseline's. */
async function resultsSql(app: App, envId: string, which: 'new' | 'legacy') {
  if (which === 'legacy') {
    const query = `${BASELINE.query.replaceAll('FROM events FINAL', `FROM ${LEGACY_TABLE} FINAL`)}\nSETTINGS join_use_nulls = 0, max_execution_time = 0`;
    return measure(() => rows(app, query, { ...BASELINE.params, env: envId }));
  }
  const { buildResultsQuery } = await import('../src/warehouse/sql/results.sql.js');
  const input = {
    environmentId: envId, exposureEvent: '$flag_exposure', featureName: FEATURE, variantKeys: ['CONTROL', 'TREATMENT'],
    metrics: METRICS.map((m, i) => ({ source: 'events' as const, metricId: String(i), event: m.event, aggregation: m.aggregation as 'SUM', filters: [], windowHours: null })),
  };
  const { query, params } = buildResultsQuery(input);
  return measure(() => rows(app, `${query}\nSETTINGS join_use_nulls = 0, max_execution_time = 0`, params));
}

type IngestionAtScale = (app: App, opts: { environmentKey: string; subjects: number }) => Promise<string[][]>;

/**
 * Runs the scale bench for each size on a running app; returns the printed table (markdown).
 * `token`: an ADMIN bearer token of every environment.
 */
export async function benchScale(app: App, token: string, sizes: number[], opts: { graphqlRuns?: number } = {}): Promise<string> {
  const client = new GraphQLClient(app.url, token);
  const table: string[][] = [];
  for (const subjects of sizes) {
    const label = `${int(subjects)} subjects`;
    const { key, envId, experiment } = await setUp(app, client, subjects);
    const loaded = await load(app, envId, subjects);
    table.push([
      `load (engine-side INSERT … SELECT, in time order + 0.1 % resent)`, label,
      `${int(loaded.total + loaded.resent)} rows in ${ms(loaded.loaded.wallMs)}`, ms(loaded.loaded.cpuMs),
      `copy into the 001 layout: ${ms(loaded.legacy.wallMs)}`, '', '',
    ]);

    // results over GraphQL, warm: one warm-up, then the median of several.
    const runs = opts.graphqlRuns ?? (subjects > 200_000 ? 3 : 7);
    const warm = await fetchResults(client, key, experiment);
    const exposed = warm.results?.exposures.reduce((s, e) => s + e.subjects, 0) ?? 0;
    const walls: number[] = [];
    const graphql = await measure(async () => {
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const view = await fetchResults(client, key, experiment);
        if (!view.results) throw new Error('results are null');
        walls.push(performance.now() - t0);
      }
    });
    const median = percentile(walls, 50);
    const newSql = await resultsSql(app, envId, 'new');
    const legacySql = await resultsSql(app, envId, 'legacy');
    const bare = await scan(app, 'events', envId, false);
    const bareFinal = await scan(app, 'events', envId, true);
    const oldBare = await scan(app, LEGACY_TABLE, envId, false);
    const oldFinal = await scan(app, LEGACY_TABLE, envId, true);
    const [parts] = await rows<{ parts: string }>(app, `SELECT count() AS parts FROM system.parts WHERE database = currentDatabase() AND table = 'events' AND active`);

    table.push(
      [`results over GraphQL, warm (median of ${runs}; ${int(exposed)} clean subjects)`, label, ms(median), `${ms(graphql.cpuMs / runs)} / query`,
        `previous SQL + layout: ${ms(legacySql.wallMs)} wall, ${ms(legacySql.cpuMs)} CPU`, ratio(legacySql.wallMs, median), subjects >= 1_000_000 ? '≤ 1.5 s' : '≤ 0.2 s'],
      ['peak RSS increase during those results reads', label, mb(graphql.rssPeak), '', `previous SQL (one read): ${mb(legacySql.rssPeak)}`, '', '≤ 500 MB'],
      ['results SQL alone (warehouse call, same input)', label, ms(newSql.wallMs), ms(newSql.cpuMs),
        `previous: ${ms(legacySql.wallMs)} wall, ${ms(legacySql.cpuMs)} CPU`, ratio(legacySql.cpuMs, newSql.cpuMs) + ' CPU', ''],
      ['bare scan of the read columns, no FINAL', label, ms(bare.wallMs), ms(bare.cpuMs), '', '', ''],
      ['results over GraphQL ÷ bare scan', label, ratio(median, bare.wallMs), ratio(graphql.cpuMs / runs, bare.cpuMs) + ' CPU',
        `previous: ${ratio(legacySql.wallMs, oldBare.wallMs)}`, '', '≤ 10×'],
      [`scan with FINAL ÷ without, new layout (${parts?.parts ?? '?'} active parts)`, label, `${ms(bareFinal.wallMs)} / ${ms(bare.wallMs)}`,
        `${ms(bareFinal.cpuMs)} / ${ms(bare.cpuMs)}`, `previous layout: ${ms(oldFinal.wallMs)} / ${ms(oldBare.wallMs)} (${ratio(oldFinal.cpuMs, oldBare.cpuMs)} CPU)`,
        `${ratio(bareFinal.cpuMs, bare.cpuMs)} CPU`, 'no whole-table merge'],
    );

    const atScale = (ingestionBench as Record<string, unknown>).benchIngestionAtScale as IngestionAtScale | undefined;
    if (typeof atScale === 'function') {
      for (const r of await atScale(app, { environmentKey: key, subjects })) table.push(r);
    } else {
      table.push(['POST /v1/events, 1,000-event batches, 8 clients', label, 'see bench:ingestion', '', '', '', '≥ 80k/s, ≥ 0.7× raw'],
        ['ingestion while two heavy results reads run', label, 'see bench:ingestion', '', '', '', 'no 503, p99 < 2 s']);
    }
    await command(app, `DROP TABLE IF EXISTS ${LEGACY_TABLE}`);
  }
  return formatTable(['figure', 'size', 'value (wall)', 'CPU', 'baseline, same run', 'ratio', 'target'], table, ['left', 'left', 'left', 'left', 'left', 'left', 'left']);
}

async function main(): Promise<number> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-scale-'));
  const token = randomBytes(24).toString('base64url');
  let app: App | undefined;
  try {
    app = await startApp(
      benchConfig(dataDir, token, {
        // A 1M-subject read runs long on a busy machine: measured, not cut off.
        LIFTGATE_GRAPHQL_TIMEOUT_MS: '600000',
        LIFTGATE_WAREHOUSE_READ_MAX_EXECUTION_SECONDS: '600',
      }),
      createLogger('warn'),
    );
    const cpu = cpus();
    const text = await benchScale(app, token, sizes.length ? sizes : [100_000, 1_000_000]);
    console.log(`\nLiftgate bench:scale · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}\n`);
    console.log(text);
    return 0;
  } catch (err) {
    console.error('bench:scale failed:', err);
    return 1;
  } finally {
    if (app) await app.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exit(await main());
