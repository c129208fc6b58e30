/**
 * `npm run warehouse:load -- --env <environment key> --table <name> <file>`: loads a CSV (with a
 * header row), JSON-lines or Parquet file (format from the extension: .csv, .json/.jsonl/.ndjson,
 * .parquet) into the environment's own warehouse database, where its fact tables' SQL reads it
 * as `<name>`. The engine parses the file (src/warehouse/fact-load.ts). Creates the table from the
 * file's schema when absent, else appends. For the embedded warehouse: stop the gateway first
 * (one process owns the data directory); on a ClickHouse server load with your own pipelines into
 * the database this prints.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/env.js';
import { openControlPlane } from '../src/db/client.js';
import { lockDataDir } from '../src/lib/data-dir-lock.js';
import { openWarehouse } from '../src/warehouse/client.js';
import { loadFactFile } from '../src/warehouse/fact-load.js';
import { environmentDatabase } from '../src/warehouse/sandbox.js';
import { identifier, sql } from '../src/warehouse/sql.js';

const { values, positionals } = parseArgs({ options: { env: { type: 'string' }, table: { type: 'string' } }, allowPositionals: true });
if (!values.env || !values.table || positionals.length !== 1) {
  console.error('usage: npm run warehouse:load -- --env <environment key> --table <name> <file.csv|.json|.jsonl|.parquet>');
  process.exit(2);
}
const config = loadConfig();
const lock = !config.databaseUrl || !config.clickhouseUrl ? await lockDataDir(config.dataDir) : null;
const controlPlane = await openControlPlane({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const env = await controlPlane.prisma.environment.findUnique({ where: { key: values.env } });
  if (!env) throw new Error(`no environment with key ${JSON.stringify(values.env)}`);
  const warehouse = await openWarehouse({ clickhouseUrl: config.clickhouseUrl, database: config.clickhouseDatabase, dataDir: config.dataDir });
  try {
    const database = environmentDatabase(config.clickhouseDatabase, env.id);
    await warehouse.queries.command('facts.setup', sql`CREATE DATABASE IF NOT EXISTS ${identifier(database)}`);
    const rows = await loadFactFile(warehouse.queries, { database, table: values.table, path: resolve(positionals[0]!) });
    console.log(`${database}.${values.table}: ${rows} rows`);
  } finally {
    await warehouse.close();
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await controlPlane.close();
  await lock?.release();
}
