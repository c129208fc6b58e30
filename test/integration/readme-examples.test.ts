/**
 * Docs that run (issue 13 item 5): every GraphQL and curl example of README.md, in order, against
 * a fresh gateway — the rule is written at the top of the README's "Using it" section. An example
 * fails the test when it answers a top-level error, a non-empty payload `errors` list, a non-2xx
 * status, or differs from the answer documented after it (`# {…}`). Ids written "…" are the ids
 * earlier examples created; an anomaly signal, which no README request can create, is made by
 * posting a spike of the README's own monitored metric and running the monitoring scheduler.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitoringScheduler } from '../../src/jobs/monitoring-scheduler.js';
import { loadFile } from '../fixtures/fact-tables.js';
import { postSdkEvents, sdkEvent, type SdkEvent } from '../fixtures/sdk-events.js';
import {
  answerMismatches, IdRegistry, placeholderTypes, readmeExamples, substitutePlaceholders, userErrors, type ReadmeExample,
} from '../helpers/readme-examples.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const DAY = 86_400_000;
const run = promisify(execFile);
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.stop();
});

/**
 * An OPEN anomaly signal of the README's monitored metric ("Revenue (paid plans)", SUM, DAY):
 * 15 ordinary days then a spike yesterday, evaluated by a scheduler whose clock is today 00:10.
 */
async function createSignal(environmentKey: string): Promise<void> {
  const today = Math.floor(Date.now() / DAY) * DAY;
  const events: SdkEvent[] = [];
  for (let day = today - 16 * DAY; day < today; day += DAY) {
    const spike = day === today - DAY;
    for (let i = 0; i < 6; i++) {
      events.push(sdkEvent('purchase', {
        identifier: `readme_${i}`, value: spike ? '5000' : String(20 + ((day / DAY) % 3)), traits: { plan: 'pro' }, timestamp: day + (i + 1) * 3_600_000,
      }));
    }
  }
  await postSdkEvents(t, environmentKey, events);
  const scheduler = createMonitoringScheduler(t.app.services.monitoring, { tickMs: 60_000, latenessMs: 5 * 60_000, now: () => new Date(today + 10 * 60_000) });
  const summary = await scheduler.runOnce();
  if (summary.created < 1) throw new Error(`no anomaly signal created: ${JSON.stringify(summary)}`);
}

async function runGraphql(example: Extract<ReadmeExample, { kind: 'graphql' }>, ids: IdRegistry): Promise<string[]> {
  for (const type of placeholderTypes(example.document)) {
    if (type === 'AnomalySignal' && !ids.latest(type)) {
      await createSignal('prod');
      const list = await t.gql<any>('{ environment(key: "prod") { anomalySignals(status: OPEN, first: 1) { edges { node { id } } } } }');
      ids.record(list.data);
    }
  }
  const query = substitutePlaceholders(example.document, (type) => {
    const id = ids.latest(type);
    if (!id) throw new Error(`"…" names a ${type}, but no earlier example created one`);
    return id;
  });
  const res = await t.gql<Record<string, unknown>>(query);
  // Ids of what mutations create (and delete); a query's lists would reorder them.
  if (example.operation.operation === 'mutation') ids.record(res.data);
  const problems: string[] = [];
  if (res.errors?.length) problems.push(`errors: ${JSON.stringify(res.errors)}`);
  const errors = userErrors(res.data);
  if (errors.length) problems.push(`payload errors: ${JSON.stringify(errors)}`);
  if (example.expected !== undefined) {
    const root = Object.values(res.data ?? {})[0];
    problems.push(...answerMismatches(example.expected, root).map((m) => `differs from the documented answer: ${m}`));
  }
  return problems;
}

async function runCurl(example: Extract<ReadmeExample, { kind: 'curl' }>): Promise<string[]> {
  const base = new URL(t.url);
  const stream = /\s-N\b/.test(example.command);
  const command = example.command
    .replace(/(https?:\/\/)?localhost:4000/g, `http://${base.host}`)
    .replace(/"timestamp":\s*1\d{12}/g, () => `"timestamp":${Date.now() - 60_000}`);
  const script = `${command} --max-time ${stream ? 3 : 30} -w '\\n%{http_code}'`;
  let stdout: string;
  try {
    ({ stdout } = await run('bash', ['-c', script], { env: { PATH: process.env.PATH, TOKEN: t.token, LIFTGATE_TOKEN: t.token } }));
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    // curl exits 28 when --max-time ends a stream that was answered: what a stream does.
    if (!(stream && e.code === 28 && e.stdout)) throw error;
    stdout = e.stdout;
  }
  const status = Number(stdout.slice(stdout.lastIndexOf('\n') + 1));
  const body = stdout.slice(0, stdout.lastIndexOf('\n'));
  const problems: string[] = [];
  if (status < 200 || status > 299) problems.push(`HTTP ${status}: ${body}`);
  if (/"errors"\s*:\s*\[\s*\{/.test(body)) problems.push(`errors in the answer: ${body}`);
  if (example.expected !== undefined) problems.push(...answerMismatches(example.expected, JSON.parse(body)).map((m) => `differs from the documented answer: ${m}`));
  return problems;
}

/**
 * A loader fence: its setup lines run in a scratch directory (they write the file), then the file
 * is loaded into the environment's database in this process, which owns the embedded warehouse
 * (the `npm run warehouse:load` script needs the gateway stopped, so the test does what it does).
 */
async function runLoad(example: Extract<ReadmeExample, { kind: 'load' }>): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'liftgate-readme-'));
  await run('bash', ['-c', example.setup], { cwd: dir, env: { PATH: process.env.PATH } });
  await loadFile(t, example.env, example.table, join(dir, example.file));
  return [];
}

describe('README examples', () => {
  const examples = readmeExamples(README);

  it('finds the GraphQL and curl examples', () => {
    expect(examples.filter((e) => e.kind === 'graphql').length).toBeGreaterThan(30);
    expect(examples.filter((e) => e.kind === 'curl').length).toBeGreaterThanOrEqual(2);
  });

  it('runs every example in order against a fresh gateway, each as documented', async () => {
    const ids = new IdRegistry();
    const failures: string[] = [];
    for (const example of examples) {
      const problems = await (example.kind === 'graphql' ? runGraphql(example, ids) : example.kind === 'curl' ? runCurl(example) : runLoad(example)).catch(
        (e: Error) => [e.message],
      );
      const label = example.kind === 'graphql' ? (example.operation.selectionSet.selections[0] as { name?: { value: string } }).name?.value : example.kind;
      failures.push(...problems.map((p) => `README.md:${example.line} (${label}) ${p}`));
    }
    expect(failures).toEqual([]);
  });
});
