/**
 * Verdict of a comparison from significance, the metric's polarity and the attachment's role
 * (design §4). The good direction is the metric's polarity; a guardrail that moves significantly
 * the bad way is a GUARDRAIL_BREACH rather than a LOSS.
 */
export type Verdict = 'WIN' | 'LOSS' | 'GUARDRAIL_BREACH' | 'INCONCLUSIVE';

/** Verdict of one treatment-vs-control comparison. */
export function comparisonVerdict(input: {
  significant: boolean;
  /** mean(treatment) − mean(control). */
  lift: number;
  polarity: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  role: 'PRIMARY' | 'SECONDARY' | 'GUARDRAIL';
}): Verdict {
  if (!input.significant || input.lift === 0) return 'INCONCLUSIVE';
  const good = input.polarity === 'HIGHER_IS_BETTER' ? input.lift > 0 : input.lift < 0;
  if (good) return 'WIN';
  return input.role === 'GUARDRAIL' ? 'GUARDRAIL_BREACH' : 'LOSS';
}

const SEVERITY: Record<Verdict, number> = { GUARDRAIL_BREACH: 3, LOSS: 2, INCONCLUSIVE: 1, WIN: 0 };

/** The worst verdict of a metric's comparisons (INCONCLUSIVE when there are none). */
export function worstVerdict(verdicts: Verdict[]): Verdict {
  return verdicts.reduce<Verdict | null>((worst, v) => (worst === null || SEVERITY[v] > SEVERITY[worst] ? v : worst), null) ?? 'INCONCLUSIVE';
}
