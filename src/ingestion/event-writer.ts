/**
 * Group commit of event rows: every accepted batch is in the warehouse before its request is
 * answered, yet the warehouse sees one lookup and one INSERT per *flush*, not per request.
 *
 * Requests queue their rows; one flush runs at a time and takes everything queued (up to
 * `maxFlushEvents`). While it runs, new requests queue up and go together in the next flush, so
 * an idle server adds no delay and a busy one makes larger inserts (fewer parts, less per-insert
 * overhead: on chDB a 100-row insert costs about as much as a 1,000-row one).
 *
 * A flush: look up which event keys are already stored (one query), keep the first copy of each
 * new key (earlier requests in the flush win, so two concurrent copies of a batch report
 * `accepted` once and `duplicates` once), insert the rest, then settle every request. Because
 * flushes never overlap, a flush's lookup sees everything earlier flushes stored: `duplicates`
 * is exact within a process. Across replicas it can under-report while two copies race; storage
 * still counts each event once (ReplacingMergeTree + FINAL).
 *
 * Back-pressure: a request whose rows are not stored within `timeoutMs` is refused ('timeout',
 * taken out of the queue if its flush has not started; if it has, the rows may still land, and
 * the SDK's resend then reports them as duplicates). More than `maxQueuedEvents` waiting refuses
 * new requests at once ('overloaded'). Nothing is ever reported accepted unless stored.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { isWarehouseUnavailable } from '../warehouse/errors.js';
import { eventKeyString, findStoredEvents, insertEvents, type EventRow } from '../warehouse/writer.js';

export interface WriteOutcome {
  /** Rows of this request stored by this flush. */
  accepted: number;
  /** Rows already stored, or stored by an earlier request of the same flush. */
  duplicates: number;
}

/** Why rows were not stored: the caller answers 503 and the SDK resends. */
export class WriteRefusedError extends Error {
  constructor(
    readonly reason: 'overloaded' | 'timeout' | 'failed',
    override readonly cause?: unknown,
  ) {
    super(`event write refused: ${reason}`);
    this.name = 'WriteRefusedError';
  }
}

/** What a flush reports to metrics; durations in seconds. */
export interface FlushReport {
  requests: number;
  rows: number;
  inserted: number;
  lookupSeconds: number;
  insertSeconds: number;
  error?: { operation: 'lookup' | 'insert'; cause: unknown };
}

export interface EventWriter {
  /** Stores the rows (deduplicated by key) and resolves once they are in the warehouse; throws WriteRefusedError. */
  write(rows: EventRow[]): Promise<WriteOutcome>;
  /** Events waiting for a flush plus those in the running flush. */
  pendingEvents(): number;
  /** Resolves when nothing is queued or flushing (for shutdown). */
  drain(): Promise<void>;
}

interface Pending {
  rows: EventRow[];
  state: 'queued' | 'flushing' | 'settled';
  resolve(outcome: WriteOutcome): void;
  reject(err: WriteRefusedError): void;
  timer: NodeJS.Timeout;
}

/** Creates the process's writer (one per warehouse client). */
export function createEventWriter(deps: {
  warehouse: ClickHouseClient;
  timeoutMs: number;
  maxQueuedEvents: number;
  /** Most rows per flush (several requests); a single larger request is still flushed whole. */
  maxFlushEvents?: number;
  onFlush?: (report: FlushReport) => void;
}): EventWriter {
  const maxFlush = deps.maxFlushEvents ?? 20_000;
  const queue: Pending[] = [];
  let queuedEvents = 0;
  let flushingEvents = 0;
  let running = false;
  let idle: (() => void)[] = [];

  const settle = (p: Pending, fn: () => void) => {
    if (p.state === 'settled') return;
    p.state = 'settled';
    clearTimeout(p.timer);
    fn();
  };

  function take(): Pending[] {
    const batch: Pending[] = [];
    let rows = 0;
    while (queue.length && (batch.length === 0 || rows + queue[0]!.rows.length <= maxFlush)) {
      const p = queue.shift()!;
      p.state = 'flushing';
      rows += p.rows.length;
      batch.push(p);
    }
    queuedEvents -= rows;
    return batch;
  }

  async function flush(batch: Pending[]): Promise<void> {
    const rowCount = batch.reduce((s, p) => s + p.rows.length, 0);
    flushingEvents = rowCount;
    const report: FlushReport = { requests: batch.length, rows: rowCount, inserted: 0, lookupSeconds: 0, insertSeconds: 0 };
    try {
      let t0 = performance.now();
      let stored: Set<string>;
      try {
        stored = await findStoredEvents(deps.warehouse, batch.flatMap((p) => p.rows));
      } catch (err) {
        report.error = { operation: 'lookup', cause: err };
        throw err;
      } finally {
        report.lookupSeconds = (performance.now() - t0) / 1000;
      }
      const claimed = new Set<string>();
      const fresh: EventRow[] = [];
      const outcomes = batch.map((p) => {
        const outcome: WriteOutcome = { accepted: 0, duplicates: 0 };
        for (const row of p.rows) {
          const key = eventKeyString(row.environment_id, row.event, row.event_id);
          if (stored.has(key) || claimed.has(key)) {
            outcome.duplicates++;
          } else {
            claimed.add(key);
            fresh.push(row);
            outcome.accepted++;
          }
        }
        return outcome;
      });
      t0 = performance.now();
      try {
        await insertEvents(deps.warehouse, fresh);
      } catch (err) {
        report.error = { operation: 'insert', cause: err };
        throw err;
      } finally {
        report.insertSeconds = (performance.now() - t0) / 1000;
      }
      report.inserted = fresh.length;
      batch.forEach((p, i) => settle(p, () => p.resolve(outcomes[i]!)));
    } catch (err) {
      if (batch.length > 1 && !isWarehouseUnavailable(err)) {
        // The warehouse rejected the data, not the connection: one request's rows must not fail
        // the others of the flush. Flush each request alone (only the culprit fails).
        deps.onFlush?.(report);
        for (const p of batch) if (p.state === 'flushing') await flush([p]);
        return;
      }
      batch.forEach((p) => settle(p, () => p.reject(new WriteRefusedError('failed', err))));
    } finally {
      flushingEvents = 0;
    }
    deps.onFlush?.(report);
  }

  function kick(): void {
    if (running) return;
    running = true;
    void (async () => {
      try {
        while (queue.length) await flush(take());
      } finally {
        running = false;
        if (queue.length) kick();
        else {
          const waiting = idle;
          idle = [];
          waiting.forEach((fn) => fn());
        }
      }
    })();
  }

  return {
    write(rows) {
      if (rows.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
      if (queuedEvents + flushingEvents + rows.length > deps.maxQueuedEvents) {
        return Promise.reject(new WriteRefusedError('overloaded'));
      }
      return new Promise<WriteOutcome>((resolve, reject) => {
        const p: Pending = {
          rows,
          state: 'queued',
          resolve,
          reject,
          timer: setTimeout(() => {
            if (p.state === 'queued') {
              queue.splice(queue.indexOf(p), 1);
              queuedEvents -= rows.length;
            }
            settle(p, () => reject(new WriteRefusedError('timeout')));
          }, deps.timeoutMs),
        };
        queue.push(p);
        queuedEvents += rows.length;
        kick();
      });
    },
    pendingEvents: () => queuedEvents + flushingEvents,
    drain: () => (running ? new Promise<void>((resolve) => idle.push(resolve)) : Promise.resolve()),
  };
}
