/** Domain view of a failed warehouse call (kept out of errors.ts, which stays free of I/O imports). */
import { WarehouseError } from '../warehouse/errors.js';
import { sandboxLimitOf, SqlRejectedError, UnsafeSqlError as SandboxUnsafe } from '../warehouse/sandbox.js';
import { SandboxLimitError, UnsafeSqlError, ValidationError, WarehouseLimitError, WarehouseUnavailableError } from './errors.js';

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

/**
 * The translation of a failed sandboxed query (user SQL; warehouse/sandbox.ts): refused SQL →
 * UNSAFE_SQL at `field`; SQL the engine rejected while analysing it (unknown column, type) →
 * VALIDATION at `field` with the engine's cleaned message; a passed limit → WAREHOUSE_LIMIT naming
 * it; anything else as `fromWarehouseError`.
 */
export function fromSandboxError(err: unknown, field?: string[]): unknown {
  if (err instanceof SandboxUnsafe) return new UnsafeSqlError(err.reasons, field);
  if (err instanceof SqlRejectedError) return new ValidationError(`the warehouse refused the SQL: ${err.message}`, field);
  if (err instanceof WarehouseError && err.kind === 'limit') return new SandboxLimitError(sandboxLimitOf(err), err);
  return fromWarehouseError(err);
}
