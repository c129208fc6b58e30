/** Pure experiment rules: the full status × transition table, keys and cohort allocations. */
import { describe, expect, it } from 'vitest';
import { InvalidTransitionError, StatusForbidsChangeError, ValidationError, ValidationErrors } from '../../src/domain/errors.js';
import { assertEditable, assertTransition, freezesResults, TRANSITIONS, type ExperimentPart, type ExperimentStatus } from '../../src/domain/experiment/lifecycle.js';
import { fromFrozenReadout, toFrozenReadout } from '../../src/domain/results/snapshot.js';
import { normaliseKey, validateAllocations } from '../../src/domain/experiment/rules.js';

const STATUSES: ExperimentStatus[] = ['DRAFT', 'ACTIVE', 'WINNER_DECLARED', 'ENDED', 'ARCHIVED'];
const ALLOWED = new Set([
  'DRAFT→ACTIVE', 'DRAFT→ARCHIVED', 'ACTIVE→WINNER_DECLARED', 'ACTIVE→ENDED', 'WINNER_DECLARED→ENDED', 'ENDED→ARCHIVED',
]);

describe('lifecycle', () => {
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const allowed = ALLOWED.has(`${from}→${to}`);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'rejected'}`, () => {
        if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
        else {
          const err = (() => { try { assertTransition(from, to); } catch (e) { return e; } })() as InvalidTransitionError;
          expect(err).toBeInstanceOf(InvalidTransitionError);
          expect(err.code).toBe('INVALID_TRANSITION');
          expect(err.allowed).toEqual(TRANSITIONS[from]);
        }
      });
    }
  }
});

describe('what may change per status', () => {
  // Design §2 (variants only in DRAFT) and the decisions in lifecycle.ts, written out by hand.
  const EDITABLE: Record<ExperimentPart, ExperimentStatus[]> = {
    DESCRIPTION: ['DRAFT', 'ACTIVE', 'WINNER_DECLARED', 'ENDED'],
    VARIANTS: ['DRAFT'],
    COHORTS: ['DRAFT', 'ACTIVE'],
  };
  for (const part of Object.keys(EDITABLE) as ExperimentPart[]) {
    for (const status of STATUSES) {
      const allowed = EDITABLE[part].includes(status);
      it(`${part} in ${status} is ${allowed ? 'allowed' : 'refused'}`, () => {
        if (allowed) expect(() => assertEditable(status, part, ['f'])).not.toThrow();
        else {
          const err = (() => { try { assertEditable(status, part, ['input', 'x']); } catch (e) { return e; } })() as StatusForbidsChangeError;
          expect(err).toBeInstanceOf(StatusForbidsChangeError);
          expect(err).toMatchObject({ code: 'INVALID_TRANSITION', field: ['input', 'x'], status });
        }
      });
    }
  }

  it('freezes results when a winner is declared or the experiment ends', () => {
    expect(STATUSES.filter(freezesResults)).toEqual(['WINNER_DECLARED', 'ENDED']);
  });
});

describe('frozen readout', () => {
  it('round-trips the aggregates through JSON (format 2: sufficient statistics, paired sums included)', () => {
    const aggregates = {
      subjects: new Map([['CONTROL', 10], ['TREATMENT', 12]]),
      multipleExposures: 2,
      metrics: new Map([
        ['m1', new Map([['CONTROL', { n: 10, sum: 4.5, sumSquares: 4.275, variance: 0.25 }], ['TREATMENT', { n: 12, sum: 6, sumSquares: 6.3, variance: 0.3 }]])],
        ['m2', new Map([['CONTROL', { n: 3, sum: 6, sumSquares: 14, variance: 1, paired: { sumY: 3, sumYSquares: 5, sumXY: 7, varianceY: 1, covariance: 0.5 } }]])],
      ]),
    };
    const stored = JSON.parse(JSON.stringify(toFrozenReadout(aggregates, 3)));
    expect(stored).toMatchObject({ format: 2, cohortIndex: 3 });
    expect(fromFrozenReadout(stored)).toEqual(aggregates);
  });

  it('reads a format-1 readout (n, sum, variance), deriving Σx² from the variance', () => {
    const stored = {
      format: 1,
      cohortIndex: 3,
      subjects: { CONTROL: 10, TREATMENT: 12 },
      multipleExposures: 2,
      metrics: { m1: { CONTROL: { n: 10, sum: 4.5, variance: 0.25 }, TREATMENT: { n: 1, sum: 6, variance: 0 }, EMPTY: { n: 0, sum: 0, variance: 0 } } },
    } as const;
    const read = fromFrozenReadout(stored as unknown as Parameters<typeof fromFrozenReadout>[0]);
    expect(read.subjects).toEqual(new Map([['CONTROL', 10], ['TREATMENT', 12]]));
    expect(read.multipleExposures).toBe(2);
    const m1 = read.metrics.get('m1')!;
    // Σx² = (n − 1)·variance + (Σx)²/n: 9·0.25 + 4.5²/10 = 4.275
    expect(m1.get('CONTROL')!.n).toBe(10);
    expect(m1.get('CONTROL')!.sum).toBe(4.5);
    expect(m1.get('CONTROL')!.variance).toBe(0.25);
    expect(m1.get('CONTROL')!.sumSquares).toBeCloseTo(4.275, 12);
    expect(m1.get('TREATMENT')).toEqual({ n: 1, sum: 6, variance: 0, sumSquares: 36 });
    expect(m1.get('EMPTY')).toEqual({ n: 0, sum: 0, variance: 0, sumSquares: 0 });
  });
});

describe('keys', () => {
  it('are case-insensitive, stored upper-case, [A-Za-z0-9._-] only', () => {
    expect(normaliseKey(' home-page.test_1 ', ['k'])).toBe('HOME-PAGE.TEST_1');
    for (const bad of ['', 'a b', 'ä', 'x/y', 'a'.repeat(101)]) expect(() => normaliseKey(bad, ['k'])).toThrow(ValidationError);
  });
});

describe('allocations', () => {
  const keys = new Set(['A', 'B', 'C']);
  it('accept splits summing to exactly 1.000 (in thousandths)', () => {
    expect(validateAllocations([{ variantKey: 'a', split: 0.333 }, { variantKey: 'B', split: 0.333 }, { variantKey: 'C', split: 0.334 }], keys, ['p'])).toEqual([
      { variantKey: 'A', splitMillis: 333 }, { variantKey: 'B', splitMillis: 333 }, { variantKey: 'C', splitMillis: 334 },
    ]);
  });
  it('reject every broken allocation with its own path', () => {
    try {
      validateAllocations([{ variantKey: 'A', split: 0 }, { variantKey: 'A', split: 0.5 }, { variantKey: 'Z', split: 1.2 }], keys, ['p']);
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationErrors).errors.map((x) => x.field)).toEqual([['p', '0', 'split'], ['p', '1', 'variantKey'], ['p', '2', 'variantKey'], ['p', '2', 'split']]);
    }
    expect(() => validateAllocations([{ variantKey: 'A', split: 0.5 }, { variantKey: 'B', split: 0.499 }], keys, ['p'])).toThrow(/sum to 1.000/);
    expect(() => validateAllocations([], keys, ['p'])).toThrow(/at least one/);
  });
});
