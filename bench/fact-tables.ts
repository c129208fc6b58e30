/**
 * `npm run bench:facts [-- <fact rows> <subjects>]` (default 10,000,000 rows and 1,000,000
 * subjects; `npm run bench` runs 200,000 / 20,000 through `benchFactTables`): FACT metrics in
 * results (issue 11).
 *
 * In a running app (embedded chDB unless CLICKHOUSE_URL says otherwise), engine-side loads (no
 * client round trip per row): `subjects` exposures of an experiment's flag in `events`, and a fact
 * table `orders` of `rows` rows in the environment's own database (users drawn from 1.2 ×
 * `subjects`, so some rows belong to no exposed subject; amounts, a status, a sku, times over 10
 * days). One fact table over it with a row filter, and 5 FACT metrics on it (COUNT, SUM with the
 * filter, MEAN, COUNT_DISTINCT, RATIO of SUM over COUNT) attached to one experiment; a second
 * experiment on the same flag has no metrics.
 *
 * Figures, each the median of several runs after one warm-up, wall time beside this process's
 * CPU time (user + system; chDB runs in-process): `Experiment.results` over GraphQL with the 5
 * FACT metrics (one warehouse query, run in the environment's locked sandbox session), the same
 * with no metrics (exposures only), and a bare scan of the fact table's five columns in the same
 * run (the floor a one-scan plan cannot beat).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { startApp, type App } from '../src/app.js';
import { createLogger } from '../src/lib/logger.js';
import { environmentDatabase } from '../src/warehouse/sandbox.js';
import { GraphQLClient, createAndStartExperiment, ensureEnvironment, formatTable, postGraphQL, type MetricRef } from '../scripts/demo-traffic.js';
import { benchConfig } from './app-config.js';

const quiet = () => {};
const FEATURE = 'facts_flag';
const RUNS = 3;
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall and process CPU time of `run`. */
async function measure(run: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const c = process.cpuUsage(c0);
  return { wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

/** Median wall and CPU of RUNS runs after one warm-up. */
async function repeated(run: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  await run();
  const samples = [];
  for (let i = 0; i < RUNS; i++) samples.push(await measure(run));
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)) };
}

const RESULTS = `query FactBenchResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results {
  exposures { subjects } metrics { metric { name } variants { n mean } comparisons { pValue } } } } }`;

/** Sets up one size in environment `facts-<rows>`, runs the measures, returns the table rows. */
export async function benchFactTables(app: App, token: string, rows: number, subjects: number): Promise<string> {
  const key = `facts-${rows}`;
  const auth = { authorization: `Bearer ${token}` };
  const gql = (query: string, variables: Record<string, unknown>) => postGraphQL(app.url, auth, query, variables);
  const client = new GraphQLClient(app.url, token);
  await ensureEnvironment(client, key, `Facts ${int(rows)}`, quiet);
  const envId = decodeGlobalID((await gql('query($key: String!) { environment(key: $key) { id } }', { key })).environment.id).id;
  const db = environmentDatabase(app.warehouse.database, envId);
  const command = (query: string, params: Record<string, unknown> = {}) => app.warehouse.client.command({ query, query_params: params });
  const t0 = Date.parse('2026-11-01T00:00:00Z');

  const load = await measure(async () => {
    await command(
      `INSERT INTO events (environment_id, event_id, event, feature_name, identifier, value, value_number, traits, metadata, timestamp, received_at)
       SELECT {env:String}, concat('x', toString(number)), '$flag_exposure', {feature:String}, concat('user_', toString(number + 1)),
              if(cityHash64('v', number) % 2 = 0, 'CONTROL', 'TREATMENT'), NULL, '{}', '{"sdk_version":"6.1.0"}',
              fromUnixTimestamp64Milli(toInt64({t0:Int64} + cityHash64('t', number) % (2 * 86400000)), 'UTC') AS ts, ts
       FROM numbers({n:UInt64}) SETTINGS async_insert = 0, max_execution_time = 0`,
      { env: envId, feature: FEATURE, t0, n: subjects },
    );
    await command(`CREATE DATABASE IF NOT EXISTS \`${db}\``);
    await command(
      `CREATE TABLE \`${db}\`.orders ENGINE = MergeTree ORDER BY tuple() AS
       SELECT concat('user_', toString(cityHash64('u', number) % {users:UInt64} + 1)) AS user_id,
              round(5 + (cityHash64('a', number) % 20000) / 100, 2) AS amount,
              ['done', 'open', 'refunded'][cityHash64('s', number) % 3 + 1] AS status,
              cityHash64('k', number) % 1000 AS sku,
              fromUnixTimestamp64Milli(toInt64({t0:Int64} + cityHash64('t', number) % (10 * 86400000)), 'UTC') AS ts
       FROM numbers({rows:UInt64}) SETTINGS max_execution_time = 0`,
      { users: Math.round(subjects * 1.2), t0, rows },
    );
  });

  const table = await gql(
    `mutation($input: CreateFactTableInput!) { createFactTable(input: $input) { factTable { id } errors { code message } } }`,
    { input: { environmentKey: key, name: 'orders', sql: 'SELECT user_id, amount, status, sku, ts FROM orders', timestampColumn: 'ts', identifierColumns: ['user_id'], rowFilters: [{ name: 'done', sql: "status = 'done'" }] } },
  );
  if (table.createFactTable.errors.length) throw new Error(JSON.stringify(table.createFactTable.errors));
  const factTableId = table.createFactTable.factTable.id as string;
  const operand = (aggregation: string, column?: string, rowFilters: string[] = []) => ({ factTableId, aggregation, column, rowFilters });
  const specs: [string, string, object, object?][] = [
    ['orders', 'COUNT', operand('COUNT')],
    ['revenue (done)', 'SUM', operand('SUM', 'amount', ['done'])],
    ['mean order', 'MEAN', operand('MEAN', 'amount')],
    ['distinct skus', 'COUNT_DISTINCT', operand('COUNT_DISTINCT', 'sku')],
    ['revenue per order', 'RATIO', operand('SUM', 'amount'), operand('COUNT')],
  ];
  const metrics: MetricRef[] = [];
  for (const [name, aggregation, numerator, denominator] of specs) {
    const r = await gql(`mutation($input: CreateMetricInput!) { createMetric(input: $input) { metric { id name aggregation } errors { code message } } }`, {
      input: { environmentKey: key, name, aggregation, definition: { fact: { numerator, ...(denominator ? { denominator } : {}) } } },
    });
    if (r.createMetric.errors.length) throw new Error(JSON.stringify(r.createMetric.errors));
    metrics.push(r.createMetric.metric);
  }
  await createAndStartExperiment(client, { environmentKey: key, key: 'FACTS', name: 'Facts', featureName: FEATURE, metrics: metrics.map((metric) => ({ metric, role: 'PRIMARY' as const })) }, quiet);
  await createAndStartExperiment(client, { environmentKey: key, key: 'BARE', name: 'Bare', featureName: FEATURE, metrics: [] }, quiet);

  const results = (experiment: string) => async () => {
    const data = await gql(RESULTS, { env: key, key: experiment });
    if (!data.experiment.results) throw new Error('no results');
    return data;
  };
  const check = await results('FACTS')();
  const exposed = check.experiment.results.exposures.reduce((a: number, e: { subjects: number }) => a + e.subjects, 0);
  if (exposed !== subjects) throw new Error(`expected ${subjects} exposed subjects, results read ${exposed}`);
  const withFacts = await repeated(results('FACTS'));
  const bare = await repeated(results('BARE'));
  const scan = await repeated(async () => {
    const rs = await app.warehouse.client.query({
      query: `SELECT count() AS n, sum(cityHash64(user_id)) AS u, sum(amount) AS a, sum(cityHash64(status)) AS s, sum(sku) AS k, sum(toUnixTimestamp64Milli(toDateTime64(ts, 3))) AS t FROM \`${db}\`.orders SETTINGS max_execution_time = 0`,
      format: 'JSONEachRow',
    });
    await rs.json();
  });
  const row = (what: string, m: { wallMs: number; cpuMs: number }) => [what, ms(m.wallMs), ms(m.cpuMs), `${(m.wallMs / scan.wallMs).toFixed(1)}×`];
  return formatTable(
    ['measure (median of 3, warm)', 'wall', 'CPU', 'wall / bare scan'],
    [
      [`load: ${int(subjects)} exposures + ${int(rows)} fact rows (engine-side)`, ms(load.wallMs), ms(load.cpuMs), ''],
      row(`results, 5 FACT metrics on one ${int(rows)}-row fact table, ${int(subjects)} subjects`, withFacts),
      row('results, no metrics (exposures only), same flag', bare),
      row(`bare scan of the fact table (5 columns, ${int(rows)} rows)`, scan),
    ],
  );
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 10_000_000);
  const subjects = Number(process.argv[3] ?? 1_000_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-bench-facts-'));
  const token = randomBytes(24).toString('base64url');
  // A results read over 10M fact rows may need more than the sandbox's 30 s and the operation's 30 s defaults on a loaded machine.
  const app = await startApp(benchConfig(dataDir, token, { LIFTGATE_FACT_MAX_EXECUTION_SECONDS: '3600', LIFTGATE_GRAPHQL_TIMEOUT_MS: '900000' }), createLogger('warn'));
  try {
    await app.ready;
    const table = await benchFactTables(app, token, rows, subjects);
    const cpu = cpus();
    console.log(`\nLiftgate bench:facts · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'} · ${process.env.CLICKHOUSE_URL ? 'ClickHouse server' : 'chDB (embedded)'}\n`);
    console.log(table);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
