import { configDefaults, defineConfig } from 'vitest/config';

// Forks: libchdb binds one data directory per process, so each test file gets its own process
// (and its own temp data dir / database names).
export default defineConfig({
  // Node resolves `graphql` to its CommonJS build (no "exports" map); Vite would pick the ESM
  // build for our files only, giving two graphql instances next to Pothos/Yoga. Use Node's choice.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    pool: 'forks',
    // test/redis needs Redis and PostgreSQL on 127.0.0.1: `npm run test:redis` (vitest.redis.config.ts);
    // test/browser needs chromium: `npm run test:browser` (vitest.browser.config.ts).
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/redis/**', 'test/browser/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    execArgv: ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning'],
  },
});
