/**
 * Pure validation of fact-table input (no I/O): bounds on the SQL, the column names the gateway
 * splices into its own SQL (timestamp, identifiers: plain identifiers only) and the row filters.
 * What the engine decides (one safe SELECT, types, boolean filters) is checked by the service
 * through the sandbox.
 */
import { hasControlCharacter } from '../../lib/text.js';
import { ValidationError } from '../errors.js';
import { columnBucket, type StoredFactColumn } from './definition.js';

/** Characters of a fact table's SQL. */
export const MAX_FACT_SQL_CHARS = 20_000;
/** Identifier columns of one fact table. */
export const MAX_IDENTIFIER_COLUMNS = 10;
/** Row filters of one fact table, and characters of one filter's SQL and name. */
export const MAX_ROW_FILTERS = 20;
export const MAX_ROW_FILTER_SQL_CHARS = 2_000;
export const MAX_ROW_FILTER_NAME_CHARS = 100;
/** Sample rows a preview may ask for. */
export const MAX_PREVIEW_ROWS = 1_000;

/** Column names the gateway writes into its own SQL: a plain identifier. */
const PLAIN_COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The SQL text: 1–MAX_FACT_SQL_CHARS characters, no NUL. */
export function validateFactSql(text: string, path: string[]): string {
  if (!text.trim() || text.length > MAX_FACT_SQL_CHARS) throw new ValidationError(`sql must be 1–${MAX_FACT_SQL_CHARS} characters`, path);
  if (text.includes('\u0000')) throw new ValidationError('sql must not contain NUL', path);
  return text;
}

/** A preview's row count: 1–MAX_PREVIEW_ROWS. */
export function validatePreviewLimit(limit: number, path: string[]): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PREVIEW_ROWS) throw new ValidationError(`limit must be 1–${MAX_PREVIEW_ROWS}`, path);
  return limit;
}

/** A column the gateway names in its SQL: a plain identifier among `columns`; its stored column. */
export function requireColumn(columns: StoredFactColumn[], name: string, path: string[], what: string): StoredFactColumn {
  if (!PLAIN_COLUMN.test(name)) {
    throw new ValidationError(`${what} must be a plain column name (letters, digits, underscore); alias the column in the SQL`, path);
  }
  const column = columns.find((c) => c.name === name);
  if (!column) throw new ValidationError(`${what} ${name} is not a column of the fact table (columns: ${columns.map((c) => c.name).join(', ')})`, path);
  return column;
}

/** The timestamp column: an existing TIMESTAMP column. */
export function validateTimestampColumn(columns: StoredFactColumn[], name: string, path: string[]): string {
  const column = requireColumn(columns, name, path, 'timestampColumn');
  if (column.type !== 'TIMESTAMP') throw new ValidationError(`timestampColumn ${name} is ${column.warehouseType}, not a TIMESTAMP (Date, DateTime, DateTime64)`, path);
  return name;
}

/** Identifier columns: 1–MAX_IDENTIFIER_COLUMNS distinct existing columns. */
export function validateIdentifierColumns(columns: StoredFactColumn[], names: string[], path: string[]): string[] {
  if (names.length === 0 || names.length > MAX_IDENTIFIER_COLUMNS) throw new ValidationError(`identifierColumns must name 1–${MAX_IDENTIFIER_COLUMNS} columns`, path);
  if (new Set(names).size !== names.length) throw new ValidationError('identifierColumns must be distinct', path);
  names.forEach((n, i) => requireColumn(columns, n, [...path, String(i)], 'identifier column'));
  return names;
}

/** Row filters' names and text bounds (their SQL is checked by the engine afterwards). */
export function validateRowFilterInput(filters: { name: string; sql: string }[], path: string[]): { name: string; sql: string }[] {
  if (filters.length > MAX_ROW_FILTERS) throw new ValidationError(`at most ${MAX_ROW_FILTERS} row filters`, path);
  const seen = new Set<string>();
  return filters.map((f, i) => {
    const name = f.name.trim();
    if (!name || name.length > MAX_ROW_FILTER_NAME_CHARS || hasControlCharacter(name)) {
      throw new ValidationError(`a row filter name is 1–${MAX_ROW_FILTER_NAME_CHARS} characters without control characters`, [...path, String(i), 'name']);
    }
    if (seen.has(name)) throw new ValidationError(`row filter names must be distinct (${name})`, [...path, String(i), 'name']);
    seen.add(name);
    if (!f.sql.trim() || f.sql.length > MAX_ROW_FILTER_SQL_CHARS || f.sql.includes('\u0000')) {
      throw new ValidationError(`a row filter's sql is 1–${MAX_ROW_FILTER_SQL_CHARS} characters`, [...path, String(i), 'sql']);
    }
    return { name, sql: f.sql };
  });
}

/** Introspected columns from the engine's (name, type) pairs. */
export function toStoredColumns(described: { name: string; type: string }[]): StoredFactColumn[] {
  return described.map((c) => ({ name: c.name, type: columnBucket(c.type), warehouseType: c.type }));
}
