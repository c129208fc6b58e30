/**
 * Display names (environments, API tokens, metrics, experiments, variants, links) and free-text
 * descriptions (experiment description and hypothesis, variant and metric descriptions): one rule
 * each for all.
 */
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

/**
 * Longest free text (a description or hypothesis), in characters: a few pages of prose. Every
 * experiment read, audit entry and list page carries it, so an unbounded one costs every reader.
 */
export const MAX_DESCRIPTION_LENGTH = 10_000;

/** A description as given (null/undefined kept), at most MAX_DESCRIPTION_LENGTH characters; ValidationError at `path`. */
export function validateDescription<T extends string | null | undefined>(text: T, path: string[], what = 'description'): T {
  if (text != null && text.length > MAX_DESCRIPTION_LENGTH) {
    throw new ValidationError(`${what} must be at most ${MAX_DESCRIPTION_LENGTH} characters (found ${text.length})`, path);
  }
  return text;
}
