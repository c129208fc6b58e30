/**
 * Multiple-testing corrections across a family of p-values (Liftgate: the primary metrics ×
 * treatment arms of one experiment), as adjusted p-values: compare each with alpha as usual.
 *
 * Sources: Holm (1979), "A simple sequentially rejective multiple test procedure", Scandinavian
 * Journal of Statistics 6(2) — adjusted p̃_(i) = max_{j≤i} min(1, (m − j + 1)·p_(j)) for ascending
 * p; Benjamini & Hochberg (1995), "Controlling the false discovery rate", JRSS B 57(1) — adjusted
 * p̃_(i) = min_{j≥i} min(1, m·p_(j)/j) (Wright (1992), "Adjusted p-values for simultaneous
 * inference", Biometrics 48(4)). Compare GrowthBook's adjustPValuesHolmBonferroni /
 * adjustPValuesBenjaminiHochberg (packages/shared experiments.ts) and scipy's
 * false_discovery_control.
 *
 * Adjusted intervals: each comparison's interval recomputed at level α' = α·p/p̃ (≤ α, so never
 * narrower). It excludes 0 exactly when p̃ < α, so the adjusted interval and adjusted p-value agree
 * as the unadjusted ones do; for Holm's smallest p it is Bonferroni's α/m interval. GrowthBook
 * instead inverts p̃ through the normal distribution (getAdjustedCI); both keep that agreement.
 */

/** NONE, Holm–Bonferroni (family-wise error) or Benjamini–Hochberg (false discovery rate). */
export type Correction = 'NONE' | 'HOLM' | 'BH';

/**
 * Adjusted p-values in input order (each in [p, 1]). Throws RangeError for a p-value outside [0, 1].
 * NONE returns a copy.
 */
export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new RangeError(`adjustPValues: p-values must be in [0, 1], got ${p}`);
  const m = pValues.length;
  if (correction === 'NONE' || m === 0) return [...pValues];
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m);
  if (correction === 'HOLM') {
    let running = 0;
    order.forEach(({ p, i }, rank) => {
      running = Math.max(running, Math.min(1, (m - rank) * p));
      adjusted[i] = running;
    });
  } else {
    let running = 1;
    for (let rank = m - 1; rank >= 0; rank--) {
      const { p, i } = order[rank]!;
      running = Math.min(running, Math.min(1, (m * p) / (rank + 1)));
      adjusted[i] = running;
    }
  }
  return adjusted;
}

/**
 * The level α' = α·p/p̃ at which to recompute an interval so it agrees with the adjusted p-value
 * p̃ (see the file comment); for Holm and BH, p̃ ≤ m·p, so α' ≥ α/m. When p = p̃ = 0 (both
 * underflowed) the limit is not defined: α/m, the Bonferroni level, is used.
 */
export function adjustedLevel(alpha: number, pValue: number, adjustedPValue: number, familySize: number): number {
  if (adjustedPValue <= 0) return alpha / Math.max(1, familySize);
  if (pValue >= adjustedPValue) return alpha;
  return (alpha * pValue) / adjustedPValue;
}
