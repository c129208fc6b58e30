/** The stored readout (domain/results/snapshot.ts): per-cohort exposure counts survive the JSON round trip, and stay optional. */
import { describe, expect, it } from 'vitest';
import { fromFrozenReadout, toFrozenReadout } from '../../src/domain/results/snapshot.js';
import type { ExperimentAggregates } from '../../src/warehouse/readers/results.js';

const aggregates: ExperimentAggregates = {
  subjects: new Map([['CONTROL', 280], ['TREATMENT', 70]]),
  multipleExposures: 3,
  metrics: new Map([['m1', new Map([['CONTROL', { n: 280, sum: 10, sumSquares: 20, variance: 0.5, paired: { sumY: 1, sumYSquares: 2, sumXY: 3, varianceY: 0.1, covariance: 0.2 } }]])]]),
  cohortSubjects: new Map([['CONTROL', new Map([[1, 50], [2, 230]])], ['TREATMENT', new Map([[1, 50], [2, 20]])]]),
};

describe('frozen readout', () => {
  it('keeps per-cohort counts and paired sums through JSON', () => {
    const stored = JSON.parse(JSON.stringify(toFrozenReadout(aggregates, 2)));
    expect(fromFrozenReadout(stored)).toEqual(aggregates);
  });

  it('reads a readout without per-cohort counts as before', () => {
    const { cohortSubjects: _, ...plain } = aggregates;
    const stored = JSON.parse(JSON.stringify(toFrozenReadout(plain, 1)));
    expect(stored.cohortSubjects).toBeUndefined();
    expect(fromFrozenReadout(stored)).toEqual(plain);
  });
});
