/**
 * The one way to talk to the warehouse: `query` / `stream` / `command` / `insert` over a
 * @clickhouse/client. Every call
 *
 * - is named: `query_id` = `<family>.<uuid>`, the family a stable dotted name of what the query is
 *   for (`results.metrics`, `events.insert`, …; see QUERY_FAMILIES). Tests count queries by it and
 *   an operator finds them by it in `system.query_log` of a server;
 * - is bounded: settings travel as a SETTINGS clause of the statement, never as
 *   `clickhouse_settings` (the chDB adapter turns those into session-wide `SET`s, which would leak
 *   into every later query of the process). Reads get `max_execution_time` unless given;
 * - fails one way: driver errors become a WarehouseError classified unavailable / rejected / other
 *   (errors.ts), so no caller reads driver codes.
 *
 * Listeners (`onQuery`) see each finished call (family, the query id the connection reports,
 * duration, error) — for metrics and for tests that count queries.
 *
 * Reads never starve writes (issue 15). On chDB two facts decide it (measured, see ARCHITECTURE):
 * one connection runs one statement at a time, and every statement with bound parameters, on any
 * connection, queues in one process-wide FIFO (chdb-node's guard against a native race). So with
 * `writeClient` the ingestion families (WRITE_FAMILIES) run on a second session on the same data
 * directory — an insert of 1,000 rows took 75 ms during a 10 s read instead of 10.5 s — and with
 * `scheduleParameterised` this wrapper keeps at most one parameterised statement in that FIFO,
 * holding the rest in its own queue where ingestion's statements (WRITE_PRIORITY) go before
 * queued reads: a stored-key lookup waits for at most the one read already running, and gives up
 * after its family's `maxWaitMs` (the writer then inserts without it; storage deduplicates).
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { classifyWarehouseError, WarehouseError } from './errors.js';
import { identifier, join, render, sql, trusted, type Sql } from './sql.js';

/** The query families of this codebase (the `query_id` prefixes). */
export const QUERY_FAMILIES = {
  /** One results read of an experiment: exposures and every attached metric. */
  resultsMetrics: 'results.metrics',
  /** Results over time of an experiment: cumulative figures per bucket end, one query. */
  resultsOverTime: 'results.over-time',
  /** Time-bucketed figures of metrics (Metric.series, monitoring evaluation): every series of a request or a scheduler run. */
  metricsSeries: 'metrics.series',
  /** One INSERT of event rows (a flush of the ingestion writer). */
  eventsInsert: 'events.insert',
  /** Which of a flush's event keys are already stored. */
  eventsStoredKeys: 'events.stored-keys',
  /** Event ids received recently (warms the recent-keys filter at start). */
  eventsRecentIds: 'events.recent-ids',
  /** Versioned DDL and its bookkeeping. */
  migrations: 'warehouse.migrations',
  /** Creating the database at start. */
  setup: 'warehouse.setup',
  /** The health check's trivial read. */
  health: 'warehouse.health',
} as const;

export type QueryFamily = (typeof QUERY_FAMILIES)[keyof typeof QUERY_FAMILIES] | (string & {});

/** Families that run on the write session when there is one: ingestion's path, and the liveness probe (so it answers during long reads). */
export const WRITE_FAMILIES: ReadonlySet<string> = new Set([
  QUERY_FAMILIES.eventsInsert,
  QUERY_FAMILIES.eventsStoredKeys,
  QUERY_FAMILIES.health,
]);

/**
 * Parameterised statements that go before queued reads, and how long each may wait for its turn
 * (ms) before failing as `unavailable` (WarehouseBusyError as cause). The lookup's wait is short:
 * the writer answers within LIFTGATE_INGEST_TIMEOUT_MS (2 s), and its insert needs the rest.
 */
export const WRITE_PRIORITY: ReadonlyMap<string, { maxWaitMs: number }> = new Map([
  [QUERY_FAMILIES.eventsStoredKeys, { maxWaitMs: 250 }],
  [QUERY_FAMILIES.health, { maxWaitMs: 4_000 }],
]);

/** A statement gave up waiting for its turn behind a running parameterised statement (chDB). */
export class WarehouseBusyError extends Error {
  constructor(readonly waitedMs: number) {
    super(`warehouse busy: no turn within ${waitedMs} ms`);
    this.name = 'WarehouseBusyError';
  }
}

/** Per-statement settings (name → value); names are validated, values must be numbers, booleans or plain words. */
export type QuerySettings = Record<string, number | boolean | string>;

/** Limits every read gets unless it says otherwise (seconds). */
const DEFAULT_READ_SETTINGS: QuerySettings = { max_execution_time: 60 };

/** A finished warehouse call, as reported to `onQuery` listeners. */
export interface QueryEvent {
  family: string;
  /** The id the connection reports for the call (`<family>.<uuid>`). */
  queryId: string;
  operation: 'query' | 'stream' | 'command' | 'insert';
  /** Until the answer (for `stream`: until its first bytes; rows are consumed afterwards). */
  durationMs: number;
  error?: WarehouseError;
}

export interface QueryOptions {
  /** Appended as `SETTINGS …` (reads also get DEFAULT_READ_SETTINGS, analytical reads their limits). */
  settings?: QuerySettings;
  /**
   * An analytical read (results): it also gets the configured read limits (memory, rows read,
   * execution time; `createWarehouseQueries`), before `settings`. Past one it fails with a
   * WarehouseError of kind `limit`.
   */
  analytical?: boolean;
  /**
   * Run on this session instead of the shared one (the fact-table sandbox's locked session,
   * sandbox.ts): no SETTINGS clause is added, since a `readonly=1` session refuses to change any
   * setting; its limits are the session's own. Shares the parameterised-statement gate.
   */
  session?: ClickHouseClient;
  /** No SETTINGS clause at all (EXPLAIN, whose SETTINGS would belong to the explained statement). */
  bare?: boolean;
}

/** Limits of every analytical read, as ClickHouse settings (max_memory_usage, max_rows_to_read, max_execution_time). */
export function analyticalReadSettings(limits: { maxMemoryBytes: number; maxRowsToRead: number; maxExecutionSeconds: number }): QuerySettings {
  return { max_execution_time: limits.maxExecutionSeconds, max_memory_usage: limits.maxMemoryBytes, max_rows_to_read: limits.maxRowsToRead };
}

/** What the rest of the code may do with the warehouse; every method throws WarehouseError. */
export interface WarehouseQueries {
  /** Runs a SELECT and returns its rows (JSONEachRow objects; UInt64 may be strings). */
  query<T>(family: QueryFamily, statement: Sql, options?: QueryOptions): Promise<T[]>;
  /** Runs a SELECT and yields its rows as they arrive, as arrays (JSONCompactEachRow). */
  stream<T extends unknown[]>(family: QueryFamily, statement: Sql, options?: QueryOptions): AsyncGenerator<T>;
  /** Runs a statement that answers nothing (DDL, ALTER, …). */
  command(family: QueryFamily, statement: Sql, options?: QueryOptions): Promise<void>;
  /**
   * INSERT INTO `table` (`columns`) in `format`, the rows as one already-encoded text; resolves once
   * stored (with the settings given: pass async_insert = 0 to wait for the part).
   */
  insert(
    family: QueryFamily,
    input: { table: string; columns: readonly string[]; format: 'TabSeparated' | 'JSONEachRow'; data: string },
    options?: QueryOptions,
  ): Promise<void>;
  /** Subscribes to finished calls; returns the unsubscribe function. */
  onQuery(listener: (event: QueryEvent) => void): () => void;
}

const SETTING_NAME = /^[a-z_][a-z0-9_]*$/;
const SETTING_WORD = /^[A-Za-z0-9_.-]*$/;

/** ` SETTINGS a = 1, b = 'x'` for the given settings (validated: they are spliced as text). */
export function settingsClause(settings: QuerySettings): Sql {
  const entries = Object.entries(settings);
  if (entries.length === 0) return sql``;
  return sql`\nSETTINGS ${join(
    entries.map(([name, value]) => {
      if (!SETTING_NAME.test(name)) throw new TypeError(`warehouse: malformed setting name ${JSON.stringify(name)}`);
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new TypeError(`warehouse: setting ${name} must be finite`);
        return trusted(`${name} = ${value}`);
      }
      if (typeof value === 'boolean') return trusted(`${name} = ${value ? 1 : 0}`);
      if (!SETTING_WORD.test(value)) throw new TypeError(`warehouse: malformed value of setting ${name}`);
      return trusted(`${name} = '${value}'`);
    }),
  )}`;
}

/**
 * Wraps a client: the only module that calls its query/command/exec methods. `analytical`: the
 * settings every analytical read gets (see `analyticalReadSettings`; none by default).
 */
export function createWarehouseQueries(
  client: ClickHouseClient,
  opts: {
    analytical?: QuerySettings;
    /** A second session for WRITE_FAMILIES (chDB: same data directory); default `client`. */
    writeClient?: ClickHouseClient;
    /** Keep one parameterised statement at a time in the engine, writes first (chDB). */
    scheduleParameterised?: boolean;
    /**
     * Hand insert data to the connection as the string it is (chDB's connection takes a string
     * and appends it to the statement; a stream would be encoded to bytes and decoded back).
     */
    insertDataAsString?: boolean;
  } = {},
): WarehouseQueries {
  const listeners = new Set<(event: QueryEvent) => void>();
  const gate = opts.scheduleParameterised ? createPriorityGate() : null;
  const clientFor = (family: string) => (opts.writeClient && WRITE_FAMILIES.has(family) ? opts.writeClient : client);

  async function run<T>(
    family: string,
    operation: QueryEvent['operation'],
    call: (queryId: string, target: ClickHouseClient) => Promise<{ value: T; reportedId: string }>,
    parameterised = false,
    session?: ClickHouseClient,
  ): Promise<T> {
    const queryId = `${family}.${randomUUID()}`;
    const t0 = performance.now();
    let reportedId = queryId;
    let error: WarehouseError | undefined;
    let release: (() => void) | undefined;
    try {
      if (gate && parameterised) {
        const write = WRITE_PRIORITY.get(family);
        try {
          release = await gate.acquire(write ? 'write' : 'read', write?.maxWaitMs);
        } catch (err) {
          throw new WarehouseError('unavailable', family, queryId, err);
        }
      }
      const result = await call(queryId, session ?? clientFor(family));
      reportedId = result.reportedId;
      return result.value;
    } catch (err) {
      error = err instanceof WarehouseError ? err : new WarehouseError(classifyWarehouseError(err), family, queryId, err);
      throw error;
    } finally {
      release?.();
      const event: QueryEvent = { family, queryId: reportedId, operation, durationMs: performance.now() - t0, ...(error ? { error } : {}) };
      for (const listener of listeners) listener(event);
    }
  }

  const withSettings = (statement: Sql, settings: QuerySettings) => render(sql`${statement}${settingsClause(settings)}`);
  const readSettings = (options: QueryOptions): QuerySettings => options.session || options.bare ? {} : ({
    ...DEFAULT_READ_SETTINGS,
    ...(options.analytical ? opts.analytical : {}),
    ...options.settings,
  });

  return {
    query<T>(family: QueryFamily, statement: Sql, options: QueryOptions = {}) {
      const { query, params } = withSettings(statement, readSettings(options));
      return run(family, 'query', async (query_id, target) => {
        const rs = await target.query({ query, query_params: params, format: 'JSONEachRow', query_id });
        return { value: await rs.json<T>(), reportedId: rs.query_id };
      }, hasParams(params), options.session);
    },

    async *stream<T extends unknown[]>(family: QueryFamily, statement: Sql, options: QueryOptions = {}) {
      const { query, params } = withSettings(statement, readSettings(options));
      // The rows are consumed outside `run`, so a failure while streaming is classified here too.
      // chDB materialises the whole answer before `query` resolves, so the turn ends there.
      const rs = await run(family, 'stream', async (query_id, target) => {
        const result = await target.query({ query, query_params: params, format: 'JSONCompactEachRow', query_id });
        return { value: result, reportedId: result.query_id };
      }, hasParams(params));
      try {
        for await (const rows of rs.stream<T>()) {
          for (const row of rows) yield row.json();
        }
      } catch (err) {
        throw err instanceof WarehouseError ? err : new WarehouseError(classifyWarehouseError(err), family, rs.query_id, err);
      }
    },

    command(family: QueryFamily, statement: Sql, options: QueryOptions = {}) {
      const { query, params } = withSettings(statement, options.settings ?? {});
      return run(family, 'command', async (query_id, target) => {
        const result = await target.command({ query, query_params: params, query_id });
        return { value: undefined, reportedId: result.query_id };
      }, hasParams(params));
    },

    insert(family, input, options = {}) {
      // SETTINGS of an INSERT go before FORMAT; the data follows as the request body.
      const statement = sql`INSERT INTO ${identifier(input.table)} (${join(input.columns.map(identifier))})${settingsClause(options.settings ?? {})} FORMAT ${trusted(input.format)}`;
      const { query } = render(statement);
      return run(family, 'insert', async (query_id, target) => {
        const values = opts.insertDataAsString
          ? (input.data as unknown as Readable) // the chDB connection accepts a string (see the option)
          : Readable.from([input.data], { objectMode: false });
        const { stream, query_id: reportedId } = await target.exec({ query, values, query_id });
        stream.resume(); // an INSERT answers nothing; drain so an HTTP connection is released
        return { value: undefined, reportedId };
      });
    },

    onQuery(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const hasParams = (params: Record<string, unknown>) => Object.keys(params).length > 0;

/**
 * One turn at a time, two queues: a waiting 'write' goes before every waiting 'read'. `acquire`
 * resolves with the release function; with `maxWaitMs` it rejects with WarehouseBusyError when
 * the turn has not come by then (and leaves the queue).
 */
export function createPriorityGate(): { acquire(priority: 'write' | 'read', maxWaitMs?: number): Promise<() => void> } {
  interface Waiter {
    grant(): void;
  }
  const queues: Record<'write' | 'read', Waiter[]> = { write: [], read: [] };
  let busy = false;
  const release = () => {
    const next = queues.write.shift() ?? queues.read.shift();
    if (next) next.grant();
    else busy = false;
  };
  return {
    acquire(priority, maxWaitMs) {
      if (!busy) {
        busy = true;
        return Promise.resolve(once(release));
      }
      return new Promise((resolve, reject) => {
        const t0 = performance.now();
        const timer = maxWaitMs === undefined ? undefined : setTimeout(() => {
          const queue = queues[priority];
          queue.splice(queue.indexOf(waiter), 1);
          reject(new WarehouseBusyError(Math.round(performance.now() - t0)));
        }, maxWaitMs);
        const waiter: Waiter = {
          grant() {
            clearTimeout(timer);
            resolve(once(release));
          },
        };
        queues[priority].push(waiter);
      });
    },
  };
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}
