/**
 * Experiment status machine (design §2, seed 004): DRAFT → ACTIVE → WINNER_DECLARED → ENDED →
 * ARCHIVED, plus ACTIVE → ENDED and DRAFT → ARCHIVED. Pure: no I/O.
 */
import { InvalidTransitionError } from '../errors.js';

export type ExperimentStatus = 'DRAFT' | 'ACTIVE' | 'WINNER_DECLARED' | 'ENDED' | 'ARCHIVED';

export const TRANSITIONS: Readonly<Record<ExperimentStatus, readonly ExperimentStatus[]>> = {
  DRAFT: ['ACTIVE', 'ARCHIVED'],
  ACTIVE: ['WINNER_DECLARED', 'ENDED'],
  WINNER_DECLARED: ['ENDED'],
  ENDED: ['ARCHIVED'],
  ARCHIVED: [],
};

/** Throws InvalidTransitionError (listing the allowed targets) unless from → to is allowed. */
export function assertTransition(from: ExperimentStatus, to: ExperimentStatus): void {
  const allowed = TRANSITIONS[from];
  if (!allowed.includes(to)) throw new InvalidTransitionError(from, to, allowed);
}

/** ENDED and ARCHIVED experiments are over: no attach/detach, cohorts or assignments. */
export function isOver(status: ExperimentStatus): boolean {
  return status === 'ENDED' || status === 'ARCHIVED';
}
