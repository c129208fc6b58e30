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
 * - Per subject (GROUP BY subject): those as aligned arrays, like the event metrics' pass
 *   (event-metrics.sql.ts), because the window needs the subject's first exposure.
 * - After the join to the exposed subjects (results.sql.ts): each operand keeps the rows that pass
 *   its filters with `first_exposure <= time <= first_exposure + window` (inclusive; no upper
 *   bound without a window), exactly as for event metrics; then COUNT = rows, SUM = value sum,
 *   MEAN = value sum / valued rows (subjects without a valued row left out), OCCURRENCE = rows > 0,
 *   COUNT_DISTINCT = distinct non-null values. A RATIO metric's denominator is its paired value y.
 *
 * Column names are plain identifiers (validated when the fact table was saved) and spliced with
 * `identifier`; the user SQL and filters are the engine-formatted checked text (sandbox.ts).
 */
import { identifier, join, param, sql, trusted, type Param, type Sql } from '../sql.js';
import type { MetricExpressions, MetricSourcePart } from './metric-part.js';
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

/** The fact parts of the results query for `metrics` (each with its index in the query's metric list), one per fact table; `until` (a per-subject-stage ms expression: results over time) bounds every row. */
export function factMetricParts(metrics: { index: number; metric: FactMetricInput }[], until?: Sql): MetricSourcePart[] {
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
  return [...tables.values()].map(({ table, operands, metrics: expressions }, t) => part(`fact_${t}`, t, table, operands, expressions, until));
}

/** One fact table's CTE and per-subject columns. */
function part(name: string, t: number, table: FactTableSourceInput, operands: Operand[], metrics: MetricExpressions[], until?: Sql): MetricSourcePart {
  const f = `f${t}`;
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
  const arrays = [
    sql`groupArray(ts) AS ${trusted(`${f}_ts`)}`,
    ...numeric.map((_, j) => sql`groupArray(${trusted(`v${j}`)}) AS ${trusted(`${f}_v${j}`)}`),
    ...hashed.map((_, j) => sql`groupArray(${trusted(`h${j}`)}) AS ${trusted(`${f}_h${j}`)}`),
    ...Array.from({ length: words }, (_, w) => sql`groupArray(${trusted(`mask${w}`)}) AS ${trusted(`${f}_mask${w}`)}`),
  ];
  const body = sql`SELECT subject, ${join(arrays, ', ')}
    FROM (
      SELECT ${join(rowColumns, ',\n             ')}
      FROM (${trusted(table.sql)})
      WHERE ${identifier(table.identifierColumn)} IS NOT NULL AND ${identifier(table.timestampColumn)} IS NOT NULL
    )
    GROUP BY subject`;
  const subjectColumns = operands.flatMap((o) => {
    const ok = trusted(`${o.p}_ok`);
    const word = trusted(`${f}_mask${Math.floor(o.bit / MASK_BITS)}`);
    const cond = sql`bitTest(w, ${trusted(String(o.bit % MASK_BITS))}) AND t >= first_ms AND (${o.window} < 0 OR t <= first_ms + ${o.window})${until ? sql` AND t <= ${until}` : sql``}`;
    const columns = [sql`arrayMap((t, w) -> ${cond}, ${trusted(`${f}_ts`)}, ${word}) AS ${ok}`, sql`arraySum(${ok}) AS ${trusted(`${o.p}_rows`)}`];
    if (o.input.aggregation === 'SUM' || o.input.aggregation === 'MEAN') {
      const v = trusted(`${f}_v${numeric.indexOf(o.input.column!)}`);
      columns.push(
        sql`arraySum((k, v) -> if(k AND NOT isNaN(v), v, 0), ${ok}, ${v}) AS ${trusted(`${o.p}_sum`)}`,
        sql`arraySum((k, v) -> k AND NOT isNaN(v), ${ok}, ${v}) AS ${trusted(`${o.p}_valued`)}`,
      );
    }
    if (o.input.aggregation === 'COUNT_DISTINCT') {
      const h = trusted(`${f}_h${hashed.indexOf(o.input.column!)}`);
      columns.push(sql`length(arrayDistinct(arrayFilter((h, k) -> k AND h != 0, ${h}, ${ok}))) AS ${trusted(`${o.p}_distinct`)}`);
    }
    return columns;
  });
  return { name, body, subjectColumns, metrics };
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
