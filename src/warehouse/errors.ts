/**
 * Tells an unreachable or overloaded warehouse (worth a retry: WAREHOUSE_UNAVAILABLE / 503) from a
 * query the warehouse rejected (a defect: masked as an internal error).
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

/** True for connection failures, timeouts and capacity errors; false for rejected SQL. */
export function isWarehouseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return RETRYABLE_CODES.has(code);
  return true;
}
