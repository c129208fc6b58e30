/**
 * Per-field weights of the operation cost limit (@pothos/plugin-complexity; the limit itself is
 * checked in ./limits.ts before execution). An operation's cost is the sum over its selected
 * fields of the field's weight plus its sub-selection's cost times the field's multiplier:
 * - every field weighs 1;
 * - a paged field (`first`/`last`, `pagedCost`) multiplies by the page it asks for
 *   (`DEFAULT_PAGE` when it names none) and a connection's `edges` by 1, since the page is
 *   already counted (builder.ts sets both);
 * - any other list multiplies by `LIST_MULTIPLIER` (lists bounded by a domain rule: variants,
 *   cohorts, attached metrics, filters, grants, comparisons);
 * - warehouse-backed fields weigh `WAREHOUSE_COST` (one analytical query each), and
 *   `ExperimentMetric.result` a tenth of it, because every attachment's result of one
 *   experiment is one batched query and attachments are counted `LIST_MULTIPLIER` times.
 */
/** Page size assumed for a paged field without `first`/`last` (the relay plugin's default). */
export const DEFAULT_PAGE = 20;
/** Assumed length of a list that has no paging argument. */
export const LIST_MULTIPLIER = 10;
/** Weight of a field that runs a warehouse query (`Experiment.results`). */
export const WAREHOUSE_COST = 100;
/** Weight of `ExperimentMetric.result`: batched per experiment, so WAREHOUSE_COST / LIST_MULTIPLIER. */
export const BATCHED_WAREHOUSE_COST = WAREHOUSE_COST / LIST_MULTIPLIER;

/**
 * Weight of a paged field (connections, `Metric.attachments`): 1, and its selection counted once
 * per item of the page it asks for. A function only here: Pothos maps a field's arguments to call
 * it, which must not happen on fields whose arguments may fail to decode (global ids).
 */
export function pagedCost(args: { first?: number | null; last?: number | null }) {
  return { field: 1, multiplier: Math.max(args.first ?? args.last ?? DEFAULT_PAGE, 0) };
}
