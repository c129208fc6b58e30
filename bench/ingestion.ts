/**
 * Ingestion benchmark (part of `npm run bench`): SDK-shaped traffic through POST /v1/events in
 * batches of 100 and 1,000 events from concurrent clients, next to the raw insert rate of the
 * same rows through the warehouse client, in the same run.
 *
 * - HTTP: the bodies are serialised beforehand and sent from a worker thread (its own event loop,
 *   so client work does not run on the server's thread; both still share the machine's cores).
 *   Each request is answered only once its events are stored; a 503 (deadline or queue bound hit)
 *   is resent after 250 ms like the SDK would, and counted. Events/s = events ÷ wall time from the
 *   first request to the last answer; latency per request (every attempt), nearest-rank p50/p99.
 * - Raw: the same events, validated and turned into rows beforehand (not timed), inserted under
 *   another environment id with `insertEvents` (the writer's INSERT), one insert at a time, in
 *   batches of the same size, and in 10,000-row inserts (the best the warehouse does here).
 * - Ratio: HTTP events/s ÷ raw events/s. Above 100 % is possible for small batches: the server
 *   groups concurrent requests into one insert, which a caller inserting batch by batch does not.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { startApp, type App } from '../src/app.js';
import { benchConfig } from './app-config.js';
import { createLogger } from '../src/lib/logger.js';
import { toEventRows } from '../src/ingestion/event-row.js';
import { parseWireEvent, type ValidEvent } from '../src/ingestion/schema.js';
import { insertEvents, type EventRow } from '../src/warehouse/events-store.js';
import {
  DEMO,
  GraphQLClient,
  SDK_HEADERS,
  ensureEnvironment,
  fetchResults,
  formatTable,
  generateTraffic,
  percentile,
  setUpDemoExperiment,
  type SdkEvent,
} from '../scripts/demo-traffic.js';

export interface IngestionScenario {
  batchSize: number;
  clients: number;
  /** Subjects of generated traffic (≈ 1.4 events each). */
  subjects: number;
}

export interface IngestionFigures {
  scenario: IngestionScenario;
  events: number;
  requests: number;
  eventsPerSecond: number;
  /** Requests answered 503 and sent again. */
  resends: number;
  p50Ms: number;
  p99Ms: number;
  rawSameBatchPerSecond: number;
  rawBulkPerSecond: number;
}

const CLIENT_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, headers, bodies, clients } = workerData;
(async () => {
  const latencies = [];
  const statuses = {};
  let next = 0, accepted = 0, duplicates = 0, rejected = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      for (;;) {
        const started = performance.now();
        const res = await fetch(url, { method: 'POST', headers, body });
        const answer = await res.json();
        latencies.push(performance.now() - started);
        statuses[res.status] = (statuses[res.status] || 0) + 1;
        if (res.status === 200) { accepted += answer.accepted; duplicates += answer.duplicates; rejected += answer.rejected.length; break; }
        if (res.status !== 503) break;
        // Like the SDK: the batch is re-queued and sent again (sooner than Retry-After, to keep the bench short).
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }));
  parentPort.postMessage({ seconds: (performance.now() - t0) / 1000, latencies, statuses, accepted, duplicates, rejected });
})();
`;

interface ClientReport {
  seconds: number;
  latencies: number[];
  statuses: Record<string, number>;
  accepted: number;
  duplicates: number;
  rejected: number;
}

function sendFromWorker(url: string, environmentKey: string, bodies: string[], clients: number): Promise<ClientReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT_CODE, {
      eval: true,
      workerData: { url: `${url}/v1/events`, headers: { ...SDK_HEADERS, 'X-Environment-Key': environmentKey }, bodies, clients },
    });
    worker.once('message', (m: ClientReport) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

function rowsOf(batches: SdkEvent[][], environmentId: string): EventRow[][] {
  const now = Date.now();
  const window = { maxFutureMs: 86_400_000, maxAgeMs: 30 * 86_400_000 };
  return batches.map((batch) => {
    const valid = batch.map((e) => {
      const parsed = parseWireEvent(e, now, window);
      if (!parsed.ok) throw new Error(`bench traffic is invalid: ${parsed.reason}`);
      return parsed.event as ValidEvent;
    });
    return toEventRows(environmentId, valid, now);
  });
}

async function rawRate(app: App, batches: EventRow[][]): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for (const rows of batches) {
    await insertEvents(app.warehouse.queries, rows);
    n += rows.length;
  }
  return n / ((performance.now() - t0) / 1000);
}

/** Runs one scenario against the running app in environment `environmentKey` (which must exist). */
export async function benchIngestion(app: App, environmentKey: string, scenario: IngestionScenario, tag: string): Promise<IngestionFigures> {
  const traffic = generateTraffic({
    subjects: scenario.subjects,
    seed: 7 + scenario.batchSize,
    featureName: 'bench_flag',
    batchSize: scenario.batchSize,
    identifierPrefix: `${tag}_`,
  });
  const bodies = traffic.batches.map((events) => JSON.stringify({ events }));
  const report = await sendFromWorker(app.url, environmentKey, bodies, scenario.clients);
  const failed = Object.entries(report.statuses).filter(([status]) => status !== '200' && status !== '503');
  // Every event stored exactly once: a resend after a late 503 may find some already stored.
  if (failed.length || report.accepted + report.duplicates !== traffic.events || report.rejected) {
    throw new Error(
      `ingestion bench ${tag}: ${report.accepted}/${traffic.events} accepted, ${report.duplicates} duplicates, ` +
        `${report.rejected} rejected, statuses ${JSON.stringify(report.statuses)}`,
    );
  }

  const same = rowsOf(traffic.batches, `bench-raw-${tag}`);
  const rawSameBatchPerSecond = await rawRate(app, same);
  const flat = rowsOf(traffic.batches, `bench-raw-bulk-${tag}`).flat();
  const bulk: EventRow[][] = [];
  for (let i = 0; i < flat.length; i += 10_000) bulk.push(flat.slice(i, i + 10_000));
  const rawBulkPerSecond = await rawRate(app, bulk);

  return {
    scenario,
    events: traffic.events,
    requests: bodies.length,
    eventsPerSecond: traffic.events / report.seconds,
    resends: report.statuses['503'] ?? 0,
    p50Ms: percentile(report.latencies, 50),
    p99Ms: percentile(report.latencies, 99),
    rawSameBatchPerSecond,
    rawBulkPerSecond,
  };
}

// ---------------------------------------------------------------------------------------------
// Issue 15: the two ingestion rows of the scale table (`benchIngestionAtScale`, `npm run bench:ingestion`)
// ---------------------------------------------------------------------------------------------

/**
 * The HTTP client of the at-scale rows, run as a child process so that the app's process CPU time
 * (process.cpuUsage: the server, its chDB threads) excludes the client's. It reads the bodies from
 * a file (one JSON body per line), sends them with `clients` requests in flight (a 503 is resent
 * after 250 ms, like the SDK re-queues, and counted), and prints one JSON report.
 */
const CHILD_CLIENT = `
const { readFileSync } = require('node:fs');
const [url, key, file, clients] = process.argv.slice(1);
const bodies = readFileSync(file, 'utf8').split('\\n').filter(Boolean);
const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Flagsmith-SDK-User-Agent': 'flagsmith-python-sdk/6.1.0', 'X-Environment-Key': key };
(async () => {
  const latencies = []; const statuses = {}; let next = 0, accepted = 0, duplicates = 0, rejected = 0, attempts = 0;
  process.stdout.write('ready\\n');
  await new Promise((r) => process.stdin.once('data', r));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Number(clients) }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      for (;;) {
        const started = performance.now();
        attempts++;
        const res = await fetch(url, { method: 'POST', headers, body });
        const answer = await res.json();
        latencies.push(performance.now() - started);
        statuses[res.status] = (statuses[res.status] || 0) + 1;
        if (res.status === 200) { accepted += answer.accepted; duplicates += answer.duplicates; rejected += answer.rejected.length; break; }
        if (res.status !== 503) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }));
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, latencies, statuses, accepted, duplicates, rejected, attempts }) + '\\n');
})();
`;

/** Wall and process CPU time of a section (seconds); CPU is the whole process: every thread, chDB's included. */
export interface Timed {
  wallSeconds: number;
  cpuSeconds: number;
}

async function measure<T>(fn: () => Promise<T>): Promise<[T, Timed]> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const cpu = process.cpuUsage(cpu0);
  return [value, { wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 }];
}

/** Sends `bodies` from a child process (see CHILD_CLIENT); the timing covers the sending only. */
async function sendFromChild(url: string, environmentKey: string, bodies: string[], clients: number): Promise<[ClientReport & { attempts: number }, Timed]> {
  const dir = await mkdtemp(join(tmpdir(), 'liftgate-bench-bodies-'));
  const file = join(dir, 'bodies.jsonl');
  try {
    await writeFile(file, bodies.join('\n'));
    const child = spawn(process.execPath, ['-e', CHILD_CLIENT, `${url}/v1/events`, environmentKey, file, String(clients)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const lines: string[] = [];
    const waiters: ((line: string) => void)[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      let nl;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        const w = waiters.shift();
        if (w) w(line);
        else lines.push(line);
      }
    });
    const nextLine = () => new Promise<string>((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) return resolve(line);
      waiters.push(resolve);
      child.once('exit', (code) => reject(new Error(`bench client exited with ${code}`)));
    });
    await nextLine(); // ready: bodies loaded
    return await measure(async () => {
      child.stdin.write('go\n');
      const report = JSON.parse(await nextLine()) as ClientReport & { attempts: number };
      child.stdin.end();
      return report;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One row of the at-scale table: a figure, its same-run baseline, the target. */
export interface ScaleRow {
  figure: string;
  measured: string;
  baseline: string;
  target: string;
  met: boolean;
}

export interface IngestionAtScaleOptions {
  /** An existing environment to post to (its events do not disturb the reads). */
  environmentKey: string;
  /** One heavy analytical read (e.g. `results` of the big experiment over GraphQL); run twice at once. */
  heavyRead: () => Promise<unknown>;
  /** Events of the throughput row (1,000-event batches, 8 clients); default 200,000. */
  events?: number;
  log?: (line: string) => void;
}

const fmtTimed = (t: Timed) => `${t.wallSeconds.toFixed(2)} s wall · ${t.cpuSeconds.toFixed(2)} s CPU`;
const int0 = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * The two ingestion rows of issue 15's table, each with its baseline from the same run:
 * 1. `POST /v1/events`, 1,000-event batches, 8 clients: events/s (wall, process CPU) next to a raw
 *    10,000-row insert of the same rows into the same engine (`insertEvents`, one insert at a
 *    time); targets ≥ 80,000 events/s and ≥ 0.7× the raw rate.
 * 2. 8 resent + 8 new 1,000-event batches sent while two `heavyRead`s run: 503s and p99 latency,
 *    next to the same 16 batches sent with no read running; target no 503, p99 < 2 s. The reads'
 *    own duration is printed beside (they must still be running when the batches are answered for
 *    the row to mean anything).
 */
export async function ingestionScaleRows(app: App, opts: IngestionAtScaleOptions): Promise<ScaleRow[]> {
  const log = opts.log ?? (() => {});
  const target = opts.events ?? 200_000;
  const tag = randomBytes(3).toString('hex');
  const traffic = generateTraffic({ subjects: Math.ceil(target / 1.4), seed: 15, featureName: 'bench_flag', batchSize: 1_000, identifierPrefix: `scale_${tag}_` });
  const bodies = traffic.batches.map((events) => JSON.stringify({ events }));
  log(`throughput: ${int0(traffic.events)} events in ${bodies.length} batches`);
  const [sent, http] = await sendFromChild(app.url, opts.environmentKey, bodies, 8);
  if (sent.accepted + sent.duplicates !== traffic.events || sent.rejected) {
    throw new Error(`ingestion at scale: ${sent.accepted}/${traffic.events} accepted, statuses ${JSON.stringify(sent.statuses)}`);
  }
  const eventsPerSecond = traffic.events / http.wallSeconds;

  // Raw: the same rows (prepared beforehand, not timed), 10,000 per insert, one at a time.
  const flat = rowsOf(traffic.batches, `bench-raw-scale-${tag}`).flat();
  const [, raw] = await measure(async () => {
    for (let i = 0; i < flat.length; i += 10_000) await insertEvents(app.warehouse.queries, flat.slice(i, i + 10_000));
  });
  const rawPerSecond = flat.length / raw.wallSeconds;
  const ratio = eventsPerSecond / rawPerSecond;
  log(`throughput ${int0(eventsPerSecond)} events/s (${fmtTimed(http)}), raw ${int0(rawPerSecond)} rows/s (${fmtTimed(raw)})`);

  // Reads vs writes: 8 batches already stored (resent) + 8 new, all at once.
  const stored = generateTraffic({ subjects: 6_000, seed: 16, featureName: 'bench_flag', batchSize: 1_000, identifierPrefix: `resend_${tag}_` });
  const resent = stored.batches.slice(0, 8).map((events) => JSON.stringify({ events }));
  const fresh = (round: string) =>
    generateTraffic({ subjects: 6_000, seed: 17, featureName: 'bench_flag', batchSize: 1_000, identifierPrefix: `new_${round}_${tag}_` })
      .batches.slice(0, 8).map((events) => JSON.stringify({ events }));
  const [first] = await sendFromChild(app.url, opts.environmentKey, resent, 8);
  if (first.statuses['200'] !== 8) throw new Error(`storing the batches to resend: ${JSON.stringify(first.statuses)}`);
  const [idle, idleTime] = await sendFromChild(app.url, opts.environmentKey, [...resent, ...fresh('idle')], 16);

  // A failed read (e.g. past the GraphQL execution timeout) is reported, not fatal.
  const twoReads = () =>
    Promise.all([opts.heavyRead(), opts.heavyRead()]).then(
      () => '',
      (err: unknown) => ` (a read failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
    );
  log('two heavy reads, alone');
  const [aloneFailure, readsAlone] = await measure(twoReads);
  log('two heavy reads with 16 batches');
  let readsDone = false;
  const reads = measure(twoReads).finally(() => (readsDone = true));
  await new Promise((r) => setTimeout(r, 300));
  const [busy, busyTime] = await sendFromChild(app.url, opts.environmentKey, [...resent, ...fresh('busy')], 16);
  const overlapped = !readsDone;
  const [busyFailure, readsBusy] = await reads;

  log(`reads alone ${fmtTimed(readsAlone)}, with ingestion ${fmtTimed(readsBusy)}`);
  const count503 = (r: ClientReport) => r.statuses['503'] ?? 0;
  const p99 = (r: ClientReport) => percentile(r.latencies, 99);
  return [
    {
      figure: '`POST /v1/events`, 1,000-event batches, 8 clients',
      measured:
        `${int0(eventsPerSecond)} events/s = ${ratio.toFixed(2)}× raw (${int0(traffic.events)} events: ${fmtTimed(http)}, ` +
        `${((http.cpuSeconds / traffic.events) * 1e6).toFixed(1)} µs CPU/event; ${count503(sent)} × 503 resent)`,
      baseline: `raw 10,000-row insert, same rows: ${int0(rawPerSecond)} rows/s (${fmtTimed(raw)}, ${((raw.cpuSeconds / flat.length) * 1e6).toFixed(1)} µs CPU/row)`,
      target: '≥ 80,000 events/s and ≥ 0.7× raw',
      met: eventsPerSecond >= 80_000 && ratio >= 0.7,
    },
    {
      figure: 'ingestion while two heavy `results` reads run (8 resent + 8 new batches)',
      measured:
        `${count503(busy)} × 503 of ${busy.attempts} requests, p99 ${int0(p99(busy))} ms (${fmtTimed(busyTime)}; ` +
        `${busy.duplicates} duplicates reported); reads ${fmtTimed(readsBusy)}${busyFailure}${overlapped ? ', still running when the last batch was answered' : ', ended before the last batch was answered'}`,
      baseline: `no read running: ${count503(idle)} × 503, p99 ${int0(p99(idle))} ms (${fmtTimed(idleTime)}); the two reads alone: ${fmtTimed(readsAlone)}${aloneFailure}`,
      target: 'no 503, p99 < 2 s',
      met: count503(busy) === 0 && p99(busy) < 2_000,
    },
  ];
}

/** A VIEWER in every environment, in process only: lists the experiments whose results the bench reads. */
const BENCH_READER = { kind: 'token', tokenId: 'bench', tokenName: 'bench', allEnvironments: 'VIEWER', grants: new Map() } as const;

/**
 * The two ingestion rows for `npm run bench:scale` (bench/scale.ts calls this with its app and the
 * environment of its experiment), in its columns: figure, size, value (wall), CPU, baseline of the
 * same run, ratio, target. Without `heavyRead`, the heavy read is a live results readout of every
 * ACTIVE experiment of the environment (the results service's warehouse read, as `results` runs it).
 */
export async function benchIngestionAtScale(
  app: App,
  opts: { environmentKey: string; subjects?: number } & Partial<IngestionAtScaleOptions>,
): Promise<string[][]> {
  let heavyRead = opts.heavyRead;
  if (!heavyRead) {
    const env = await app.services.environments.findByKey(opts.environmentKey);
    if (!env) throw new Error(`benchIngestionAtScale: no environment ${opts.environmentKey}`);
    const experiments = await app.services.experiments.listInEnvironment(BENCH_READER, env.id, { status: 'ACTIVE' }, { take: 10 });
    if (experiments.length === 0) throw new Error(`benchIngestionAtScale: no ACTIVE experiment in ${opts.environmentKey}; pass heavyRead`);
    heavyRead = () => Promise.all(experiments.map((e) => app.services.results.takeReadout(e)));
  }
  const rows = await ingestionScaleRows(app, { ...opts, heavyRead });
  const size = opts.subjects === undefined ? '' : `${int0(opts.subjects)} subjects`;
  return rows.map((r) => [r.figure, size, r.measured, '(CPU in the value)', r.baseline, r.met ? 'met' : 'not met', r.target]);
}

/**
 * Events of `subjects` demo subjects generated by the engine (INSERT … SELECT from numbers(), the
 * shape ingestion stores: exposures with the variant key, purchases with value and numeric value,
 * the SDK's metadata, traits as sent), for the demo experiment's feature in `environmentId`.
 */
async function generateEngineSide(app: App, environmentId: string, subjects: number): Promise<number> {
  const { sql, param } = await import('../src/warehouse/sql.js');
  const now = Date.now();
  // Per subject: one exposure (25 % see it again), ~11 % convert with 1-3 purchases, 6 page views.
  await app.warehouse.queries.command(
    'bench.generate',
    sql`INSERT INTO events (environment_id, event_id, event, feature_name, identifier, value, value_number, traits, metadata, timestamp, received_at)
        SELECT ${param(environmentId, 'String')}, base64Encode(reinterpretAsString(sipHash128(number, k))),
               if(k < 2, '$flag_exposure', if(k < 5, 'purchase', 'page_view')),
               if(k < 2, ${param(DEMO.featureName, 'String')}, NULL),
               concat('gen_', toString(number)),
               multiIf(k < 2, if(cityHash64(concat('gen_', toString(number))) % 2 = 0, 'CONTROL', 'TREATMENT'), k < 5, toString(10 + number % 90), NULL),
               if(k >= 2 AND k < 5, toFloat64(10 + number % 90), NULL),
               if(k >= 2 AND k < 5, '{"plan":"pro"}', '{}'), '{"sdk_version":"6.1.0"}',
               fromUnixTimestamp64Milli(toInt64(${param(now - 86_400_000, 'Int64')} + number % 3600000 + k * 1000)),
               fromUnixTimestamp64Milli(${param(now, 'Int64')})
        FROM numbers(${param(subjects, 'UInt64')}) ARRAY JOIN arrayFilter(k -> (k = 0) OR (k = 1 AND number % 4 = 0) OR (k >= 2 AND k < 5 AND cityHash64(number, k) % 100 < 11 - (k - 2) * 3) OR k >= 5, range(11)) AS k
        SETTINGS max_insert_threads = 2`,
  );
  const [{ n }] = await app.warehouse.queries.query<{ n: string }>(
    'bench.generate',
    sql`SELECT count() AS n FROM events WHERE environment_id = ${param(environmentId, 'String')}`,
  ) as [{ n: string }];
  return Number(n);
}

async function main(): Promise<number> {
  const subjects = Number(process.env.BENCH_SUBJECTS ?? 100_000);
  const events = Number(process.env.BENCH_EVENTS ?? 200_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-bench-ingestion-'));
  const token = randomBytes(24).toString('base64url');
  const log = (line: string) => console.error(`· ${line}`);
  let app: App | undefined;
  let failure: unknown;
  let rows: ScaleRow[] = [];
  let dataset = '';
  try {
    app = await startApp(
      benchConfig(dataDir, token),
      createLogger('warn'),
    );
    const client = new GraphQLClient(app.url, token);
    const quiet = () => {};
    await ensureEnvironment(client, DEMO.environmentKey, DEMO.environmentName, quiet);
    await ensureEnvironment(client, 'bench-ingest', 'Ingestion bench', quiet);
    await setUpDemoExperiment(client, { environmentKey: DEMO.environmentKey, experimentKey: DEMO.experimentKey, featureName: DEMO.featureName, log: quiet });
    const env = await app.services.environments.findByKey(DEMO.environmentKey);
    log(`generating ${int0(subjects)} subjects engine-side`);
    const [n, gen] = await measure(() => generateEngineSide(app!, env!.id, subjects));
    dataset = `${int0(subjects)} subjects, ${int0(n)} events generated engine-side in ${fmtTimed(gen)}`;
    log(dataset);
    const heavyRead = async () => {
      const view = await fetchResults(client, DEMO.environmentKey, DEMO.experimentKey);
      if (!view.results) throw new Error('results are null');
    };
    rows = await ingestionScaleRows(app, { environmentKey: 'bench-ingest', heavyRead, events, log });
  } catch (err) {
    failure = err;
  } finally {
    if (app) await app.close().catch((err: unknown) => console.error('closing the app failed:', err));
    await rm(dataDir, { recursive: true, force: true });
  }
  const cpu = cpus();
  console.log(`\nLiftgate bench:ingestion · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'} · ${dataset}\n`);
  console.log(formatTable(['figure', 'measured', 'same-run baseline', 'target', 'met'], rows.map((r) => [r.figure, r.measured, r.baseline, r.target, r.met ? 'yes' : 'no']), ['left', 'left', 'left', 'left', 'left']));
  if (failure) {
    console.error('\nbench failed:', failure instanceof Error ? failure.stack : failure);
    return 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(await main());
