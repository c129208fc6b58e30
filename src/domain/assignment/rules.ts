/**
 * Assignment rules by experiment status (design §2, seed 004), pure:
 * - DRAFT, ENDED, ARCHIVED → NOT_RUNNING, no variant (nothing stored, no exposure);
 * - ACTIVE → the stored variant (STICKY) or a new placement by the active cohort (NEW);
 * - WINNER_DECLARED → the winner for everyone (WINNER), whatever was stored; nothing is stored.
 */
import type { ExperimentStatus } from '../experiment/lifecycle.js';
import { deeperThan } from '../../lib/json-depth.js';
import { ValidationError } from '../errors.js';
import { MAX_JSON_BYTES, MAX_JSON_DEPTH } from '../event-bounds.js';

export type AssignmentReason = 'NEW' | 'STICKY' | 'WINNER' | 'NOT_RUNNING';

/** Longest subject id: the warehouse's `identifier` limit, so every exposure can be stored. */
export const MAX_SUBJECT_ID_LENGTH = 500;

/** What assignSubject does for an experiment in `status`. */
export function assignmentMode(status: ExperimentStatus): 'PLACE' | 'WINNER' | 'NOT_RUNNING' {
  switch (status) {
    case 'ACTIVE':
      return 'PLACE';
    case 'WINNER_DECLARED':
      return 'WINNER';
    default:
      return 'NOT_RUNNING';
  }
}

/**
 * Checks a subject id for an experiment's subject type. Every type, ANY included (seed 004:
 * "ANY allows any non-empty subject ID"), rejects an empty or blank id: a blank id is an unset
 * variable on the caller's side and would pool every such caller into one subject. Ids are used
 * verbatim (case-sensitive, not trimmed) because the SDK's events carry the same identifier and
 * results join on it. Throws VALIDATION at `field`.
 */
export function validateSubjectId(subjectId: string, subjectType: string, field: string[]): void {
  if (subjectId.trim() === '') {
    throw new ValidationError(`subjectId must be a non-empty ${subjectType === 'ANY' ? 'id' : `${subjectType} id`}`, field);
  }
  if (subjectId.length > MAX_SUBJECT_ID_LENGTH) {
    throw new ValidationError(`subjectId must be at most ${MAX_SUBJECT_ID_LENGTH} characters`, field);
  }
}


/**
 * Traits travel on the exposure event: a JSON object or nothing, nested at most MAX_JSON_DEPTH
 * levels and at most MAX_JSON_BYTES of JSON (an event's bounds, event-bounds.ts). Throws VALIDATION at `field`.
 */
export function validateTraits(traits: unknown, field: string[]): Record<string, unknown> | null {
  if (traits === null || traits === undefined) return null;
  if (typeof traits !== 'object' || Array.isArray(traits)) throw new ValidationError('traits must be a JSON object', field);
  // Depth first, iteratively: serialising a pathologically deep object would exhaust the stack.
  if (deeperThan(traits, MAX_JSON_DEPTH)) throw new ValidationError(`traits must nest at most ${MAX_JSON_DEPTH} levels deep`, field);
  if (Buffer.byteLength(JSON.stringify(traits)) > MAX_JSON_BYTES) {
    throw new ValidationError(`traits must serialise to at most ${MAX_JSON_BYTES} bytes of JSON`, field);
  }
  return traits as Record<string, unknown>;
}
