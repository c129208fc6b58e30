/**
 * Group commit of event rows: every accepted batch is in the warehouse before its request is
 * answered, yet the warehouse sees one INSERT per *flush*, not per request.
 *
 * Requests queue their rows; one flush runs at a time and takes everything queued (up to
 * `maxFlushEvents`). While it runs, new requests queue up and go together in the next flush, so
 * an idle server adds no delay and a busy one makes larger inserts (fewer parts, less per-insert
 * overhead: on chDB a 100-row insert costs about as much as a 1,000-row one).
 *
 * A flush keeps the first copy of each key (earlier requests win, so two concurrent copies of a
 * batch report `accepted` once and `duplicates` once) and drops keys already stored. Which keys
 * are stored is asked of the warehouse only for keys the recent-keys filter (recent-keys.ts) says
 * this process may have stored: usually none, so a flush is a single INSERT. Flushes never
 * overlap and a flush adds its keys to the filter before the next one starts, so `duplicates` is
 * exact within a process and the filter's window. A resend stored earlier, before a restart
 * (outside the window the filter is warmed with) or by another replica is reported as accepted,
 * and is still stored and counted once (ReplacingMergeTree + FINAL).
 *
 * The lookup only sharpens what is reported: when it fails or cannot get its turn in time (a long
 * analytical read holds the embedded engine's parameterised statements, query.ts), the flush
 * inserts without it. Its "maybe" rows are then reported accepted and stored again, and storage
 * still keeps one row per key, so a slow read never turns into 503s for ingestion.
 *
 * Back-pressure: a request whose rows are not stored within `timeoutMs` is refused ('timeout',
 * taken out of the queue if its flush has not started; if it has, the rows may still land, and
 * the SDK's resend is then idempotent). More than `maxQueuedEvents` waiting refuses new requests
 * at once ('overloaded'). Nothing is ever reported accepted unless stored.
 */
import type { WarehouseQueries } from '../warehouse/query.js';
import { isWarehouseUnavailable } from '../warehouse/errors.js';
import { eventKeyString, findStoredEvents, insertEvents, type EventRow } from '../warehouse/events-store.js';
import type { RecentKeys } from './recent-keys.js';

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

/** What a flush reports to metrics; durations in seconds (lookup 0 when none was needed). */
export interface FlushReport {
  requests: number;
  rows: number;
  inserted: number;
  /** Keys confirmed against the warehouse (the filter said "maybe"). */
  lookedUp: number;
  lookupSeconds: number;
  /** The lookup failed or gave up waiting: the rows were inserted without it. */
  lookupSkipped?: unknown;
  insertSeconds: number;
  error?: { operation: 'insert'; cause: unknown };
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
  warehouse: WarehouseQueries;
  recentKeys: RecentKeys;
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
  const idle: (() => void)[] = [];

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

  /** Keys of `rows` that are already stored: asked of the warehouse only for the filter's "maybe"s. */
  async function storedKeys(keys: string[], rows: EventRow[], report: FlushReport): Promise<Set<string>> {
    // The filter is keyed by event id alone (cheaper to hash); the lookup checks the whole key.
    const seen = new Set<string>();
    const maybe = rows.filter((row, i) => {
      const key = keys[i]!;
      if (seen.has(key) || !deps.recentKeys.mayContain(row.event_id)) return false;
      seen.add(key);
      return true;
    });
    report.lookedUp = maybe.length;
    if (maybe.length === 0) return new Set();
    const t0 = performance.now();
    try {
      return await findStoredEvents(deps.warehouse, maybe);
    } catch (err) {
      // Reporting, not storage, depends on it: insert anyway (an outage then fails the insert).
      report.lookupSkipped = err;
      return new Set();
    } finally {
      report.lookupSeconds = (performance.now() - t0) / 1000;
    }
  }

  async function insert(rows: EventRow[], report: FlushReport): Promise<void> {
    const t0 = performance.now();
    try {
      await insertEvents(deps.warehouse, rows);
    } catch (err) {
      report.error = { operation: 'insert', cause: err };
      throw err;
    } finally {
      report.insertSeconds += (performance.now() - t0) / 1000;
    }
  }

  async function flush(batch: Pending[]): Promise<void> {
    const rows = batch.flatMap((p) => p.rows);
    flushingEvents = rows.length;
    const report: FlushReport = { requests: batch.length, rows: rows.length, inserted: 0, lookedUp: 0, lookupSeconds: 0, insertSeconds: 0 };
    const keys = rows.map((r) => eventKeyString(r.environment_id, r.event, r.event_id));
    try {
      const stored = await storedKeys(keys, rows, report);
      const claimed = new Set<string>();
      const fresh: { rows: EventRow[] }[] = [];
      const outcomes: WriteOutcome[] = [];
      let k = 0;
      for (const p of batch) {
        const outcome: WriteOutcome = { accepted: 0, duplicates: 0 };
        const own: { rows: EventRow[] } = { rows: [] };
        for (const row of p.rows) {
          const key = keys[k++]!;
          if (stored.has(key) || claimed.has(key)) {
            outcome.duplicates++;
          } else {
            claimed.add(key);
            own.rows.push(row);
            outcome.accepted++;
          }
        }
        fresh.push(own);
        outcomes.push(outcome);
      }
      try {
        const inserted = fresh.flatMap((f) => f.rows);
        await insert(inserted, report);
        for (const row of inserted) deps.recentKeys.add(row.event_id);
        report.inserted = claimed.size;
        batch.forEach((p, i) => settle(p, () => p.resolve(outcomes[i]!)));
      } catch (err) {
        if (batch.length === 1 || isWarehouseUnavailable(err)) throw err;
        // The warehouse rejected the data, not the connection: one request's rows must not fail
        // the others of the flush. Flush each request alone, classified afresh, so a copy counted
        // as a duplicate of a request that then fails is stored by its own flush instead.
        report.inserted = 0;
        for (const p of batch) await flush([p]);
      }
    } catch (err) {
      batch.forEach((p) => settle(p, () => p.reject(new WriteRefusedError('failed', err))));
    } finally {
      flushingEvents = 0;
      deps.onFlush?.(report);
    }
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
        else idle.splice(0).forEach((fn) => fn());
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
