/** Display names (environments, API tokens, metrics, experiments, variants): one rule for all. */
import { ValidationError } from './errors.js';

/** Longest display name, in characters (after trimming). */
export const MAX_NAME_LENGTH = 200;

/** A display name trimmed, 1–200 characters; ValidationError at `path` otherwise. */
export function validateName(name: string, path: string[]): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > MAX_NAME_LENGTH) {
    throw new ValidationError(`name must be 1–${MAX_NAME_LENGTH} characters`, path);
  }
  return trimmed;
}
