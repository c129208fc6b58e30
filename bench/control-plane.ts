/**
 * `npm run bench:control-plane` (and part of `npm run bench`): control-plane speed as a share of
 * the GraphQL server itself (issue 16).
 *
 * For each store — PGlite (embedded) and the local PostgreSQL (a fresh database on
 * LIFTGATE_BENCH_POSTGRES_URL's server, default postgres://postgres@127.0.0.1:5432, dropped at the
 * end) — the gateway runs as a child process exactly as `npm start` runs it (NODE_ENV=production,
 * chDB warehouse in a temp dir), and autocannon (in this process, not the server's) sends each
 * row's request over 8 keep-alive connections for `--seconds` (default 10) × `--rounds` (default
 * 1, the median round is reported):
 *
 * - `{ __typename }` with a bearer token: the baseline, the same HTTP + GraphQL round trip with
 *   no resolver work; every other row is given as a ratio of its req/s to this one;
 * - the metadata query: an environment's 20 ACTIVE experiments with their variants, active
 *   cohort and winner (bearer token);
 * - assignSubject with the environment key (the SDK path): returning subjects (a pool of 500
 *   assigned before), new subjects (a fresh id per request), and returning subjects with
 *   trackExposure (each call also writes an exposure event to the warehouse).
 *
 * Each row: req/s, p50/p99 latency, and the server process's CPU time over the row's wall time
 * (read from /proc/<pid>/stat, so 1.00 = one core busy). A response with a GraphQL error, or
 * without the row's expected text, fails the bench.
 *
 * Then the start: `npm start` on a fresh data directory (PGlite + chDB) until `/healthz` answers
 * 200, and again on the same (now initialised) directory, with the CPU time of the whole process
 * tree; next to it the start of a bare `node --import tsx` process (the floor).
 *
 * Flags: --seconds N, --rounds N, --stores pglite,postgres (empty: the start only), --no-start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { formatTable, postGraphQL as gql } from '../scripts/demo-traffic.js';

const ROOT = resolve(import.meta.dirname, '..');
const CONNECTIONS = 8;
const EXPERIMENTS = 20;
const RETURNING_SUBJECTS = 500;
const ENV_KEY = 'bench-control-plane';
const ASSIGN_KEY = 'BENCH-ASSIGN-00';
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const CLK_TCK = 100;

const NODE_ARGS = ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', '--import', 'tsx'];

export const METADATA_QUERY = `query BenchMetadata($env: String!) {
  environment(key: $env) {
    experiments(first: ${EXPERIMENTS}, status: ACTIVE) {
      totalCount
      edges { node { id key name status resourceVersion featureName
        variants { key name isControl }
        activeCohort { index allocations { split variant { key } } }
        winningVariant { key } } }
    }
  }
}`;
const ASSIGN = `mutation BenchAssign($input: AssignSubjectInput!) {
  assignSubject(input: $input) { assignment { subjectId reason variant { key } } errors { code message } }
}`;

interface Flags {
  seconds: number;
  rounds: number;
  stores: ('pglite' | 'postgres')[];
  start: boolean;
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { seconds: 10, rounds: 1, stores: ['pglite', 'postgres'], start: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seconds') flags.seconds = Number(argv[++i]);
    else if (a === '--rounds') flags.rounds = Number(argv[++i]);
    else if (a === '--stores') flags.stores = String(argv[++i]).split(',').filter(Boolean) as Flags['stores'];
    else if (a === '--no-start') flags.start = false;
  }
  return flags;
}

// ---------------------------------------------------------------- the gateway as a child process

interface Gateway {
  child: ChildProcess;
  url: string;
}

/** Starts `node … src/main.ts` (what `npm start` runs) with `env`; resolves once it prints its URL. */
function startGateway(env: Record<string, string>): Promise<Gateway> {
  const child = spawn(process.execPath, [...NODE_ARGS, 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Liftgate ready: (\S+)\/graphql/.exec(out)?.[1];
      if (url) done({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`gateway exited (${code}) before listening:\n${out}`)));
  });
}

async function stopGateway(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Fields of /proc/<pid>/stat after the command name (field 3 = index 0). */
async function procStat(pid: number): Promise<string[] | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return text ? text.slice(text.lastIndexOf(')') + 2).split(' ') : null;
}

/** CPU seconds (user + system) the process has used so far. */
async function cpuSeconds(pid: number): Promise<number> {
  const f = await procStat(pid);
  if (!f) throw new Error(`process ${pid} is gone`);
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

/** CPU seconds of every live process in process group `pgid`, including their reaped children. */
async function groupCpuSeconds(pgid: number): Promise<number> {
  let total = 0;
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = await procStat(Number(name));
    if (!f || Number(f[2]) !== pgid) continue;
    total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLK_TCK;
  }
  return total;
}

// ---------------------------------------------------------------- set-up over GraphQL


function payloadOk<T extends { errors: unknown[] }>(what: string, p: T): T {
  if (p.errors.length) throw new Error(`${what}: ${JSON.stringify(p.errors)}`);
  return p;
}

/** The environment, 20 ACTIVE experiments (3 variants each, 20/30/50), and 500 assigned subjects. */
export async function setUp(url: string, token: string): Promise<void> {
  const auth = { authorization: `Bearer ${token}` };
  const env = await gql(url, auth, 'mutation($i: CreateEnvironmentInput!) { createEnvironment(input: $i) { environment { key } errors { code message } } }', {
    i: { key: ENV_KEY, name: 'Control-plane bench' },
  });
  payloadOk('createEnvironment', env.createEnvironment);
  for (let i = 0; i < EXPERIMENTS; i++) {
    const key = `BENCH-ASSIGN-${String(i).padStart(2, '0')}`;
    const created = await gql(url, auth, 'mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { experiment { id resourceVersion } errors { code message } } }', {
      i: {
        environmentKey: ENV_KEY,
        key,
        name: `Bench experiment ${i}`,
        featureName: `bench_feature_${i}`,
        variants: [
          { key: 'CONTROL', name: 'Control', isControl: true },
          { key: 'B', name: 'Variant B' },
          { key: 'C', name: 'Variant C' },
        ],
        allocations: [
          { variantKey: 'CONTROL', split: 0.2 },
          { variantKey: 'B', split: 0.3 },
          { variantKey: 'C', split: 0.5 },
        ],
      },
    });
    const exp = payloadOk('createExperiment', created.createExperiment).experiment;
    const started = await gql(url, auth, 'mutation($i: TransitionInput!) { startExperiment(input: $i) { errors { code message } } }', {
      i: { experimentId: exp.id, expectedResourceVersion: exp.resourceVersion },
    });
    payloadOk('startExperiment', started.startExperiment);
  }
  const sdk = { 'x-environment-key': ENV_KEY };
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < RETURNING_SUBJECTS) {
        const subjectId = `returning-${next++}`;
        const data = await gql(url, sdk, ASSIGN, { input: { environmentKey: ENV_KEY, experimentKey: ASSIGN_KEY, subjectId, trackExposure: false } });
        payloadOk('assignSubject', data.assignSubject);
      }
    }),
  );
}

// ---------------------------------------------------------------- load

interface Row {
  label: string;
  headers: Record<string, string>;
  /** The request body, given a per-run counter (for unique ids). */
  body: (n: number) => string;
  /** Text every successful response contains. */
  expect: string;
}

interface Measured {
  label: string;
  perSecond: number;
  p50: number;
  p99: number;
  /** Server CPU seconds per wall second. */
  cpu: number;
  requests: number;
}

function rows(): Row[] {
  const bearer = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
  const sdk = { 'content-type': 'application/json', 'x-environment-key': ENV_KEY };
  const assign = (subjectId: string, trackExposure: boolean) =>
    JSON.stringify({ query: ASSIGN, variables: { input: { environmentKey: ENV_KEY, experimentKey: ASSIGN_KEY, subjectId, trackExposure } } });
  let fresh = 0;
  const runId = randomBytes(4).toString('hex');
  return [
    { label: '`{ __typename }` (baseline)', headers: bearer(TOKEN), body: () => JSON.stringify({ query: '{ __typename }' }), expect: '"Query"' },
    {
      label: `metadata: ${EXPERIMENTS} experiments with variants, cohort, winner`,
      headers: bearer(TOKEN),
      body: () => JSON.stringify({ query: METADATA_QUERY, variables: { env: ENV_KEY } }),
      expect: `"totalCount":${EXPERIMENTS}`,
    },
    { label: 'assignSubject, returning subject', headers: sdk, body: (n) => assign(`returning-${n % RETURNING_SUBJECTS}`, false), expect: '"reason":"STICKY"' },
    { label: 'assignSubject, new subject', headers: sdk, body: () => assign(`new-${runId}-${fresh++}`, false), expect: '"reason":"NEW"' },
    { label: 'assignSubject, returning, exposure recorded', headers: sdk, body: (n) => assign(`returning-${n % RETURNING_SUBJECTS}`, true), expect: '"reason":"STICKY"' },
  ];
}

const TOKEN = randomBytes(24).toString('base64url');

/** One autocannon run of `row` for `seconds` against the gateway; fails on any bad response. */
async function measure(gateway: Gateway, row: Row, seconds: number): Promise<Measured> {
  let n = 0;
  let bad: string | null = null;
  const cpu0 = await cpuSeconds(gateway.child.pid!);
  const t0 = performance.now();
  const result = await autocannon({
    url: gateway.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers: row.headers,
        setupRequest: (req) => ({ ...req, body: row.body(n++) }),
        onResponse: (status, body) => {
          if (bad === null && (status !== 200 || !body.includes(row.expect) || body.includes('"errors":[{'))) {
            bad = `HTTP ${status}: ${body.slice(0, 500)}`;
          }
        },
      },
    ],
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = (await cpuSeconds(gateway.child.pid!)) - cpu0;
  if (bad) throw new Error(`${row.label}: ${bad}`);
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${row.label}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`);
  }
  return {
    label: row.label,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpu: cpu / wall,
    requests: result.requests.total,
  };
}

/** Every row against one store; the median round of each. */
async function benchStore(store: 'pglite' | 'postgres', flags: Flags): Promise<Measured[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-bench-cp-'));
  const adminUrl = process.env.LIFTGATE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `liftgate_bench_${randomBytes(4).toString('hex')}`;
  let databaseUrl: string | undefined;
  if (store === 'postgres') {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  let gateway: Gateway | undefined;
  try {
    gateway = await startGateway({
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      LIFTGATE_DATA_DIR: dataDir,
      LIFTGATE_BOOTSTRAP_TOKEN: TOKEN,
      LIFTGATE_METRICS_ADDR: 'off',
      LIFTGATE_RATE_LIMIT_EVENTS_PER_SECOND: '0',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    });
    await setUp(gateway.url, TOKEN);
    const out: Measured[] = [];
    for (const row of rows()) {
      await measure(gateway, row, 1); // warm-up: JIT, caches, connections
      const rounds: Measured[] = [];
      for (let r = 0; r < flags.rounds; r++) rounds.push(await measure(gateway, row, flags.seconds));
      rounds.sort((a, b) => a.perSecond - b.perSecond);
      out.push(rounds[Math.floor(rounds.length / 2)]!);
    }
    return out;
  } finally {
    if (gateway) await stopGateway(gateway.child);
    await rm(dataDir, { recursive: true, force: true });
    if (store === 'postgres') {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  }
}

// ---------------------------------------------------------------- start time

interface StartFigure {
  label: string;
  /** Until /healthz answers 200. */
  wallSeconds: number;
  /** CPU of the process tree until then. */
  cpuSeconds: number;
  /** Until /readyz answers 200 (warm-ups done). */
  readySeconds: number;
}

/** Spawns `command` in its own process group, polls `/healthz` until 200; wall and tree CPU seconds. */
async function timeStart(label: string, command: string, args: string[], env: Record<string, string>, readyOn: RegExp): Promise<StartFigure> {
  const t0 = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    let url: string | undefined;
    const until = async (path: string) => {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`${label}: exited (${child.exitCode}) before ${path} answered 200:\n${out}`);
        url ??= readyOn.exec(out)?.[1];
        if (url && (await fetch(`${url}${path}`).then((r) => r.status === 200, () => false))) return;
        if (performance.now() - t0 > 120_000) throw new Error(`${label}: no 200 from ${path} within 120 s:\n${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    await until('/healthz');
    const wallSeconds = (performance.now() - t0) / 1000;
    const cpu = await groupCpuSeconds(child.pid!);
    await until('/readyz');
    return { label, wallSeconds, cpuSeconds: cpu, readySeconds: (performance.now() - t0) / 1000 };
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The bare floor (node + tsx), then `npm start` on a fresh and on an initialised data directory. */
async function benchStart(): Promise<StartFigure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-bench-start-'));
  try {
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      LIFTGATE_DATA_DIR: dataDir,
      LIFTGATE_BOOTSTRAP_TOKEN: TOKEN,
      LIFTGATE_METRICS_ADDR: 'off',
      LOG_LEVEL: 'warn',
    };
    const t0 = performance.now();
    const floorChild = spawn(process.execPath, [...NODE_ARGS, '-e', ''], { cwd: ROOT, stdio: 'ignore' });
    await new Promise((done) => floorChild.once('exit', done));
    const floorSeconds = (performance.now() - t0) / 1000;
    const floor = { label: 'floor: bare `node --import tsx` process, exits at once', wallSeconds: floorSeconds, cpuSeconds: NaN, readySeconds: NaN };
    const ready = /Liftgate listening: (\S+)\/graphql/;
    const first = await timeStart('`npm start`, fresh data directory', 'npm', ['start'], env, ready);
    const again = await timeStart('`npm start`, initialised data directory', 'npm', ['start'], env, ready);
    return [floor, first, again];
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Runs the control-plane bench; returns the printed tables. */
export async function benchControlPlane(argv: string[] = []): Promise<string> {
  const flags = parseFlags(argv);
  const cpu = cpus();
  const lines = [
    `Control-plane bench · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'} · autocannon, ${CONNECTIONS} connections, ` +
      `${flags.rounds} × ${flags.seconds} s per row (median round) · gateway as a child process (NODE_ENV=production) · chDB warehouse`,
    '',
  ];
  for (const store of flags.stores) {
    const measured = await benchStore(store, flags);
    const base = measured[0]!;
    lines.push(`${store === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL (127.0.0.1:5432, fresh database)'}`);
    lines.push(
      formatTable(
        ['request', 'req/s', 'p50', 'p99', 'server CPU (cores)', 'CPU ms / request', 'ratio to baseline req/s'],
        measured.map((m) => [
          m.label,
          fmt(m.perSecond),
          `${fmt(m.p50, 1)} ms`,
          `${fmt(m.p99, 1)} ms`,
          fmt(m.cpu, 2),
          fmt((m.cpu * 1000) / m.perSecond, 2),
          m === base ? '1.00×' : `${fmt(m.perSecond / base.perSecond, 3)}×`,
        ]),
      ),
    );
    lines.push('');
  }
  if (flags.start) {
    const starts = await benchStart();
    lines.push(
      formatTable(
        ['start', 'wall until /healthz 200', 'CPU (process tree) until then', 'ratio to floor', 'wall until /readyz 200'],
        starts.map((s) => [
          s.label,
          `${fmt(s.wallSeconds, 2)} s`,
          Number.isNaN(s.cpuSeconds) ? '—' : `${fmt(s.cpuSeconds, 2)} s`,
          `${fmt(s.wallSeconds / starts[0]!.wallSeconds, 1)}×`,
          Number.isNaN(s.readySeconds) ? '—' : `${fmt(s.readySeconds, 2)} s`,
        ]),
      ),
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(await benchControlPlane(process.argv.slice(2)));
    process.exit(0);
  } catch (err) {
    console.error('control-plane bench failed:', err);
    process.exit(1);
  }
}
