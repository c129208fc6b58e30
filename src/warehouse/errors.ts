/**
 * Warehouse failures, classified once (by the query wrapper, query.ts) so callers ask one
 * question — worth a retry or not — instead of reading driver codes:
 *
 * - `unavailable`: unreachable, timed out, overloaded or out of memory. Worth a retry: surfaces
 *   as WAREHOUSE_UNAVAILABLE / HTTP 503.
 * - `rejected`: the engine refused the statement (syntax, unknown table or column, bad data). A
 *   defect or bad data: masked as an internal error, never retried as is.
 * - `other`: no engine error code at all (a failure of the driver or of this process). Treated as
 *   retryable like `unavailable`, as before this classification existed: with no evidence the
 *   statement is wrong, the SDK's resend is the safer answer.
 */
const RETRYABLE_CODES = new Set([
  '159', // TIMEOUT_EXCEEDED
  '202', // TOO_MANY_SIMULTANEOUS_QUERIES
  '209', // SOCKET_TIMEOUT
  '210', // NETWORK_ERROR
  '241', // MEMORY_LIMIT_EXCEEDED
  '242', // TABLE_IS_READ_ONLY
  '279', // ALL_CONNECTION_TRIES_FAILED (a Distributed/remote table whose shards are unreachable)
  '394', // QUERY_WAS_CANCELLED
]);

export type WarehouseErrorKind = 'unavailable' | 'rejected' | 'other';

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

  /** True when a retry may succeed (unavailable or unclassified), false for a rejected statement. */
  get retryable(): boolean {
    return this.kind !== 'rejected';
  }
}

/** Classifies a driver error: a numeric ClickHouse code decides; network errors are unavailable. */
export function classifyWarehouseError(err: unknown): WarehouseErrorKind {
  if (err instanceof WarehouseError) return err.kind;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return RETRYABLE_CODES.has(code) ? 'unavailable' : 'rejected';
  // Node's system errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT, …) and the client's own timeouts.
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return 'unavailable';
  if (err instanceof Error && /timeout|timed out|abort/i.test(err.message)) return 'unavailable';
  return 'other';
}

/** True for connection failures, timeouts and capacity errors (and unclassified ones); false for rejected SQL. */
export function isWarehouseUnavailable(err: unknown): boolean {
  return classifyWarehouseError(err) !== 'rejected';
}
