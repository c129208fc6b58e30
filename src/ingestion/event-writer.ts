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
 * `accepted` once and `duplicates` once), insert the rest, then settle every request.
 *
 * Pipelined: the next flush's lookup runs while the current flush inserts (they take about the
 * same time on chDB, so this nearly halves the time per flush). Inserts stay one at a time and in
 * order. A lookup that overlapped the previous insert cannot see that insert's rows, so before
 * inserting, a flush also treats the keys the previous flush stored as stored (and, if that
 * insert failed, as not stored). Hence `duplicates` is exact within a process. Across replicas it
 * can under-report while two copies race; storage still counts each event once
 * (ReplacingMergeTree + FINAL).
 *
 * Back-pressure: a request whose rows are not stored within `timeoutMs` is refused ('timeout',
 * taken out of the queue if its flush has not started; if it has, the rows may still land, and
 * the SDK's resend then reports them as duplicates). More than `maxQueuedEvents` waiting refuses
 * new requests at once ('overloaded'). Nothing is ever reported accepted unless stored.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { isWarehouseUnavailable } from '../warehouse/errors.js';
import { eventKeyString, findStoredEvents, insertEvents, type EventRow } from '../warehouse/writer.js';

const EMPTY: ReadonlySet<string> = new Set();

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
  let running = false;
  const idle: (() => void)[] = [];
  const arrivals: (() => void)[] = [];

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

  let flushingEvents = 0;
  const finishFlush = (report: FlushReport) => {
    flushingEvents -= report.rows;
    deps.onFlush?.(report);
  };

  /**
   * Inserts a classified flush and settles its requests; resolves to the keys it stored (none when
   * the insert failed). When the warehouse rejects the data rather than the connection, each
   * request's rows are inserted alone, so only the request carrying the culprit fails.
   */
  async function insertAndSettle(
    batch: Pending[],
    fresh: EventRow[][],
    outcomes: WriteOutcome[],
    report: FlushReport,
  ): Promise<ReadonlySet<string>> {
    const t0 = performance.now();
    const keysOf = (rows: EventRow[]) => rows.map((r) => eventKeyString(r.environment_id, r.event, r.event_id));
    try {
      await insertEvents(deps.warehouse, fresh.flat());
      report.inserted = fresh.reduce((s, rows) => s + rows.length, 0);
      batch.forEach((p, i) => settle(p, () => p.resolve(outcomes[i]!)));
      return new Set(fresh.flatMap(keysOf));
    } catch (err) {
      report.error = { operation: 'insert', cause: err };
      const stored = new Set<string>();
      const alone = batch.length > 1 && !isWarehouseUnavailable(err);
      for (const [i, p] of batch.entries()) {
        if (alone) {
          try {
            await insertEvents(deps.warehouse, fresh[i]!);
            keysOf(fresh[i]!).forEach((k) => stored.add(k));
            report.inserted += fresh[i]!.length;
            settle(p, () => p.resolve(outcomes[i]!));
            continue;
          } catch (own) {
            err = own;
          }
        }
        settle(p, () => p.reject(new WriteRefusedError('failed', err)));
      }
      return stored;
    } finally {
      report.insertSeconds = (performance.now() - t0) / 1000;
      finishFlush(report);
    }
  }

  /** Runs flushes while requests are queued: lookup of flush N+1 overlaps the insert of flush N. */
  async function pipeline(): Promise<void> {
    // The insert in progress (or last finished), resolving to the keys it stored.
    let previous: Promise<ReadonlySet<string>> | null = null;
    while (queue.length || previous) {
      if (!queue.length) {
        // Wait for the insert to finish or for a request to arrive, whichever is first.
        const done = previous!.then(() => true);
        if (await Promise.race([done, new Promise<boolean>((resolve) => arrivals.push(() => resolve(false)))])) previous = null;
        continue;
      }
      const batch = take();
      const rows = batch.reduce((s, p) => s + p.rows.length, 0);
      flushingEvents += rows;
      const report: FlushReport = { requests: batch.length, rows, inserted: 0, lookupSeconds: 0, insertSeconds: 0 };
      const t0 = performance.now();
      let stored: Set<string> | null = null;
      let lookupError: unknown;
      try {
        stored = await findStoredEvents(deps.warehouse, batch.flatMap((p) => p.rows));
      } catch (err) {
        lookupError = err;
      }
      report.lookupSeconds = (performance.now() - t0) / 1000;
      // The previous insert may have run while we looked up: wait for it and use what it stored.
      const storedBefore = previous ? await previous : EMPTY;
      if (!stored) {
        report.error = { operation: 'lookup', cause: lookupError };
        batch.forEach((p) => settle(p, () => p.reject(new WriteRefusedError('failed', lookupError))));
        finishFlush(report);
        previous = null;
        continue;
      }
      const claimed = new Set<string>();
      const fresh: EventRow[][] = [];
      const outcomes = batch.map((p) => {
        const outcome: WriteOutcome = { accepted: 0, duplicates: 0 };
        const own: EventRow[] = [];
        for (const row of p.rows) {
          const key = eventKeyString(row.environment_id, row.event, row.event_id);
          if (stored.has(key) || storedBefore.has(key) || claimed.has(key)) {
            outcome.duplicates++;
          } else {
            claimed.add(key);
            own.push(row);
            outcome.accepted++;
          }
        }
        fresh.push(own);
        return outcome;
      });
      previous = insertAndSettle(batch, fresh, outcomes, report);
    }
  }

  function kick(): void {
    arrivals.splice(0).forEach((fn) => fn());
    if (running) return;
    running = true;
    void pipeline().finally(() => {
      running = false;
      if (queue.length) kick();
      else idle.splice(0).forEach((fn) => fn());
    });
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
