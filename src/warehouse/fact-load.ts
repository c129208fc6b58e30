/**
 * Loading a file into an environment's warehouse database (the embedded default's loader,
 * `npm run warehouse:load`; on a ClickHouse server operators use their own pipelines). The engine
 * reads and parses the file itself (`file(path, format)`, path and format bound), in the
 * loader's own session, never the sandbox's: no parser of ours.
 *
 * The table is created from the file's inferred schema when absent (MergeTree, no sort key),
 * else the rows are appended (the file's columns must then match the table's, by position).
 */
import { extname } from 'node:path';
import type { WarehouseQueries } from './query.js';
import { identifier, param, sql } from './sql.js';

/** Formats the loader accepts, by file extension. */
export const LOAD_FORMATS: Record<string, 'CSVWithNames' | 'JSONEachRow' | 'Parquet'> = {
  '.csv': 'CSVWithNames',
  '.json': 'JSONEachRow',
  '.jsonl': 'JSONEachRow',
  '.ndjson': 'JSONEachRow',
  '.parquet': 'Parquet',
};

/** A table name the loader may create: a plain identifier, not `events` (user SQL's name for the environment's events). */
export function validateTableName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) throw new TypeError(`table must be a plain identifier (letters, digits, underscore), got ${JSON.stringify(name)}`);
  if (name.toLowerCase() === 'events') throw new TypeError('table "events" is reserved: fact-table SQL reads the environment\'s events under that name');
  return name;
}

/** The format of a file from its extension; TypeError for others. */
export function formatOf(path: string): (typeof LOAD_FORMATS)[string] {
  const format = LOAD_FORMATS[extname(path).toLowerCase()];
  if (!format) throw new TypeError(`unknown file type ${JSON.stringify(extname(path))}: use ${Object.keys(LOAD_FORMATS).join(', ')}`);
  return format;
}

/** Loads `path` into `database`.`table`; returns the table's row count afterwards. */
export async function loadFactFile(queries: WarehouseQueries, opts: { database: string; table: string; path: string }): Promise<number> {
  const target = sql`${identifier(opts.database)}.${identifier(validateTableName(opts.table))}`;
  const source = sql`file(${param(opts.path, 'String', 'path')}, ${param(formatOf(opts.path), 'String', 'format')})`;
  const [exists] = await queries.query<{ n: number | string }>(
    'facts.load',
    sql`SELECT count() AS n FROM system.tables WHERE database = ${param(opts.database, 'String', 'db')} AND name = ${param(opts.table, 'String', 'table')}`,
  );
  if (Number(exists?.n ?? 0) > 0) {
    await queries.command('facts.load', sql`INSERT INTO ${target} SELECT * FROM ${source}`, { settings: { async_insert: 0, wait_for_async_insert: 0 } });
  } else {
    await queries.command('facts.load', sql`CREATE TABLE ${target} ENGINE = MergeTree ORDER BY tuple() AS SELECT * FROM ${source}`);
  }
  const [count] = await queries.query<{ n: number | string }>('facts.load', sql`SELECT count() AS n FROM ${target}`);
  return Number(count?.n ?? 0);
}
