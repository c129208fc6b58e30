/**
 * Applies the Prisma migrations in prisma/migrations with the WebAssembly schema engine
 * (`@prisma/schema-engine-wasm`), so no native engine download is needed. `applyMigrations` has
 * `prisma migrate deploy` semantics and writes the same `_prisma_migrations` table, so a user
 * with the native CLI can run `prisma migrate deploy` on the same database and files.
 * Node 20 needs `--experimental-wasm-modules` to import the engine (set in package.json scripts).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

export const PRISMA_SCHEMA_PATH = resolve(import.meta.dirname, '../../prisma/schema.prisma');
export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../prisma/migrations');

type SchemaEngine = Awaited<ReturnType<typeof import('@prisma/schema-engine-wasm').SchemaEngine.new>>;
type MigrationList = Parameters<SchemaEngine['applyMigrations']>[0]['migrationsList'];

const NO_FILTER = { externalTables: [], externalEnums: [] };

/** Reads prisma/migrations in the shape the schema engine expects (dirs sorted by name). */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const content = await readFile(join(dir, name, 'migration.sql'), 'utf8').then(
        (value) => ({ tag: 'ok' as const, value }),
        (err: Error) => ({ tag: 'error' as const, value: err.message }),
      );
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  const lockPath = join(dir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Opens the wasm schema engine on a driver adapter factory (PGlite or pg). */
export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<SchemaEngine> {
  const { SchemaEngine } = await import('@prisma/schema-engine-wasm');
  const datamodel = await readFile(PRISMA_SCHEMA_PATH, 'utf8');
  return SchemaEngine.new(
    { datamodels: [[PRISMA_SCHEMA_PATH, datamodel]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}

/**
 * Whether every migration folder is recorded as applied (finished, not rolled back) in
 * `_prisma_migrations`, read with `query` (one statement). False when the table does not exist
 * yet. Lets a start on an up-to-date database skip loading the schema engine (seconds of
 * WebAssembly compilation); anything else — a new folder, a failed or rolled-back migration — goes
 * through `applyMigrations`, which applies or reports it.
 */
export async function migrationsUpToDate(query: (sql: string) => Promise<{ migration_name: string }[]>, dir = MIGRATIONS_DIR): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  let rows: { migration_name: string }[];
  try {
    rows = await query(
      'SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL',
    );
  } catch {
    return false; // no table yet: a fresh database
  }
  const applied = new Set(rows.map((r) => r.migration_name));
  return folders.every((name) => applied.has(name));
}

/** Applies pending migrations; returns the names of those applied now. */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<string[]> {
  const engine = await openSchemaEngine(adapterFactory);
  try {
    const migrationsList = await loadMigrations();
    const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return out.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * SQL that brings a database built from the existing migrations to the current schema.prisma
 * (empty string when they agree). Uses the adapter's shadow database.
 */
export async function diffMigrationsToSchema(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<string> {
  const engine = await openSchemaEngine(adapterFactory);
  try {
    const datamodel = await readFile(PRISMA_SCHEMA_PATH, 'utf8');
    const out = await engine.diff({
      from: { tag: 'migrations', ...(await loadMigrations()) },
      to: { tag: 'schemaDatamodel', files: [{ path: PRISMA_SCHEMA_PATH, content: datamodel }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const sql = out.stdout ?? '';
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? '' : sql;
  } finally {
    engine.free();
  }
}
