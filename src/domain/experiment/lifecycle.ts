/**
 * Experiment status machine (design §2, seed 004): DRAFT → ACTIVE → WINNER_DECLARED → ENDED →
 * ARCHIVED, plus ACTIVE → ENDED and DRAFT → ARCHIVED. Pure: no I/O.
 */
import type { ExperimentStatus } from '../../generated/prisma/enums.js';
import { InvalidTransitionError, StatusForbidsChangeError } from '../errors.js';

export type { ExperimentStatus };

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

/** What an experiment's own data may change besides its status (design §2). */
export type ExperimentPart = 'DESCRIPTION' | 'VARIANTS' | 'COHORTS';

/**
 * Statuses in which each part may change. Variants: only in DRAFT (design §2). Cohorts: while
 * splits can still place subjects (DRAFT, ACTIVE); after a winner every subject gets the winner,
 * and a later cohort would alter the frozen results' expected shares. Descriptive fields (name,
 * description, hypothesis, links): until ARCHIVED, so a conclusion or analysis link can be added
 * after the end; an archived experiment is a closed record.
 */
export const EDITABLE_IN: Readonly<Record<ExperimentPart, readonly ExperimentStatus[]>> = {
  DESCRIPTION: ['DRAFT', 'ACTIVE', 'WINNER_DECLARED', 'ENDED'],
  VARIANTS: ['DRAFT'],
  COHORTS: ['DRAFT', 'ACTIVE'],
};

const PART_NAME: Record<ExperimentPart, string> = {
  DESCRIPTION: 'name, description, hypothesis and links',
  VARIANTS: 'variants',
  COHORTS: 'cohorts',
};

/** Throws StatusForbidsChangeError (INVALID_TRANSITION, at `field`) unless `part` may change in `status`. */
export function assertEditable(status: ExperimentStatus, part: ExperimentPart, field: string[]): void {
  const allowed = EDITABLE_IN[part];
  if (!allowed.includes(status)) throw new StatusForbidsChangeError(status, allowed, PART_NAME[part], field);
}

/** Declaring a winner and ending freeze the results (the first freeze is kept). */
export function freezesResults(to: ExperimentStatus): boolean {
  return to === 'WINNER_DECLARED' || to === 'ENDED';
}
