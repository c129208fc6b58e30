/** The fact-table sandbox's configuration (LIFTGATE_FACT_*): defaults, per-environment overrides, every bad value reported. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';

describe('fact sandbox limits configuration', () => {
  it('has safe defaults and takes per-environment overrides by key', () => {
    expect(loadConfig({}).factLimits).toEqual({
      defaults: { maxExecutionSeconds: 30, maxResultRows: 10_000, maxRowsToRead: 1_000_000_000, maxMemoryBytes: 4 * 1024 ** 3 },
      byEnvironment: {},
    });
    const config = loadConfig({ LIFTGATE_FACT_MAX_RESULT_ROWS: '500', LIFTGATE_FACT_LIMITS_BY_ENVIRONMENT: '{"prod":{"maxExecutionSeconds":5}}' });
    expect(config.factLimits.defaults.maxResultRows).toBe(500);
    expect(config.factLimits.byEnvironment).toEqual({ prod: { maxExecutionSeconds: 5 } });
  });

  it('reports malformed values, unknown limits and non-JSON overrides', () => {
    for (const env of [
      { LIFTGATE_FACT_MAX_EXECUTION_SECONDS: '0' },
      { LIFTGATE_FACT_LIMITS_BY_ENVIRONMENT: 'not json' },
      { LIFTGATE_FACT_LIMITS_BY_ENVIRONMENT: '{"prod":{"maxRows":1}}' },
      { LIFTGATE_FACT_LIMITS_BY_ENVIRONMENT: '{"prod":{"maxMemoryBytes":-1}}' },
    ]) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(ConfigError);
    }
  });
});
