/**
 * Verdict of a comparison from significance, the metric's polarity, the attachment's expected
 * direction and its role (design §4; contract `Verdict`). Pure.
 *
 * A comparison that is not significant (or has a zero lift) is INCONCLUSIVE. A significant one:
 *
 * | expected direction            | move good by polarity | move bad by polarity |
 * |-------------------------------|-----------------------|----------------------|
 * | INCREASE or DECREASE          | WIN                   | LOSS ¹               |
 * | NO_CHANGE                     | LOSS ¹                | LOSS ¹               |
 *
 * ¹ GUARDRAIL_BREACH instead of LOSS when the role is GUARDRAIL.
 *
 * Why:
 * - The polarity is what "good" means for the metric (a property of the metric). When the
 *   expected direction disagrees with it (e.g. INCREASE on a LOWER_IS_BETTER latency), the
 *   expectation is a forecast of a cost, and an expected cost is still a cost (LOSS / breach); an
 *   improvement against the forecast is still an improvement (WIN). So the contract's default
 *   expectedDirection INCREASE never turns a LOWER_IS_BETTER improvement into a LOSS.
 * - NO_CHANGE says the metric must hold: a two-sided check, for metrics whose movement either
 *   way means the change does something unaccounted for. There is no good direction, so any
 *   significant move is the bad one (LOSS, or GUARDRAIL_BREACH for a guardrail). A guardrail that
 *   should only catch harm is attached with INCREASE/DECREASE (one-sided, by polarity).
 * - A metric's verdict is the worst of its comparisons: GUARDRAIL_BREACH > LOSS > INCONCLUSIVE > WIN.
 */
import type { ExpectedDirection, MetricPolarity as Polarity, MetricRole } from '../../generated/prisma/enums.js';

export type { ExpectedDirection, MetricRole, Polarity };
export type Verdict = 'WIN' | 'LOSS' | 'GUARDRAIL_BREACH' | 'INCONCLUSIVE';

/** Verdict of one treatment-vs-control comparison (see the table above). */
export function comparisonVerdict(input: {
  significant: boolean;
  /** mean(treatment) − mean(control). */
  lift: number;
  polarity: Polarity;
  role: MetricRole;
  /**
   * The attachment's expected direction. Callers should always pass it; when absent the
   * comparison is judged as INCREASE/DECREASE (by polarity only), the contract's default.
   */
  expectedDirection?: ExpectedDirection;
}): Verdict {
  if (!input.significant || !(input.lift !== 0 && Number.isFinite(input.lift))) return 'INCONCLUSIVE';
  const bad = input.role === 'GUARDRAIL' ? 'GUARDRAIL_BREACH' : 'LOSS';
  if (input.expectedDirection === 'NO_CHANGE') return bad;
  const improved = input.polarity === 'HIGHER_IS_BETTER' ? input.lift > 0 : input.lift < 0;
  return improved ? 'WIN' : bad;
}

const SEVERITY: Record<Verdict, number> = { GUARDRAIL_BREACH: 3, LOSS: 2, INCONCLUSIVE: 1, WIN: 0 };

/** The worst verdict of a metric's comparisons (INCONCLUSIVE when there are none). */
export function worstVerdict(verdicts: Verdict[]): Verdict {
  return verdicts.reduce<Verdict | null>((worst, v) => (worst === null || SEVERITY[v] > SEVERITY[worst] ? v : worst), null) ?? 'INCONCLUSIVE';
}

