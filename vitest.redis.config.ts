import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The suites that need Redis and PostgreSQL on 127.0.0.1 (`npm run test:redis`): the base
// configuration with test/redis included instead of excluded.
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/redis/**/*.test.ts'], exclude: configDefaults.exclude },
});
