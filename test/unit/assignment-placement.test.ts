/**
 * Placement hash and assignment rules, pure: golden points computed independently (Python
 * hashlib), exact split boundaries, uniformity and independence between experiments, the
 * status table and subject-id rules.
 */
import chisquare from '@stdlib/stats-base-dists-chisquare';
import { describe, expect, it } from 'vitest';
import { allocationAt, placeSubject, placementFraction, placementPoint, POINTS } from '../../src/domain/assignment/placement.js';
import { assignmentMode, validateSubjectId, validateTraits } from '../../src/domain/assignment/rules.js';

const cohort = (...millis: number[]) => millis.map((splitMillis, i) => ({ variant: String.fromCharCode(65 + i), splitMillis }));

describe('placementPoint', () => {
  it('is the first 40 bits of SHA-256("KEY:subject"), as any client computes it', () => {
    // python3: int.from_bytes(hashlib.sha256(b"CHECKOUT:user_42").digest()[:5], "big")
    expect(placementPoint('CHECKOUT', 'user_42')).toBe(92224043682);
    expect(placementPoint('HOME-PAGE-TEST', 'customer-1001')).toBe(683669086809);
    expect(placementPoint('CHECKOUT', 'ü-ß')).toBe(473198674364); // UTF-8
    expect(placementFraction('CHECKOUT', 'user_42')).toBeCloseTo(0.0838772791048541, 15);
  });

  it('depends on the experiment key and the exact subject id', () => {
    expect(placementPoint('CHECKOUT', 'user_42')).not.toBe(placementPoint('CHECKOUT-2', 'user_42'));
    expect(placementPoint('CHECKOUT', 'user_42')).not.toBe(placementPoint('CHECKOUT', 'USER_42'));
  });
});

describe('allocationAt', () => {
  const split = cohort(200, 300, 500);
  it('walks cumulative splits in cohort order with exact boundaries', () => {
    expect(allocationAt(split, 0).variant).toBe('A');
    expect(allocationAt(split, (POINTS * 2) / 10 - 1).variant).toBe('A');
    expect(allocationAt(split, (POINTS * 2) / 10).variant).toBe('B');
    expect(allocationAt(split, (POINTS * 5) / 10 - 1).variant).toBe('B');
    expect(allocationAt(split, (POINTS * 5) / 10).variant).toBe('C');
    expect(allocationAt(split, POINTS - 1).variant).toBe('C');
  });

  it('gives a 1.000 split everyone and a 0.001 split its thousandth', () => {
    expect(allocationAt(cohort(1000), POINTS - 1).variant).toBe('A');
    const tiny = cohort(1, 999);
    expect(allocationAt(tiny, Math.floor(POINTS / 1000) - 1).variant).toBe('A');
    expect(allocationAt(tiny, Math.ceil(POINTS / 1000)).variant).toBe('B');
  });

  it('refuses a cohort whose splits do not sum to 1.000', () => {
    expect(() => allocationAt(cohort(200, 300), POINTS - 1)).toThrow(/500 thousandths/);
    expect(() => allocationAt([], 0)).toThrow();
  });
});

describe('placeSubject', () => {
  const N = 20_000;
  const ids = Array.from({ length: N }, (_, i) => `user-${i}`);

  it('matches 20/30/50 splits within chance (chi-square, 20,000 subjects)', () => {
    const split = cohort(200, 300, 500);
    const counts: Record<string, number> = { A: 0, B: 0, C: 0 };
    for (const id of ids) counts[placeSubject('SPLITS', id, split).variant]! += 1;
    const stat = split.reduce((s, a) => s + (counts[a.variant]! - (N * a.splitMillis) / 1000) ** 2 / ((N * a.splitMillis) / 1000), 0);
    expect(1 - chisquare.cdf(stat, 2)).toBeGreaterThan(0.001);
  });

  it('places subjects independently in two experiments (2×2 chi-square of independence)', () => {
    const half = cohort(500, 500);
    const table = [[0, 0], [0, 0]] as [number[], number[]];
    for (const id of ids) {
      const a = placeSubject('FIRST', id, half).variant === 'A' ? 0 : 1;
      const b = placeSubject('SECOND', id, half).variant === 'A' ? 0 : 1;
      table[a]![b]! += 1;
    }
    const rows = table.map((r) => r[0]! + r[1]!);
    const cols = [table[0]![0]! + table[1]![0]!, table[0]![1]! + table[1]![1]!];
    let stat = 0;
    for (const i of [0, 1]) for (const j of [0, 1]) stat += (table[i]![j]! - (rows[i]! * cols[j]!) / N) ** 2 / ((rows[i]! * cols[j]!) / N);
    expect(1 - chisquare.cdf(stat, 1)).toBeGreaterThan(0.001);
  });
});

describe('assignment rules', () => {
  it('assigns by status: ACTIVE places, WINNER_DECLARED answers the winner, the rest is NOT_RUNNING', () => {
    expect(assignmentMode('DRAFT')).toBe('NOT_RUNNING');
    expect(assignmentMode('ACTIVE')).toBe('PLACE');
    expect(assignmentMode('WINNER_DECLARED')).toBe('WINNER');
    expect(assignmentMode('ENDED')).toBe('NOT_RUNNING');
    expect(assignmentMode('ARCHIVED')).toBe('NOT_RUNNING');
  });

  it('rejects empty, blank and over-long subject ids for every subject type; keeps ids verbatim', () => {
    for (const type of ['ANY', 'CUSTOMER_ID']) {
      for (const id of ['', ' ', '\n\t']) expect(() => validateSubjectId(id, type, ['input', 'subjectId'])).toThrow(/non-empty/);
      expect(() => validateSubjectId('x'.repeat(501), type, ['input', 'subjectId'])).toThrow(/500/);
      expect(() => validateSubjectId(' padded ', type, ['input', 'subjectId'])).not.toThrow();
    }
  });

  it('takes traits as a JSON object or nothing', () => {
    expect(validateTraits(undefined, ['t'])).toBeNull();
    expect(validateTraits({ plan: 'pro' }, ['t'])).toEqual({ plan: 'pro' });
    for (const bad of [[1], 'pro', 3]) expect(() => validateTraits(bad, ['t'])).toThrow(/JSON object/);
  });
});
