/**
 * Versioned warehouse DDL, applied in order at start. Each statement is idempotent
 * (IF NOT EXISTS …) and each `apply` step checks where it stands first, so a crash between a
 * step and its bookkeeping row is harmless.
 */
import { QUERY_FAMILIES, type WarehouseQueries } from '../query.js';
import { sql, trusted } from '../sql.js';
import events from './001-events.js';
import eventsLayout from './002-events-layout.js';
import type { WarehouseMigration } from './migration.js';

export type { WarehouseMigration } from './migration.js';

export const MIGRATIONS: WarehouseMigration[] = [events, eventsLayout];

/**
 * Applies migrations newer than the recorded version (up to `opts.upTo`, for tests that build an
 * older layout); returns the names applied now. Throws WarehouseError.
 */
export async function migrateWarehouse(warehouse: WarehouseQueries, opts: { upTo?: number } = {}): Promise<string[]> {
  const family = QUERY_FAMILIES.migrations;
  await warehouse.command(
    family,
    sql`CREATE TABLE IF NOT EXISTS schema_migrations (
      version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
    ) ENGINE = MergeTree ORDER BY version`,
  );
  const [row] = await warehouse.query<{ v: number | string }>(family, sql`SELECT max(version) AS v FROM schema_migrations`);
  const current = Number(row?.v ?? 0);
  const applied: string[] = [];
  for (const m of MIGRATIONS.filter((m) => m.version > current && m.version <= (opts.upTo ?? Infinity))) {
    // The DDL is code in this repository (migrations/*.ts), spliced as trusted text.
    for (const statement of m.statements) await warehouse.command(family, trusted(statement));
    await m.apply?.(warehouse);
    await warehouse.insert(
      family,
      { table: 'schema_migrations', columns: ['version', 'name'], format: 'JSONEachRow', data: `${JSON.stringify({ version: m.version, name: m.name })}\n` },
      { settings: { async_insert: 0, wait_for_async_insert: 0 } },
    );
    applied.push(`${String(m.version).padStart(3, '0')}-${m.name}`);
  }
  return applied;
}
