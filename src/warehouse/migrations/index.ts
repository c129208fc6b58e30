/**
 * Versioned warehouse DDL, applied in order at start. Each statement is idempotent
 * (IF NOT EXISTS …) so a crash between a statement and its bookkeeping row is harmless.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import events from './001-events.js';

export interface WarehouseMigration {
  version: number;
  name: string;
  statements: string[];
}

export const MIGRATIONS: WarehouseMigration[] = [events];

/** Applies migrations newer than the recorded version; returns the names applied now. */
export async function migrateWarehouse(client: ClickHouseClient): Promise<string[]> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (
      version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
    ) ENGINE = MergeTree ORDER BY version`,
  });
  const rs = await client.query({
    query: 'SELECT max(version) AS v FROM schema_migrations',
    format: 'JSONEachRow',
    query_id: `warehouse.migrations.${Date.now()}`,
  });
  const [row] = await rs.json<{ v: number | string }>();
  const current = Number(row?.v ?? 0);
  const applied: string[] = [];
  for (const m of MIGRATIONS.filter((m) => m.version > current)) {
    for (const statement of m.statements) await client.command({ query: statement });
    await client.insert({
      table: 'schema_migrations',
      values: [{ version: m.version, name: m.name }],
      format: 'JSONEachRow',
      clickhouse_settings: { async_insert: 0, wait_for_async_insert: 0 },
    });
    applied.push(`${String(m.version).padStart(3, '0')}-${m.name}`);
  }
  return applied;
}
