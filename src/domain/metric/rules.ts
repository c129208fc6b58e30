/**
 * Pure validation of metrics (no I/O): EVENT definitions, windows and monitoring (names: domain/names.ts).
 *
 * Filter value arity per operator (the contract: "one for scalar operators, several for IN /
 * NOT_IN, none for EXISTS"):
 * - EQ, NEQ, CONTAINS: exactly one value (CONTAINS: non-empty, else it would match everything);
 * - IN, NOT_IN: one or more values (at most MAX_FILTER_VALUES);
 * - GT, GTE, LT, LTE: exactly one value that parses as a finite number within
 *   ±MAX_NUMERIC_FILTER_VALUE (compared numerically);
 * - EXISTS: no value.
 * Every value is at most MAX_FILTER_VALUE_CHARS characters (MAX_DEFINITION_VALUE_CHARS for all
 * values of a definition together), and no string of a definition (event,
 * property, values) may hold a control character (U+0000–U+001F, U+007F): PostgreSQL cannot
 * store NUL in the definition's JSON, and none of them can be meant in an event or trait name.
 */
import { CONTROL_CHARACTERS, hasControlCharacter } from '../../lib/text.js';
import { ValidationError } from '../errors.js';
import { MAX_EVENT_NAME_LENGTH } from '../event-bounds.js';
import type { MetricAggregation } from '../../generated/prisma/enums.js';
import {
  EVENT_AGGREGATIONS,
  isEventAggregation,
  parsePropertyPath,
  type FilterOperator,
  type StoredCupedSettings,
  type StoredEventDefinition,
  type StoredEventMeasure,
  type StoredPrior,
  type StoredRatioDefinition,
  type StoredPropertyFilter,
} from './definition.js';

const SCALAR: FilterOperator[] = ['EQ', 'NEQ', 'CONTAINS'];
const NUMERIC: FilterOperator[] = ['GT', 'GTE', 'LT', 'LTE'];
const LIST: FilterOperator[] = ['IN', 'NOT_IN'];

/** Bounds that keep one metric's SQL small (every filter is a condition of the results query). */
export const MAX_FILTERS = 20;
export const MAX_FILTER_VALUES = 1000;
/** Characters in one filter value (a 10 MB value once cost 564 MB of memory on every results read). */
export const MAX_FILTER_VALUE_CHARS = 1000;
/**
 * Largest magnitude of a GT/GTE/LT/LTE value: 2^53 − 1. The engine compares Float64, which above
 * it no longer tells neighbouring integers apart, and @clickhouse/client refuses to send a larger
 * integer as a parameter, so `GTE "1e20"` broke every results read. Fractions of any size below
 * it (1e-300) are fine.
 */
export const MAX_NUMERIC_FILTER_VALUE = Number.MAX_SAFE_INTEGER;
/** Characters of all filter values of one definition together (every value is a query parameter). */
export const MAX_DEFINITION_VALUE_CHARS = 100_000;

/** Throws VALIDATION at `path` when `value` holds a control character (NUL included). */
function rejectControl(value: string, what: string, path: string[]): void {
  if (hasControlCharacter(value)) throw new ValidationError(`${what} must not contain ${CONTROL_CHARACTERS}`, path);
}

/** windowHours: null (no limit) or a whole number of hours ≥ 1. */
export function validateWindowHours(windowHours: number | null | undefined, path: string[]): number | null {
  const value = windowHours ?? null;
  if (value !== null && (!Number.isInteger(value) || value < 1)) {
    throw new ValidationError('windowHours must be a positive whole number of hours', path);
  }
  return value;
}

/** Monitoring settings: sensitivity (robust standard deviations) must be a positive finite number. */
export function validateMonitoring<M extends { sensitivity: number }>(monitoring: M, path: string[]): M {
  if (!(monitoring.sensitivity > 0 && Number.isFinite(monitoring.sensitivity))) {
    throw new ValidationError('sensitivity must be a positive number', [...path, 'sensitivity']);
  }
  return monitoring;
}

/** Checks an EVENT definition and returns it normalised; throws ValidationError with the field path. */
export function validateEventDefinition(
  aggregation: MetricAggregation,
  def: { event: string; filters: StoredPropertyFilter[] },
  path: string[],
): StoredEventDefinition {
  if (!isEventAggregation(aggregation)) {
    throw new ValidationError(
      `aggregation ${aggregation} does not apply to EVENT metrics; use one of ${EVENT_AGGREGATIONS.join(', ')}`,
      ['input', 'aggregation'],
    );
  }
  const event = def.event.trim();
  rejectControl(event, 'event', [...path, 'event']);
  if (!event || event.length > MAX_EVENT_NAME_LENGTH) throw new ValidationError(`event must be 1–${MAX_EVENT_NAME_LENGTH} characters`, [...path, 'event']);
  if (def.filters.length > MAX_FILTERS) {
    throw new ValidationError(`at most ${MAX_FILTERS} filters`, [...path, 'filters']);
  }
  const filters = def.filters.map((f, i) => validateFilter(f, [...path, 'filters', String(i)]));
  const chars = filters.reduce((sum, f) => sum + f.values.reduce((n, v) => n + v.length, 0), 0);
  if (chars > MAX_DEFINITION_VALUE_CHARS) {
    throw new ValidationError(`filter values may total at most ${MAX_DEFINITION_VALUE_CHARS} characters (found ${chars})`, [...path, 'filters']);
  }
  return { event, filters };
}

function validateFilter(f: StoredPropertyFilter, path: string[]): StoredPropertyFilter {
  rejectControl(f.property, 'property', [...path, 'property']);
  const parsed = parsePropertyPath(f.property);
  if (!parsed || parsed.key.length > 200) {
    throw new ValidationError('property must be traits.<key> or metadata.<key> (key of 1–200 characters)', [...path, 'property']);
  }
  const n = f.values.length;
  const bad = (message: string) => new ValidationError(`${f.operator} ${message}`, [...path, 'values']);
  if (f.operator === 'EXISTS' && n !== 0) throw bad('takes no values');
  if ((SCALAR.includes(f.operator) || NUMERIC.includes(f.operator)) && n !== 1) throw bad('takes exactly one value');
  if (LIST.includes(f.operator) && (n === 0 || n > MAX_FILTER_VALUES)) throw bad(`takes 1–${MAX_FILTER_VALUES} values`);
  f.values.forEach((v, i) => {
    const at = [...path, 'values', String(i)];
    if (v.length > MAX_FILTER_VALUE_CHARS) throw new ValidationError(`${f.operator} values must be at most ${MAX_FILTER_VALUE_CHARS} characters`, at);
    rejectControl(v, 'values', at);
  });
  if (NUMERIC.includes(f.operator) && !isNumeric(f.values[0]!)) throw bad('compares numbers: the value must be numeric');
  if (NUMERIC.includes(f.operator) && Math.abs(Number(f.values[0])) > MAX_NUMERIC_FILTER_VALUE) {
    throw bad(`compares numbers within ±${MAX_NUMERIC_FILTER_VALUE} (2^53 − 1, what the warehouse compares exactly)`);
  }
  if (f.operator === 'CONTAINS' && f.values[0] === '') throw bad('needs a non-empty value');
  return { property: f.property, operator: f.operator, values: f.values };
}

const isNumeric = (v: string) => v.trim() !== '' && Number.isFinite(Number(v));

/** Pre-exposure window of CUPED's covariate, days (default, bounds). */
export const DEFAULT_CUPED_PRE_EXPOSURE_DAYS = 14;
export const MAX_CUPED_PRE_EXPOSURE_DAYS = 90;
/** Largest |mean| and stddev of a prior on the relative lift (1e3 = ±100,000 %: anything beyond is a typo). */
export const MAX_PRIOR_MAGNITUDE = 1_000;

/** A side of a ratio as submitted: any aggregation until checked. */
type RatioSide = Omit<StoredEventMeasure, 'aggregation'> & { aggregation: MetricAggregation };

/**
 * A ratio EVENT definition (aggregation must be RATIO): numerator and denominator each an event
 * measure with an event aggregation (COUNT, SUM, MEAN, OCCURRENCE) and filters, bounded like a
 * plain definition (MAX_FILTERS per side; MAX_DEFINITION_VALUE_CHARS for both sides together).
 */
export function validateRatioDefinition(
  aggregation: MetricAggregation,
  def: { numerator: RatioSide; denominator: RatioSide },
  path: string[],
): StoredRatioDefinition {
  if (aggregation !== 'RATIO') {
    throw new ValidationError('a ratio definition needs aggregation RATIO', ['input', 'aggregation']);
  }
  const side = (m: RatioSide, name: string): StoredEventMeasure => {
    const at = [...path, name];
    const { event, filters } = validateEventDefinition(m.aggregation, m, at);
    return { event, aggregation: m.aggregation as StoredEventMeasure['aggregation'], filters };
  };
  const numerator = side(def.numerator, 'numerator');
  const denominator = side(def.denominator, 'denominator');
  const chars = [...numerator.filters, ...denominator.filters].reduce((sum, f) => sum + f.values.reduce((n, v) => n + v.length, 0), 0);
  if (chars > MAX_DEFINITION_VALUE_CHARS) {
    throw new ValidationError(`filter values may total at most ${MAX_DEFINITION_VALUE_CHARS} characters (found ${chars})`, path);
  }
  return { numerator, denominator };
}

/**
 * CUPED settings: preExposureDays a whole number in 1–MAX_CUPED_PRE_EXPOSURE_DAYS (default 14).
 * Not for ratio metrics: their covariate would need a pre-exposure numerator and denominator.
 */
export function validateCuped(
  cuped: { preExposureDays?: number | null } | null | undefined,
  ratio: boolean,
  path: string[],
): StoredCupedSettings | null {
  if (!cuped) return null;
  if (ratio) throw new ValidationError('CUPED applies to COUNT, SUM, MEAN and OCCURRENCE metrics, not to ratios', path);
  const days = cuped.preExposureDays ?? DEFAULT_CUPED_PRE_EXPOSURE_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_CUPED_PRE_EXPOSURE_DAYS) {
    throw new ValidationError(`preExposureDays must be a whole number of days from 1 to ${MAX_CUPED_PRE_EXPOSURE_DAYS}`, [...path, 'preExposureDays']);
  }
  return { preExposureDays: days };
}

/** A proper prior on the relative lift: finite mean within ±MAX_PRIOR_MAGNITUDE, stddev in (0, MAX_PRIOR_MAGNITUDE]. */
export function validatePrior(prior: { mean: number; stddev: number } | null | undefined, path: string[]): StoredPrior | null {
  if (!prior) return null;
  if (!(Number.isFinite(prior.mean) && Math.abs(prior.mean) <= MAX_PRIOR_MAGNITUDE)) {
    throw new ValidationError(`prior mean must be a finite number within ±${MAX_PRIOR_MAGNITUDE}`, [...path, 'mean']);
  }
  if (!(Number.isFinite(prior.stddev) && prior.stddev > 0 && prior.stddev <= MAX_PRIOR_MAGNITUDE)) {
    throw new ValidationError(`prior stddev must be in (0, ${MAX_PRIOR_MAGNITUDE}]`, [...path, 'stddev']);
  }
  return { mean: prior.mean, stddev: prior.stddev };
}
