/**
 * The only module that reads process.env. Every variable is validated at once and all problems
 * are reported together. README.md and .env.example list the same variables.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LIFTGATE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  CLICKHOUSE_URL: z.url().optional(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
    .default('liftgate'),
  LIFTGATE_BOOTSTRAP_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LIFTGATE_MAX_BODY_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  LIFTGATE_MAX_EVENTS_PER_BATCH: z.coerce.number().int().positive().default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type Env = z.infer<typeof schema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  clickhouseUrl: string | undefined;
  clickhouseDatabase: string;
  bootstrapToken: string | undefined;
  maxBodyBytes: number;
  maxEventsPerBatch: number;
  logLevel: Env['LOG_LEVEL'];
  production: boolean;
}

/** Parses an environment (default process.env) into Config; throws listing every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.LIFTGATE_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    clickhouseUrl: e.CLICKHOUSE_URL,
    clickhouseDatabase: e.CLICKHOUSE_DATABASE,
    bootstrapToken: e.LIFTGATE_BOOTSTRAP_TOKEN,
    maxBodyBytes: e.LIFTGATE_MAX_BODY_BYTES,
    maxEventsPerBatch: e.LIFTGATE_MAX_EVENTS_PER_BATCH,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
  };
}

/** Whether NODE_ENV is production, for modules built at import time, before loadConfig runs. */
export function isProductionEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}
