// Prisma 7 CLI configuration: schema and migrations paths. The app itself applies migrations
// through @prisma/schema-engine-wasm (src/db/migrate.ts); this file serves `prisma generate`
// and, for users with the native engine, `prisma migrate deploy` against DATABASE_URL.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/liftgate' },
});
