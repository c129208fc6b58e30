/**
 * Warehouse failures, classified once (by the query wrapper, query.ts) so callers ask one
 * question — worth a retry or not, and whose fault — instead of reading driver codes:
 *
 * - `unavailable`: unreachable, overloaded (too many queries, the server's total memory), a
 *   read-only table. Worth a retry: surfaces as WAREHOUSE_UNAVAILABLE / HTTP 503.
 * - `limit`: the statement ran into a per-query limit it was given (rows or bytes read, memory,
 *   execution time, set size). The warehouse is fine and the same statement on the same data will
 *   hit it again: reads surface it as WAREHOUSE_LIMIT (domain/warehouse-failure.ts), never as an
 *   outage. Writes keep treating it as retryable (`retryable`), as before: an insert's memory
 *   limit is a moment's pressure, and the SDK's resend is the safer answer.
 * - `rejected`: the engine refused the statement (syntax, unknown table or column, bad data,
 *   a statement too large or too deep). A defect or bad data: masked as an internal error and
 *   logged, never retried as is.
 * - `other`: no engine error code at all (a failure of the driver or of this process). Treated as
 *   retryable like `unavailable`, as before this classification existed: with no evidence the
 *   statement is wrong, the SDK's resend is the safer answer.
 */
const RETRYABLE_CODES = new Set([
  '202', // TOO_MANY_SIMULTANEOUS_QUERIES
  '209', // SOCKET_TIMEOUT
  '210', // NETWORK_ERROR
  '242', // TABLE_IS_READ_ONLY
  '279', // ALL_CONNECTION_TRIES_FAILED (a Distributed/remote table whose shards are unreachable)
  '394', // QUERY_WAS_CANCELLED
]);

/** Per-query limits (SETTINGS of the statement), by ClickHouse code → what was exceeded. */
const LIMIT_CODES: ReadonlyMap<string, WarehouseLimit> = new Map([
  ['158', 'rows'], // TOO_MANY_ROWS (max_rows_to_read, max_result_rows)
  ['307', 'bytes'], // TOO_MANY_BYTES (max_bytes_to_read)
  ['396', 'rows'], // TOO_MANY_ROWS_OR_BYTES (max_result_rows / _bytes)
  ['159', 'time'], // TIMEOUT_EXCEEDED (max_execution_time)
  ['160', 'time'], // TOO_SLOW (the estimate says max_execution_time would be exceeded)
  ['241', 'memory'], // MEMORY_LIMIT_EXCEEDED (max_memory_usage; "(total)" is the server's: unavailable)
  ['191', 'rows'], // SET_SIZE_LIMIT_EXCEEDED (max_rows_in_set)
  ['290', 'rows'], // LIMIT_EXCEEDED
]);

/** What a `limit` failure exceeded. */
export type WarehouseLimit = 'rows' | 'bytes' | 'memory' | 'time';

export type WarehouseErrorKind = 'unavailable' | 'limit' | 'rejected' | 'other';

/** A failed warehouse call: its query family and id, the classification and the driver's error as `cause`. */
export class WarehouseError extends Error {
  constructor(
    readonly kind: WarehouseErrorKind,
    readonly family: string,
    readonly queryId: string,
    override readonly cause: unknown,
  ) {
    super(`warehouse ${family} failed (${kind}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'WarehouseError';
  }

  /** True when a retry may succeed (unavailable, a limit, or unclassified), false for a rejected statement. */
  get retryable(): boolean {
    return this.kind !== 'rejected';
  }

  /** For a `limit` failure: what was exceeded; else null. */
  get limit(): WarehouseLimit | null {
    return this.kind === 'limit' ? (LIMIT_CODES.get(codeOf(this.cause) ?? '') ?? 'rows') : null;
  }
}

/** Classifies a driver error: a numeric ClickHouse code decides; network errors are unavailable. */
export function classifyWarehouseError(err: unknown): WarehouseErrorKind {
  if (err instanceof WarehouseError) return err.kind;
  const code = codeOf(err);
  if (code !== undefined && /^\d+$/.test(code)) {
    // The server's total memory is shared by every query: that one is pressure, not this query's limit.
    if (code === '241' && err instanceof Error && /\(total\)/.test(err.message)) return 'unavailable';
    if (LIMIT_CODES.has(code)) return 'limit';
    return RETRYABLE_CODES.has(code) ? 'unavailable' : 'rejected';
  }
  // Node's system errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT, …) and the client's own timeouts.
  if (code !== undefined && /^E[A-Z]+$/.test(code)) return 'unavailable';
  if (err instanceof Error && /timeout|timed out|abort/i.test(err.message)) return 'unavailable';
  return 'other';
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for connection failures, timeouts, capacity errors and limits (and unclassified ones); false for rejected SQL. */
export function isWarehouseUnavailable(err: unknown): boolean {
  return classifyWarehouseError(err) !== 'rejected';
}
