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
import { Worker } from 'node:worker_threads';
import type { App } from '../src/app.js';
import { toEventRows } from '../src/ingestion/event-row.js';
import { parseWireEvent, type ValidEvent } from '../src/ingestion/schema.js';
import { insertEvents, type EventRow } from '../src/warehouse/events-store.js';
import { SDK_HEADERS, generateTraffic, percentile, type SdkEvent } from '../scripts/demo-traffic.js';

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
