/**
 * The fact-table source of the results query (issue 11): FACT metrics, one `MetricSourcePart` per
 * fact table, so a fact table is scanned once however many metrics (and numerator / denominator
 * operands) read it.
 *
 * - Per row of the fact table's SELECT (the checked user SQL, run as a subquery in the
 *   environment's locked session): the subject (identifier column as text), the time in ms
 *   (timestamp column), the numeric value of each column an operand sums or averages (NaN when
 *   null), a 64-bit hash of each column an operand counts distinct values of (0 when null), and a
 *   bit mask of the operands whose row filters the row passes (conditional aggregation: one scan,
 *   whatever the filters). Rows without subject or time are left out.
 * - The rows are joined (hash join, the exposed subjects the small side) to the experiment's exposed
 *   subjects and their first exposure (`ResultsScope.subjects`, a light CTE over the exposure rows
 *   only), and aggregated per subject with conditional aggregates: each operand counts the rows
 *   that pass its filters with `first_exposure <= time <= first_exposure + window` (inclusive; no
 *   upper bound without a window), exactly as for event metrics: rows, value sum and valued rows,
 *   distinct values. Rows of subjects never exposed are dropped by the join.
 * - The results query LEFT JOINs the part to its subjects (missing = zeros): COUNT = rows, SUM =
 *   value sum, MEAN = value sum / valued rows (subjects without a valued row left out), OCCURRENCE
 *   = rows > 0, COUNT_DISTINCT = distinct non-null values. A RATIO's denominator is its paired y.
 *
 * Why not arrays per subject like the event pass (measured, bench/fact-tables.ts, 10M rows, 1M
 * subjects): grouping every fact row into per-subject arrays and joining those took 32.5 s (15.5 s
 * CPU) against a 0.8 s bare scan; joining the rows to the first exposures first needs the
 * exposures read a second time (exposure rows only) but aggregates scalars.
 *
 * Column names are plain identifiers (validated when the fact table was saved) and spliced with
 * `identifier`; the user SQL and filters are the engine-formatted checked text (sandbox.ts).
 */
import { identifier, join, param, sql, trusted, type Param, type Sql } from '../sql.js';
import type { MetricExpressions, MetricSourcePart, ResultsScope } from './metric-part.js';
import type { FactMetricInput, FactOperandInput, FactTableSourceInput } from './results-input.js';

/** Operands per mask word (UInt64). */
const MASK_BITS = 64;

interface Operand {
  /** `f<t>_o<k>`: prefix of its per-subject columns. */
  p: string;
  input: FactOperandInput;
  window: Param;
  /** Bit position among the table's operands. */
  bit: number;
}

/** The fact parts of the results query for `metrics` (each with its index in the query's metric list), one per fact table. */
export function factMetricParts(metrics: { index: number; metric: FactMetricInput }[], scope: ResultsScope): MetricSourcePart[] {
  const tables = new Map<string, { table: FactTableSourceInput; operands: Operand[]; metrics: MetricExpressions[] }>();
  const tableOf = (t: FactTableSourceInput) => {
    let entry = tables.get(t.id);
    if (!entry) tables.set(t.id, (entry = { table: t, operands: [], metrics: [] }));
    return entry;
  };
  const partIndex = (t: FactTableSourceInput) => [...tables.keys()].indexOf(t.id);
  for (const { index, metric } of metrics) {
    const m = `m${index}`;
    const window = param(metric.windowHours == null ? -1 : metric.windowHours * 3_600_000, 'Int64', `${m}_fact_window_ms`);
    const add = (input: FactOperandInput) => {
      const entry = tableOf(input.table);
      const operand: Operand = { p: `f${partIndex(input.table)}_o${entry.operands.length}`, input, window, bit: entry.operands.length };
      entry.operands.push(operand);
      return operand;
    };
    const x = operandValue(add(metric.numerator));
    const y = metric.denominator ? operandValue(add(metric.denominator)) : undefined;
    const expression: MetricExpressions = y
      ? { index, value: x.value, included: sql`(${x.included}) AND (${y.included})`, paired: y.value }
      : { index, value: x.value, included: x.included };
    // An expression belongs to the part of its numerator's table (the columns it reads are all in the joined row).
    tableOf(metric.numerator.table).metrics.push(expression);
  }
  return [...tables.values()].map(({ table, operands, metrics: expressions }, t) => part(`fact_${t}`, t, table, operands, expressions, scope));
}

/** One fact table's CTE: its rows joined to the exposed subjects' first exposure, aggregated per subject. */
function part(name: string, t: number, table: FactTableSourceInput, operands: Operand[], metrics: MetricExpressions[], scope: ResultsScope): MetricSourcePart {
  const numeric = [...new Set(operands.filter((o) => o.input.aggregation === 'SUM' || o.input.aggregation === 'MEAN').map((o) => o.input.column!))];
  const hashed = [...new Set(operands.filter((o) => o.input.aggregation === 'COUNT_DISTINCT').map((o) => o.input.column!))];
  const words = Math.max(1, Math.ceil(operands.length / MASK_BITS));
  const rowColumns: Sql[] = [
    sql`toString(${identifier(table.identifierColumn)}) AS subject`,
    sql`toUnixTimestamp64Milli(toDateTime64(${identifier(table.timestampColumn)}, 3)) AS ts`,
    ...numeric.map((c, j) => sql`ifNull(toFloat64(${identifier(c)}), nan) AS ${trusted(`v${j}`)}`),
    ...hashed.map((c, j) => sql`if(isNull(${identifier(c)}), toUInt64(0), sipHash64(${identifier(c)})) AS ${trusted(`h${j}`)}`),
    ...Array.from({ length: words }, (_, w) => {
      const bits = operands.slice(w * MASK_BITS, (w + 1) * MASK_BITS).map((o) => {
        const pass = o.input.filters.length ? sql`ifNull(${join(o.input.filters.map((text) => sql`(${trusted(text)})`), ' AND ')}, 0)` : sql`1`;
        return sql`bitShiftLeft(toUInt64(${pass}), ${trusted(String(o.bit % MASK_BITS))})`;
      });
      return sql`${join(bits, ' + ')} AS ${trusted(`mask${w}`)}`;
    }),
  ];
  const overTime = scope.bucketEnds !== undefined;
  // Over time: each exposed subject once per bucket end since its first exposure.
  const subjects = overTime
    ? sql`(SELECT subject, first_ms, arrayJoin(arrayFilter(b -> b >= first_ms, ${scope.bucketEnds!})) AS bucket_end FROM ${scope.subjects})`
    : scope.subjects;
  const aggregates = operands.flatMap((o) => {
    // The row passes the operand's filters and falls in its window from the subject's first exposure.
    const ok = sql`bitTest(f.${trusted(`mask${Math.floor(o.bit / MASK_BITS)}`)}, ${trusted(String(o.bit % MASK_BITS))}) AND f.ts >= s.first_ms AND (${o.window} < 0 OR f.ts <= s.first_ms + ${o.window})${overTime ? sql` AND f.ts <= s.bucket_end` : sql``}`;
    const columns = [sql`countIf(${ok}) AS ${trusted(`${o.p}_rows`)}`];
    if (o.input.aggregation === 'SUM' || o.input.aggregation === 'MEAN') {
      const v = sql`f.${trusted(`v${numeric.indexOf(o.input.column!)}`)}`;
      columns.push(sql`sumIf(${v}, ${ok} AND NOT isNaN(${v})) AS ${trusted(`${o.p}_sum`)}`, sql`countIf(${ok} AND NOT isNaN(${v})) AS ${trusted(`${o.p}_valued`)}`);
    }
    if (o.input.aggregation === 'COUNT_DISTINCT') {
      const h = sql`f.${trusted(`h${hashed.indexOf(o.input.column!)}`)}`;
      columns.push(sql`uniqExactIf(${h}, ${ok} AND ${h} != 0) AS ${trusted(`${o.p}_distinct`)}`);
    }
    return columns;
  });
  // The exposed subjects are the hash join's small side; the fact rows stream past it once.
  const body = sql`SELECT f.subject AS subject,${overTime ? sql` s.bucket_end AS ${trusted(`${name}_bucket_end`)},` : sql``}
           ${join(aggregates, ',\n           ')}
    FROM (
      SELECT ${join(rowColumns, ',\n             ')}
      FROM (${trusted(table.sql)})
      WHERE ${identifier(table.identifierColumn)} IS NOT NULL AND ${identifier(table.timestampColumn)} IS NOT NULL
    ) AS f
    INNER JOIN ${subjects} AS s ON s.subject = f.subject
    GROUP BY f.subject${overTime ? sql`, s.bucket_end` : sql``}`;
  void t;
  return { name, body, subjectColumns: [], metrics };
}

/** Per-subject value and inclusion of an operand (MEAN leaves out subjects without a valued row). */
function operandValue(o: Operand): { value: Sql; included: Sql } {
  const col = (suffix: string) => trusted(`${o.p}_${suffix}`);
  switch (o.input.aggregation) {
    case 'COUNT':
      return { value: sql`toFloat64(${col('rows')})`, included: sql`1` };
    case 'OCCURRENCE':
      return { value: sql`toFloat64(${col('rows')} > 0)`, included: sql`1` };
    case 'SUM':
      return { value: sql`toFloat64(${col('sum')})`, included: sql`1` };
    case 'MEAN':
      return { value: sql`${col('sum')} / ${col('valued')}`, included: sql`${col('valued')} > 0` };
    case 'COUNT_DISTINCT':
      return { value: sql`toFloat64(${col('distinct')})`, included: sql`1` };
  }
}
