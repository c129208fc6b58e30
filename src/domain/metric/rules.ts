/** Pure validation of metric definitions (no I/O). */
import { ValidationError } from '../errors.js';
import {
  EVENT_AGGREGATIONS,
  parsePropertyPath,
  type FilterOperator,
  type StoredEventDefinition,
  type StoredPropertyFilter,
} from './definition.js';

const SCALAR: FilterOperator[] = ['EQ', 'NEQ', 'CONTAINS'];
const NUMERIC: FilterOperator[] = ['GT', 'GTE', 'LT', 'LTE'];
const LIST: FilterOperator[] = ['IN', 'NOT_IN'];

/** Checks an EVENT definition and returns it normalised; throws ValidationError with the field path. */
export function validateEventDefinition(
  aggregation: string,
  def: { event: string; filters: StoredPropertyFilter[] },
  path: string[],
): StoredEventDefinition {
  if (!(EVENT_AGGREGATIONS as readonly string[]).includes(aggregation)) {
    throw new ValidationError(
      `aggregation ${aggregation} does not apply to EVENT metrics; use one of ${EVENT_AGGREGATIONS.join(', ')}`,
      ['input', 'aggregation'],
    );
  }
  const event = def.event.trim();
  if (!event || event.length > 200) throw new ValidationError('event must be 1–200 characters', [...path, 'event']);
  const filters = def.filters.map((f, i) => validateFilter(f, [...path, 'filters', String(i)]));
  return { event, filters };
}

function validateFilter(f: StoredPropertyFilter, path: string[]): StoredPropertyFilter {
  if (!parsePropertyPath(f.property)) {
    throw new ValidationError('property must be traits.<key> or metadata.<key>', [...path, 'property']);
  }
  const n = f.values.length;
  const bad = (message: string) => new ValidationError(`${f.operator} ${message}`, [...path, 'values']);
  if (f.operator === 'EXISTS' && n !== 0) throw bad('takes no values');
  if ((SCALAR.includes(f.operator) || NUMERIC.includes(f.operator)) && n !== 1) throw bad('takes exactly one value');
  if (LIST.includes(f.operator) && n === 0) throw bad('takes at least one value');
  if (NUMERIC.includes(f.operator) && !isNumeric(f.values[0]!)) throw bad('compares numbers: the value must be numeric');
  return { property: f.property, operator: f.operator, values: f.values };
}

const isNumeric = (v: string) => v.trim() !== '' && Number.isFinite(Number(v));
