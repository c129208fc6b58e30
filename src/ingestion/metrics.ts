/**
 * Prometheus metrics of event ingestion (prom-client), served as text at GET /metrics. One
 * registry per app instance (not prom-client's global one), so a restarted app in the same process
 * (tests) registers its metrics afresh. Environment labels are environment ids, never keys: a key
 * is the credential of /v1/events and assignSubject, and scrapes end up in dashboards and logs.
 * Ids are bounded by the number of environments (unknown keys get 401 before anything is counted).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FlushReport } from './event-writer.js';

export type EventOutcome = 'accepted' | 'rejected' | 'duplicate';

export interface IngestionMetrics {
  registry: Registry;
  /** Counts events of one request by outcome, labelled with the environment's id. */
  countEvents(environmentId: string, outcome: EventOutcome, n: number): void;
  /** Counts one /v1/events answer by HTTP status. */
  countRequest(status: number): void;
  /** Records one flush of the event writer (lookup and insert latency, warehouse errors). */
  recordFlush(report: FlushReport): void;
  /** Reports the writer's pending events when scraped. */
  trackPending(read: () => number): void;
  /** Calls `listener` on every write failure: a 503 answer or a failed warehouse operation (readiness). */
  onWriteFailure(listener: (reason: string) => void): void;
}

/** Creates the registry and the ingestion metrics, plus Node's default process metrics. */
export function createIngestionMetrics(): IngestionMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'liftgate_' });
  const events = new Counter({
    name: 'liftgate_ingested_events_total',
    help: 'Events received through POST /v1/events and trackEvents, by environment id and outcome (accepted = stored now, duplicate = already stored, rejected = invalid).',
    labelNames: ['environment', 'outcome'] as const,
    registers: [registry],
  });
  const requests = new Counter({
    name: 'liftgate_ingest_requests_total',
    help: 'Answers of POST /v1/events by HTTP status.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
  const insertSeconds = new Histogram({
    name: 'liftgate_warehouse_insert_seconds',
    help: 'Duration of one event INSERT (one flush, possibly several requests), seconds.',
    buckets,
    registers: [registry],
  });
  const lookupSeconds = new Histogram({
    name: 'liftgate_warehouse_dedup_lookup_seconds',
    help: 'Duration of a stored-key lookup (only for keys the recent-keys filter may hold), seconds.',
    buckets,
    registers: [registry],
  });
  const flushRows = new Histogram({
    name: 'liftgate_ingest_flush_events',
    help: 'Events per flush of the event writer (requests are grouped into one insert).',
    buckets: [1, 10, 100, 1_000, 5_000, 10_000, 20_000],
    registers: [registry],
  });
  const warehouseErrors = new Counter({
    name: 'liftgate_warehouse_errors_total',
    help: 'Failed warehouse operations of event ingestion, by operation (lookup, insert).',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const lookupsSkipped = new Counter({
    name: 'liftgate_ingest_lookups_skipped_total',
    help: 'Flushes inserted without their stored-key lookup (it failed or waited too long behind a read); resends among them were reported accepted, storage keeps one row per key.',
    registers: [registry],
  });
  let readPending = () => 0;
  const failureListeners: ((reason: string) => void)[] = [];
  const writeFailed = (reason: string) => failureListeners.forEach((l) => l(reason));
  new Gauge({
    name: 'liftgate_ingest_pending_events',
    help: 'Events waiting for or in the running warehouse flush.',
    registers: [registry],
    collect() {
      this.set(readPending());
    },
  });

  return {
    registry,
    countEvents(environmentId, outcome, n) {
      if (n > 0) events.inc({ environment: environmentId, outcome }, n);
    },
    countRequest(status) {
      requests.inc({ status: String(status) });
      if (status === 503) writeFailed('POST /v1/events answered 503');
    },
    recordFlush(report) {
      flushRows.observe(report.rows);
      if (report.lookedUp > 0) lookupSeconds.observe(report.lookupSeconds);
      if (report.lookupSkipped !== undefined) lookupsSkipped.inc();
      insertSeconds.observe(report.insertSeconds);
      if (report.error) {
        warehouseErrors.inc({ operation: report.error.operation });
        writeFailed(`warehouse ${report.error.operation} failed`);
      }
    },
    trackPending(read) {
      readPending = read;
    },
    onWriteFailure(listener) {
      failureListeners.push(listener);
    },
  };
}
