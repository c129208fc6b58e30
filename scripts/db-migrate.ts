/**
 * `npm run db:migrate`: applies pending Prisma migrations to DATABASE_URL, or to the PGlite
 * database under LIFTGATE_DATA_DIR (the server also does this at every start).
 */
import { loadConfig } from '../src/config/env.js';
import { openControlPlane } from '../src/db/client.js';

const config = loadConfig();
const store = await openControlPlane({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
console.log(
  store.appliedMigrations.length
    ? `applied ${store.appliedMigrations.join(', ')} (${store.kind})`
    : `no pending migrations (${store.kind})`,
);
await store.close();
