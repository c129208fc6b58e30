/**
 * The control-plane store: one Prisma client per process, over PostgreSQL (`DATABASE_URL`,
 * @prisma/adapter-pg) or an embedded PGlite under `<dataDir>/pglite`. Migrations are applied
 * before the client is handed out.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations } from './migrate.js';
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
    const appliedMigrations = await applyMigrations(factory);
    const prisma = new PrismaClient({ adapter: observedAdapterFactory(factory) });
    return { prisma, kind: 'postgres', appliedMigrations, close: () => prisma.$disconnect() };
  }
  const dir = join(opts.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const pglite = new PGlite(dir);
  const factory = new PrismaPGlite(pglite);
  const appliedMigrations = await applyMigrations(factory);
  const prisma = new PrismaClient({ adapter: observedAdapterFactory(factory) });
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
