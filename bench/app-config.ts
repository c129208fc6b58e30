/**
 * The configuration every in-process bench starts the app with: the environment's settings, then
 * an ephemeral port on loopback, a fresh data dir and bootstrap token, quiet logs, no metrics
 * listener (a taken port 9464 must not fail a bench), no monitoring or snapshot scheduler (their
 * ticks would be measured too) and no ingestion rate limit; `overrides` last.
 */
import { loadConfig, type Config } from '../src/config/env.js';

export function benchConfig(dataDir: string, token: string, overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LIFTGATE_DATA_DIR: dataDir,
    LIFTGATE_BOOTSTRAP_TOKEN: token,
    LOG_LEVEL: 'warn',
    LIFTGATE_METRICS_ADDR: 'off',
    LIFTGATE_MONITORING_SCHEDULER: 'off',
    LIFTGATE_RESULTS_SNAPSHOTS: 'off',
    LIFTGATE_RATE_LIMIT_EVENTS_PER_SECOND: '0',
    ...overrides,
  });
}
