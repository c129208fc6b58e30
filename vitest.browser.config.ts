import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:browser`: the suites that drive Debian's chromium through playwright-core
// (test/browser). `.ci/run` installs chromium first; a missing browser fails them, never skips.
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/browser/**/*.test.ts'], exclude: configDefaults.exclude },
});
