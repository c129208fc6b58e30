/** Domain view of a failed warehouse call (kept out of errors.ts, which stays free of I/O imports). */
import { WarehouseError } from '../warehouse/errors.js';
import { WarehouseUnavailableError } from './errors.js';

/**
 * The one translation of a failed warehouse call for the domain: a retryable failure (see
 * warehouse/errors.ts) becomes WarehouseUnavailableError; anything else (a rejected statement is
 * a defect) is returned as is, to be masked.
 */
export function fromWarehouseError(err: unknown): unknown {
  return err instanceof WarehouseError && err.retryable ? new WarehouseUnavailableError(err) : err;
}
