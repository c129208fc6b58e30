/**
 * FACT metric definitions (Metric.definition JSON of kind FACT): `{ numerator, denominator }`,
 * each operand `{ factTableId, aggregation, column, rowFilters }` (row filters by name). Pure: the
 * fact tables an operand names are given by the caller.
 *
 * Rules (checked at create, and again for every metric on a fact table whose definition changes):
 * - an operand aggregates per subject with COUNT (rows), OCCURRENCE (1 if any row), SUM or MEAN
 *   (of a NUMBER or BOOLEAN column; MEAN leaves out subjects without a value), COUNT_DISTINCT (of
 *   any column); COUNT and OCCURRENCE take no column, the others need one;
 * - its row filters name filters of its fact table (applied together, AND);
 * - the metric's aggregation is RATIO exactly when a denominator is given, else the numerator's.
 */
import type { MetricAggregation } from '../../generated/prisma/enums.js';
import { ValidationError } from '../errors.js';
import type { StoredFactColumn, StoredRowFilter } from '../fact-table/definition.js';

export const FACT_OPERAND_AGGREGATIONS = ['COUNT', 'SUM', 'MEAN', 'COUNT_DISTINCT', 'OCCURRENCE'] as const satisfies readonly MetricAggregation[];
export type FactOperandAggregation = (typeof FACT_OPERAND_AGGREGATIONS)[number];

/** Row filters one operand may apply. */
export const MAX_OPERAND_ROW_FILTERS = 20;

export interface StoredFactOperand {
  factTableId: string;
  aggregation: FactOperandAggregation;
  /** Null for COUNT and OCCURRENCE. */
  column: string | null;
  /** Names of the fact table's row filters (AND). */
  rowFilters: string[];
}

export interface StoredFactDefinition {
  numerator: StoredFactOperand;
  /** Present for RATIO metrics. */
  denominator: StoredFactOperand | null;
}

/** What a rule needs to know of a fact table. */
export interface FactTableShape {
  id: string;
  name: string;
  columns: StoredFactColumn[];
  rowFilters: StoredRowFilter[];
}

/** Whether a stored definition is a FACT one. */
export function isFactDefinition(definition: unknown): definition is StoredFactDefinition {
  // A ratio EVENT definition has a numerator too: a fact operand names its fact table.
  const numerator = typeof definition === 'object' && definition !== null && 'numerator' in definition ? definition.numerator : null;
  return typeof numerator === 'object' && numerator !== null && 'factTableId' in numerator;
}

/** A Metric.definition JSON column of a FACT metric (validated on write, so read as is). */
export function readFactDefinition(definition: unknown): StoredFactDefinition {
  return definition as StoredFactDefinition;
}

/** The fact tables a definition reads (numerator first, distinct). */
export function factTableIdsOf(def: StoredFactDefinition): string[] {
  return [...new Set([def.numerator.factTableId, ...(def.denominator ? [def.denominator.factTableId] : [])])];
}

/** Why an operand does not fit its fact table (empty = fits). */
export function operandProblems(operand: StoredFactOperand, table: FactTableShape): string[] {
  const problems: string[] = [];
  const needsColumn = operand.aggregation === 'SUM' || operand.aggregation === 'MEAN' || operand.aggregation === 'COUNT_DISTINCT';
  if (needsColumn && !operand.column) problems.push(`${operand.aggregation} needs a column`);
  if (!needsColumn && operand.column) problems.push(`${operand.aggregation} takes no column`);
  if (operand.column) {
    const column = table.columns.find((c) => c.name === operand.column);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(operand.column)) problems.push(`column ${operand.column} is not a plain column name`);
    else if (!column) problems.push(`column ${operand.column} is not a column of fact table ${table.name}`);
    else if ((operand.aggregation === 'SUM' || operand.aggregation === 'MEAN') && column.type !== 'NUMBER' && column.type !== 'BOOLEAN') {
      problems.push(`${operand.aggregation} needs a NUMBER column; ${operand.column} is ${column.type}`);
    }
  }
  for (const name of operand.rowFilters) {
    if (!table.rowFilters.some((f) => f.name === name)) problems.push(`row filter ${name} is not a filter of fact table ${table.name}`);
  }
  return problems;
}

/**
 * Checks a FACT definition against its fact tables (`tables` by id: the environment's non-deleted
 * ones) and returns it normalised. Throws ValidationError (NotFound-like problems are VALIDATION
 * at the operand's factTableId, since the id came with the input).
 */
export function validateFactDefinition(
  aggregation: MetricAggregation,
  def: { numerator: OperandInput; denominator?: OperandInput | null },
  tables: Map<string, FactTableShape>,
  path: string[],
): StoredFactDefinition {
  const isRatio = def.denominator != null;
  if (isRatio && aggregation !== 'RATIO') throw new ValidationError('a FACT metric with a denominator has aggregation RATIO', ['input', 'aggregation']);
  if (!isRatio && aggregation !== def.numerator.aggregation) {
    throw new ValidationError(`aggregation must be the numerator's (${def.numerator.aggregation}), or RATIO with a denominator`, ['input', 'aggregation']);
  }
  const numerator = validateOperand(def.numerator, tables, [...path, 'numerator']);
  const denominator = def.denominator ? validateOperand(def.denominator, tables, [...path, 'denominator']) : null;
  return { numerator, denominator };
}

/** An operand as it comes in (fact table id already decoded). */
export interface OperandInput {
  factTableId: string;
  aggregation: MetricAggregation;
  column?: string | null;
  rowFilters: string[];
}

function validateOperand(input: OperandInput, tables: Map<string, FactTableShape>, path: string[]): StoredFactOperand {
  const table = tables.get(input.factTableId);
  if (!table) throw new ValidationError('no fact table with this id in the metric\'s environment', [...path, 'factTableId']);
  if (!(FACT_OPERAND_AGGREGATIONS as readonly string[]).includes(input.aggregation)) {
    throw new ValidationError(`an operand aggregates with one of ${FACT_OPERAND_AGGREGATIONS.join(', ')}`, [...path, 'aggregation']);
  }
  if (input.rowFilters.length > MAX_OPERAND_ROW_FILTERS) throw new ValidationError(`at most ${MAX_OPERAND_ROW_FILTERS} row filters`, [...path, 'rowFilters']);
  const operand: StoredFactOperand = {
    factTableId: table.id,
    aggregation: input.aggregation as FactOperandAggregation,
    column: input.column?.trim() || null,
    rowFilters: [...new Set(input.rowFilters)],
  };
  const problems = operandProblems(operand, table);
  if (problems.length) throw new ValidationError(problems.join('; '), path);
  return operand;
}
