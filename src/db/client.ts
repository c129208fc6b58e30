/**
 * The control-plane store: one Prisma client per process, over PostgreSQL (`DATABASE_URL`,
 * @prisma/adapter-pg) or an embedded PGlite under `<dataDir>/pglite`. Migrations are applied
 * before the client is handed out; when `_prisma_migrations` already lists every migration
 * folder, the schema engine is not loaded at all (migrate.ts `migrationsUpToDate`).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations, migrationsUpToDate } from './migrate.js';
import { observedAdapterFactory } from './query-channel.js';

export type { PrismaClient };

export interface ControlPlane {
  prisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  /** Names of migrations applied by this start. */
  appliedMigrations: string[];
  close(): Promise<void>;
}

/** Opens the store, applies pending migrations, returns the client. */
export async function openControlPlane(opts: {
  databaseUrl: string | undefined;
  dataDir: string;
}): Promise<ControlPlane> {
  if (opts.databaseUrl) {
    const factory = new PrismaPg({ connectionString: opts.databaseUrl });
    const prisma = new PrismaClient({ adapter: observedAdapterFactory(factory) });
    const appliedMigrations = await migrateIfBehind(prisma, factory);
    return { prisma, kind: 'postgres', appliedMigrations, close: () => prisma.$disconnect() };
  }
  const dir = join(opts.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const pglite = new PGlite(dir);
  const factory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: observedAdapterFactory(factory) });
  const appliedMigrations = await migrateIfBehind(prisma, factory).catch(async (err: unknown) => {
    await pglite.close();
    throw err;
  });
  return {
    prisma,
    kind: 'pglite',
    appliedMigrations,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

/** Applies pending migrations unless the database is up to date; the names applied now. */
async function migrateIfBehind(prisma: PrismaClient, factory: Parameters<typeof applyMigrations>[0]): Promise<string[]> {
  if (await migrationsUpToDate((sql) => prisma.$queryRawUnsafe(sql))) return [];
  return applyMigrations(factory);
}
