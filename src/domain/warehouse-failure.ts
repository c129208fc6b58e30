/** Domain view of a failed warehouse call (kept out of errors.ts, which stays free of I/O imports). */
import { WarehouseError } from '../warehouse/errors.js';
import { WarehouseLimitError, WarehouseUnavailableError } from './errors.js';

/**
 * The one translation of a failed warehouse read for the domain (see warehouse/errors.ts):
 * - a per-query limit (rows or bytes read, memory, execution time) becomes WarehouseLimitError
 *   (WAREHOUSE_LIMIT): the engine refused to go on, the warehouse is not down;
 * - another retryable failure (unreachable, overloaded, unclassified) becomes
 *   WarehouseUnavailableError (WAREHOUSE_UNAVAILABLE);
 * - anything else (a rejected statement is our defect) is returned as is, to be masked and logged.
 */
export function fromWarehouseError(err: unknown): unknown {
  if (!(err instanceof WarehouseError)) return err;
  if (err.limit) return new WarehouseLimitError(err.limit, err);
  return err.retryable ? new WarehouseUnavailableError(err) : err;
}
