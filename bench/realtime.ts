/**
 * `npm run bench:realtime`: subscription fan-out and live-results freshness on one process.
 *
 * Starts the real app in-process (embedded PGlite + chDB on a fresh temp dir; REDIS_URL, when set,
 * puts the bus on Redis) and forks the subscribers into a child process (bench/realtime-clients.ts)
 * so the clients' CPU is not the server's. Prints one table; each figure stands next to its
 * same-run baseline, with wall time and the CPU time of the server and client processes:
 *
 * - fan-out: SIGNALS anomaly signals published the way the monitoring service's onSignalChanged
 *   port publishes them (bus `signalChanged`, each a stored row loaded once per change), spaced
 *   SIGNAL_GAP_MS apart, to 1 subscriber (baseline) and to FANOUT graphql-ws subscribers (one
 *   connection each): delivery latency publish → payload parsed by the client (p50/p95/max), and
 *   the server's memory per subscriber (heap and RSS after GC, before and after connecting them);
 * - freshness: a batch with one new exposed subject posted to POST /v1/events every
 *   POST_EVERY_MS for STREAM_MS, with 1 and with FANOUT experimentResults subscribers: time from
 *   the batch's 200 (event accepted) to the first payload that counts its subject, against the
 *   baseline of a client that asks `results` over HTTP right after the 200 (one read, no wait);
 *   plus the warehouse results reads made per second (one per throttle window, whatever the
 *   number of subscribers).
 *
 * Targets (issue 12): signal p95 < 200 ms with 1,000 subscribers; freshness ≤ 5 s.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../src/app.js';
import { benchConfig } from './app-config.js';
import { prismaClient } from '../src/db/prisma-ref.js';
import { createLogger } from '../src/lib/logger.js';
import { formatTable, percentile } from '../scripts/demo-traffic.js';
import type { Receipt } from './realtime-clients.js';

const FANOUT = Number(process.env.BENCH_SUBSCRIBERS ?? 1_000);
const SIGNALS = 20;
const SIGNAL_GAP_MS = 250;
const STREAM_MS = 12_000;
const POST_EVERY_MS = 250;
const ENV = 'bench-live';
const EXPERIMENT = 'BENCH-LIVE';
const FEATURE = 'bench_live';

const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const now = () => performance.timeOrigin + performance.now();
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

async function gql(app: App, token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** A forked subscriber process and a request/answer channel to it. */
class Clients {
  private constructor(private readonly child: ChildProcess) {}
  static async start(): Promise<Clients> {
    const child = fork(join(import.meta.dirname, 'realtime-clients.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`clients exited (${code})`)));
    });
    return new Clients(child);
  }
  ask<T = any>(message: object): Promise<T> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (answer: any) => (answer?.error ? reject(new Error(answer.error)) : resolve(answer)));
      this.child.send(message);
    });
  }
  report(): Promise<{ receipts: Receipt[]; errors: number; cpuMs: number }> {
    return this.ask({ cmd: 'report' });
  }
  async close(): Promise<void> {
    await this.ask({ cmd: 'close' });
  }
}

/** Server heap and RSS after a full GC (needs --expose-gc, set by the npm script). */
async function memory(): Promise<{ heap: number; rss: number }> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await sleep(50);
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

interface Phase { label: string; wallMs: number; serverCpuMs: number; clientCpuMs: number }

/** Fan-out of SIGNALS signals to `n` anomalySignals subscribers: latencies (ms) and memory per subscriber. */
async function fanOut(app: App, token: string, environmentId: string, metricId: string, n: number) {
  const clients = await Clients.start();
  const before = await memory();
  await clients.ask({ cmd: 'signals', url: app.url, token, environmentKey: ENV, n });
  while (app.services.realtime.signals.subscribers() < n) await sleep(20);
  const after = await memory();
  await clients.report(); // reset receipts and CPU reference
  const clientCpu0 = (await clients.report()).cpuMs;
  const published = new Map<string, number>();
  const t0 = performance.now();
  const cpu0 = cpuMs();
  const bucket0 = Date.UTC(2026, 0, 1) + n * 10_000_000;
  for (let i = 0; i < SIGNALS; i++) {
    // A stored signal, announced as the monitoring service's port announces it.
    const signal = await prismaClient().anomalySignal.create({
      data: {
        environmentId, metricId, interval: 'HOUR', bucket: new Date(bucket0 + i * 3_600_000),
        observed: 200, expected: 10, lower: 2, upper: 18, score: 12, direction: 'UP', severity: 'HIGH',
      },
    });
    // Subscribers see the relay global id: base64("AnomalySignal:<uuid>").
    published.set(`${Buffer.from(`AnomalySignal:${signal.id}`).toString('base64')}:OPEN`, now());
    app.services.realtime.bus.publish('signalChanged', { id: signal.id, environmentId, metricId });
    await sleep(SIGNAL_GAP_MS);
  }
  const expected = SIGNALS * n;
  let receipts: Receipt[] = [];
  let errors = 0;
  let clientCpu = clientCpu0;
  for (let waited = 0; receipts.length < expected && waited < 10_000; waited += 200) {
    const r = await clients.report();
    receipts = receipts.concat(r.receipts);
    errors += r.errors;
    clientCpu = r.cpuMs;
    if (receipts.length < expected) await sleep(200);
  }
  const phase: Phase = { label: '', wallMs: performance.now() - t0, serverCpuMs: cpuMs() - cpu0, clientCpuMs: clientCpu - clientCpu0 };
  await clients.close();
  const latencies = receipts.map((r) => r.at - published.get(r.key)!).filter((x) => Number.isFinite(x));
  return {
    latencies,
    delivered: receipts.length,
    expected,
    errors,
    perSubscriber: { heap: (after.heap - before.heap) / n, rss: (after.rss - before.rss) / n },
    phase,
  };
}

/** Posts one new exposed subject every POST_EVERY_MS for STREAM_MS; returns each batch's accept time and the subject total it makes. */
async function stream(app: App, base: number, tag: string) {
  const accepted: { at: number; total: number }[] = [];
  const end = performance.now() + STREAM_MS;
  let i = 0;
  let resent = 0;
  const pending: Promise<void>[] = [];
  while (performance.now() < end) {
    const subject = `${tag}-${i++}`;
    const total = base + i;
    const body = JSON.stringify({ events: [{ event: '$flag_exposure', feature_name: FEATURE, identifier: subject, value: 'CONTROL', timestamp: Date.now(), metadata: { sdk_version: 'bench' } }] });
    pending.push(
      (async () => {
        // Like the SDK: a 503 is sent again (the event id makes it idempotent); accepted = the 200.
        for (;;) {
          const res = await fetch(`${app.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-environment-key': ENV }, body });
          await res.body?.cancel();
          if (res.status === 200) break;
          if (res.status !== 503) throw new Error(`POST /v1/events answered ${res.status}`);
          resent++;
          await sleep(100);
        }
        accepted.push({ at: now(), total });
      })(),
    );
    await sleep(POST_EVERY_MS);
  }
  await Promise.all(pending);
  return { accepted: accepted.sort((a, b) => a.total - b.total), posted: i, resent };
}

/** Subject total the results show now (over HTTP). */
async function subjectTotal(app: App, token: string): Promise<number> {
  const d = await gql(app, token, `query($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results { exposures { subjects } } } }`, { env: ENV, key: EXPERIMENT });
  return (d.experiment.results.exposures as { subjects: number }[]).reduce((s, e) => s + e.subjects, 0);
}

/** Freshness with `n` experimentResults subscribers: per (subscriber, batch) ms from accept to the first payload counting it. */
async function freshness(app: App, token: string, n: number, tag: string) {
  const clients = await Clients.start();
  await clients.ask({ cmd: 'results', url: app.url, token, environmentKey: ENV, experimentKey: EXPERIMENT, n });
  while (app.services.realtime.results.watchedExperiments() < 1) await sleep(20);
  const base = await subjectTotal(app, token);
  await sleep(500);
  await clients.report();
  const clientCpu0 = (await clients.report()).cpuMs;
  let reads = 0;
  const off = app.warehouse.queries.onQuery((q) => {
    if (q.family === 'results.metrics') reads++;
  });
  const t0 = performance.now();
  const cpu0 = cpuMs();
  const { accepted, posted, resent } = await stream(app, base, tag);
  await sleep(5_000); // let the last batches arrive
  const wallMs = performance.now() - t0;
  off();
  const r = await clients.report();
  const phase: Phase = { label: '', wallMs, serverCpuMs: cpuMs() - cpu0, clientCpuMs: r.cpuMs - clientCpu0 };
  await clients.close();
  // Per subscriber, its payloads in arrival order: a batch is fresh at the first payload whose total covers it.
  const bySubscriber = new Map<number, Receipt[]>();
  for (const receipt of r.receipts) bySubscriber.set(receipt.subscriber, [...(bySubscriber.get(receipt.subscriber) ?? []), receipt]);
  const latencies: number[] = [];
  let missing = 0;
  for (const receipts of bySubscriber.values()) {
    for (const batch of accepted) {
      const first = receipts.find((x) => Number(x.key) >= batch.total && x.at >= batch.at - 1_000);
      if (first) latencies.push(Math.max(0, first.at - batch.at));
      else missing++;
    }
  }
  missing += (n - bySubscriber.size) * accepted.length;
  return { latencies, missing, posted, resent, reads, readsPerSecond: reads / (wallMs / 1000), errors: r.errors, phase };
}

/** Baseline of freshness: a poller asking `results` over HTTP right after each 200; ms until it sees its subject. */
async function pollBaseline(app: App, token: string, rounds: number, tag: string): Promise<{ latencies: number[]; phase: Phase }> {
  const latencies: number[] = [];
  const t0 = performance.now();
  const cpu0 = cpuMs();
  for (let i = 0; i < rounds; i++) {
    const base = await subjectTotal(app, token);
    const res = await fetch(`${app.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-environment-key': ENV },
      body: JSON.stringify({ events: [{ event: '$flag_exposure', feature_name: FEATURE, identifier: `${tag}-${i}`, value: 'TREATMENT', timestamp: Date.now(), metadata: { sdk_version: 'bench' } }] }),
    });
    await res.body?.cancel();
    const at = now();
    while ((await subjectTotal(app, token)) < base + 1) await sleep(5);
    latencies.push(now() - at);
    await sleep(100);
  }
  return { latencies, phase: { label: '', wallMs: performance.now() - t0, serverCpuMs: cpuMs() - cpu0, clientCpuMs: 0 } };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-bench-live-'));
  const token = `bench_${randomBytes(16).toString('hex')}`;
  const config = benchConfig(dataDir, token, { NODE_ENV: 'production' });
  const app = await startApp(config, createLogger('warn'));
  try {
    await gql(app, token, 'mutation($i: CreateEnvironmentInput!) { createEnvironment(input: $i) { errors { code } } }', { i: { name: ENV, key: ENV } });
    const metric = await gql(app, token, 'mutation($i: CreateMetricInput!) { createMetric(input: $i) { metric { id } errors { code message } } }', {
      i: { environmentKey: ENV, name: 'Purchases', aggregation: 'COUNT', definition: { event: { event: 'purchase' } } },
    });
    const metricId = Buffer.from(metric.createMetric.metric.id, 'base64').toString().split(':')[1]!;
    const environmentId = (await app.services.environments.findByKey(ENV))!.id;
    const exp = await gql(app, token, 'mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { experiment { id resourceVersion } errors { code message } } }', {
      i: {
        environmentKey: ENV, key: EXPERIMENT, name: 'Live bench', featureName: FEATURE,
        variants: [{ key: 'CONTROL', name: 'Control', isControl: true }, { key: 'TREATMENT', name: 'Treatment' }],
        allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }],
      },
    });
    const { id } = exp.createExperiment.experiment;
    await gql(app, token, 'mutation($i: AttachMetricInput!) { attachMetric(input: $i) { errors { code } } }', { i: { experimentId: id, metricId: metric.createMetric.metric.id, role: 'PRIMARY' } });
    // Attaching may bump the version: start with the current one.
    const current = await gql(app, token, 'query($e: String!, $k: String!) { experiment(environmentKey: $e, key: $k) { resourceVersion } }', { e: ENV, k: EXPERIMENT });
    const started = await gql(app, token, 'mutation($i: TransitionInput!) { startExperiment(input: $i) { errors { code message } } }', { i: { experimentId: id, expectedResourceVersion: current.experiment.resourceVersion } });
    if (started.startExperiment.errors.length) throw new Error(JSON.stringify(started.startExperiment.errors));

    const rows: string[][] = [];
    const row = (what: string, figure: string, baseline: string, target: string, phase: Phase | null) =>
      rows.push([what, figure, baseline, target, phase ? `${(phase.wallMs / 1000).toFixed(1)} s` : '', phase ? `${(phase.serverCpuMs / 1000).toFixed(1)} s` : '', phase && phase.clientCpuMs ? `${(phase.clientCpuMs / 1000).toFixed(1)} s` : '']);

    console.error(`fan-out: 1 subscriber, then ${FANOUT} (bus: ${app.services.realtime.bus.kind})…`);
    const one = await fanOut(app, token, environmentId, metricId, 1);
    const many = await fanOut(app, token, environmentId, metricId, FANOUT);
    const q = (xs: number[], p: number) => (xs.length ? percentile(xs, p) : NaN);
    console.error(`fan-out p95: ${ms(q(one.latencies, 95))} (1), ${ms(q(many.latencies, 95))} (${FANOUT}); heap/subscriber ${kib(many.perSubscriber.heap)}`);
    row('signal delivery p50', ms(q(many.latencies, 50)), ms(q(one.latencies, 50)), '', many.phase);
    row(`signal delivery p95 (${FANOUT} subscribers)`, ms(q(many.latencies, 95)), ms(q(one.latencies, 95)), '< 200 ms', null);
    row('signal delivery max', ms(Math.max(...many.latencies)), ms(Math.max(...one.latencies)), '', null);
    row('signals delivered / expected', `${many.delivered.toLocaleString('en-US')} / ${many.expected.toLocaleString('en-US')}`, `${one.delivered} / ${one.expected}`, 'all', null);
    row('server heap per subscriber (after GC)', kib(many.perSubscriber.heap), '', '', null);

    if (process.env.BENCH_ONLY === 'fanout') {
      console.log(formatTable(['measure', 'figure', 'baseline (same run)', 'target', 'wall', 'server CPU', 'client CPU'], rows));
      return;
    }
    console.error('freshness: poll baseline, 1 subscriber, then', FANOUT, '…');
    const poll = await pollBaseline(app, token, 10, 'poll');
    const fresh1 = await freshness(app, token, 1, 'one');
    const freshN = await freshness(app, token, FANOUT, 'many');
    row('results freshness p50 (1 subscriber)', ms(q(fresh1.latencies, 50)), ms(q(poll.latencies, 50)) + ' (poll)', '', fresh1.phase);
    row('results freshness p95 (1 subscriber)', ms(q(fresh1.latencies, 95)), ms(q(poll.latencies, 95)) + ' (poll)', '≤ 5 s', null);
    row(`results freshness p50 (${FANOUT} subscribers)`, ms(q(freshN.latencies, 50)), ms(q(poll.latencies, 50)) + ' (poll)', '', freshN.phase);
    row(`results freshness p95 (${FANOUT} subscribers)`, ms(q(freshN.latencies, 95)), ms(q(poll.latencies, 95)) + ' (poll)', '≤ 5 s', null);
    row(`results freshness max (${FANOUT} subscribers)`, ms(Math.max(...freshN.latencies)), ms(Math.max(...poll.latencies)) + ' (poll)', '≤ 5 s', null);
    row('POST /v1/events answered 503 and resent (SDK behaviour)', `${freshN.resent} of ${freshN.posted}`, `${fresh1.resent} of ${fresh1.posted}`, '', null);
    row('batches not seen by a subscriber', `${freshN.missing} of ${(freshN.posted * FANOUT).toLocaleString('en-US')}`, `${fresh1.missing} of ${fresh1.posted}`, '0', null);
    row(`warehouse results reads/s (${FANOUT} subscribers, ${1000 / POST_EVERY_MS} posts/s)`, freshN.readsPerSecond.toFixed(2), `${fresh1.readsPerSecond.toFixed(2)} (1 subscriber)`, `≤ ${(1000 / config.liveResultsIntervalMs).toFixed(2)} (1 per ${config.liveResultsIntervalMs} ms)`, null);

    console.log(`\nRealtime on one process (${cpus().length} CPUs, bus ${app.services.realtime.bus.kind}, subscribers in a child process, throttle ${config.liveResultsIntervalMs} ms)\n`);
    console.log(formatTable(['measure', 'figure', 'baseline (same run)', 'target', 'wall', 'server CPU', 'client CPU'], rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right']));
    console.log(`\nerrors seen by clients: fan-out ${one.errors + many.errors}, freshness ${fresh1.errors + freshN.errors}`);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
