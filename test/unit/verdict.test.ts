/**
 * Verdicts (domain/results/verdict.ts) for every polarity × expected direction × role × move
 * (not significant, significant up, significant down, zero lift), against a table written out
 * here from the rule: polarity says which way is good; NO_CHANGE makes any significant move bad;
 * a bad move is a GUARDRAIL_BREACH for a guardrail and a LOSS otherwise.
 */
import { describe, expect, it } from 'vitest';
import { comparisonVerdict, worstVerdict, type Verdict } from '../../src/domain/results/verdict.js';

const POLARITIES = ['HIGHER_IS_BETTER', 'LOWER_IS_BETTER'] as const;
const DIRECTIONS = ['INCREASE', 'DECREASE', 'NO_CHANGE'] as const;
const ROLES = ['PRIMARY', 'SECONDARY', 'GUARDRAIL'] as const;
const MOVES = {
  'not significant, up': { significant: false, lift: 2 },
  'not significant, down': { significant: false, lift: -2 },
  'significant, up': { significant: true, lift: 2 },
  'significant, down': { significant: true, lift: -2 },
  'significant, zero lift': { significant: true, lift: 0 },
} as const;

/** Expected verdicts, written out: [polarity][direction][move] for a non-guardrail role. */
const TABLE: Record<string, Record<string, Record<keyof typeof MOVES, Verdict>>> = {
  HIGHER_IS_BETTER: {
    INCREASE: { 'not significant, up': 'INCONCLUSIVE', 'not significant, down': 'INCONCLUSIVE', 'significant, up': 'WIN', 'significant, down': 'LOSS', 'significant, zero lift': 'INCONCLUSIVE' },
    // Expected direction disagrees with polarity: polarity decides.
    DECREASE: { 'not significant, up': 'INCONCLUSIVE', 'not significant, down': 'INCONCLUSIVE', 'significant, up': 'WIN', 'significant, down': 'LOSS', 'significant, zero lift': 'INCONCLUSIVE' },
    NO_CHANGE: { 'not significant, up': 'INCONCLUSIVE', 'not significant, down': 'INCONCLUSIVE', 'significant, up': 'LOSS', 'significant, down': 'LOSS', 'significant, zero lift': 'INCONCLUSIVE' },
  },
  LOWER_IS_BETTER: {
    // Expected direction disagrees with polarity (the contract's default): polarity decides.
    INCREASE: { 'not significant, up': 'INCONCLUSIVE', 'not significant, down': 'INCONCLUSIVE', 'significant, up': 'LOSS', 'significant, down': 'WIN', 'significant, zero lift': 'INCONCLUSIVE' },
    DECREASE: { 'not significant, up': 'INCONCLUSIVE', 'not significant, down': 'INCONCLUSIVE', 'significant, up': 'LOSS', 'significant, down': 'WIN', 'significant, zero lift': 'INCONCLUSIVE' },
    NO_CHANGE: { 'not significant, up': 'INCONCLUSIVE', 'not significant, down': 'INCONCLUSIVE', 'significant, up': 'LOSS', 'significant, down': 'LOSS', 'significant, zero lift': 'INCONCLUSIVE' },
  },
};

describe('comparisonVerdict', () => {
  const cases = POLARITIES.flatMap((polarity) =>
    DIRECTIONS.flatMap((expectedDirection) =>
      ROLES.flatMap((role) =>
        (Object.keys(MOVES) as (keyof typeof MOVES)[]).map((move) => {
          const base = TABLE[polarity]![expectedDirection]![move];
          const want = role === 'GUARDRAIL' && base === 'LOSS' ? 'GUARDRAIL_BREACH' : base;
          return { polarity, expectedDirection, role, move, want };
        }),
      ),
    ),
  );

  it('covers every combination', () => {
    expect(cases).toHaveLength(2 * 3 * 3 * 5);
  });

  it.each(cases)('$polarity, expected $expectedDirection, $role, $move → $want', ({ polarity, expectedDirection, role, move, want }) => {
    expect(comparisonVerdict({ ...MOVES[move], polarity, role, expectedDirection })).toBe(want);
  });

  it('judges by polarity alone when no expected direction is given', () => {
    expect(comparisonVerdict({ significant: true, lift: -1, polarity: 'LOWER_IS_BETTER', role: 'PRIMARY' })).toBe('WIN');
    expect(comparisonVerdict({ significant: true, lift: 1, polarity: 'LOWER_IS_BETTER', role: 'GUARDRAIL' })).toBe('GUARDRAIL_BREACH');
  });

  it('is INCONCLUSIVE for a non-finite lift', () => {
    expect(comparisonVerdict({ significant: true, lift: Number.NaN, polarity: 'HIGHER_IS_BETTER', role: 'PRIMARY', expectedDirection: 'INCREASE' })).toBe('INCONCLUSIVE');
  });
});

describe('worstVerdict', () => {
  it('orders GUARDRAIL_BREACH > LOSS > INCONCLUSIVE > WIN, INCONCLUSIVE when empty', () => {
    expect(worstVerdict([])).toBe('INCONCLUSIVE');
    expect(worstVerdict(['WIN'])).toBe('WIN');
    expect(worstVerdict(['WIN', 'INCONCLUSIVE'])).toBe('INCONCLUSIVE');
    expect(worstVerdict(['INCONCLUSIVE', 'LOSS', 'WIN'])).toBe('LOSS');
    expect(worstVerdict(['LOSS', 'GUARDRAIL_BREACH', 'WIN'])).toBe('GUARDRAIL_BREACH');
  });
});
