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
  // Unset = 2 × LIFTGATE_MAX_BODY_BYTES (see loadConfig).
  LIFTGATE_GRAPHQL_MAX_BODY_BYTES: z.coerce.number().int().positive().optional(),
  // At most 10 years: the warehouse's DateTime64 ends in 2299 and rejects later values.
  LIFTGATE_EVENT_MAX_FUTURE_SECONDS: z.coerce.number().int().nonnegative().max(10 * 365 * 86_400).default(24 * 3600),
  LIFTGATE_EVENT_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(30 * 24 * 3600),
  LIFTGATE_RATE_LIMIT_EVENTS_PER_SECOND: z.coerce.number().nonnegative().default(10_000),
  LIFTGATE_RATE_LIMIT_BURST_EVENTS: z.coerce.number().int().positive().default(50_000),
  LIFTGATE_INGEST_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  LIFTGATE_INGEST_MAX_QUEUED_EVENTS: z.coerce.number().int().positive().default(100_000),
  LIFTGATE_DEDUP_WINDOW_SECONDS: z.coerce.number().int().positive().default(3600),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  LIFTGATE_REDIS_KEY_PREFIX: z.string().min(1).max(100).default('liftgate:'),
  LIFTGATE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LIFTGATE_METRICS_ADDR: z
    .string()
    .refine(
      (v) => v === 'off' || (/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(v) && Number(v.slice(v.lastIndexOf(':') + 1)) <= 65535),
      'must be host:port with a port of 0–65535 (e.g. 127.0.0.1:9464, [::1]:9464) or off',
    )
    .default('127.0.0.1:9464'),
  // Longest a replica serves cached experiment configuration (src/domain/experiment/config-cache.ts), ms; 0 = no cache.
  LIFTGATE_CONFIG_CACHE_MAX_AGE_MS: z.coerce.number().int().nonnegative().max(3_600_000).default(1_000),
  LIFTGATE_READY_FAILURE_WINDOW_SECONDS: z.coerce.number().int().positive().default(30),
  LIFTGATE_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(
      z
        .array(z.union([z.literal('*'), z.url().regex(/^https?:\/\/[^/]+$/, 'each origin is scheme://host[:port] without a path')]))
        // '*' admits every origin (never with credentials); mixing it with a list is a mistake.
        .refine((origins) => !origins.includes('*') || origins.length === 1, '"*" must be the only entry'),
    ),
  LIFTGATE_AUTH_FAILURES_PER_WINDOW: z.coerce.number().int().nonnegative().default(20),
  LIFTGATE_AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  LIFTGATE_API_TOKEN_MAX_LIFETIME_DAYS: z.coerce.number().int().positive().max(3650).default(365),
  // GraphQL operation limits (src/graphql/limits.ts); README "Operation limits" explains the defaults.
  LIFTGATE_GRAPHQL_MAX_DEPTH: z.coerce.number().int().positive().default(12),
  LIFTGATE_GRAPHQL_MAX_ALIASES: z.coerce.number().int().nonnegative().default(15),
  LIFTGATE_GRAPHQL_MAX_TOKENS: z.coerce.number().int().positive().max(10_000, 'larger documents can nest deep enough to overflow the validator').default(1_000),
  LIFTGATE_GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().nonnegative().default(10),
  LIFTGATE_GRAPHQL_MAX_COST: z.coerce.number().int().positive().default(3_000),
  LIFTGATE_GRAPHQL_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  // Limits of each analytical read (results): SETTINGS of the statement (src/warehouse/query.ts).
  LIFTGATE_WAREHOUSE_READ_MAX_MEMORY_BYTES: z.coerce.number().int().nonnegative().default(4 * 1024 ** 3),
  LIFTGATE_WAREHOUSE_READ_MAX_ROWS_TO_READ: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(1_000_000_000),
  LIFTGATE_WAREHOUSE_READ_MAX_EXECUTION_SECONDS: z.coerce.number().int().positive().default(60),
  // Limits of the fact-table sandbox (src/warehouse/sandbox.ts): every query that runs user SQL
  // (previews, introspection, results with fact metrics). Per-environment overrides below.
  LIFTGATE_FACT_MAX_EXECUTION_SECONDS: z.coerce.number().int().positive().max(3600).default(30),
  LIFTGATE_FACT_MAX_RESULT_ROWS: z.coerce.number().int().positive().max(10_000_000).default(10_000),
  LIFTGATE_FACT_MAX_ROWS_TO_READ: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).default(1_000_000_000),
  LIFTGATE_FACT_MAX_MEMORY_BYTES: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).default(4 * 1024 ** 3),
  // JSON: { "<environment key>": { "maxExecutionSeconds"?, "maxResultRows"?, "maxRowsToRead"?, "maxMemoryBytes"? } }.
  LIFTGATE_FACT_LIMITS_BY_ENVIRONMENT: z
    .string()
    .default('{}')
    .transform((v, ctx) => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(
      z.record(
        z.string().min(1),
        z
          .object({
            maxExecutionSeconds: z.number().int().positive().max(3600).optional(),
            maxResultRows: z.number().int().positive().max(10_000_000).optional(),
            maxRowsToRead: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
            maxMemoryBytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
          })
          .strict(),
      ),
    ),
  // Live results (Subscription.experimentResults): least time between two reads of one experiment.
  // At most 4 s, so results are re-sent within 5 s of new events (the read itself takes the rest).
  LIFTGATE_LIVE_RESULTS_INTERVAL_MS: z.coerce.number().int().min(100).max(4_000).default(2_000),
  // Metric monitoring (src/jobs/monitoring-scheduler.ts).
  LIFTGATE_MONITORING_SCHEDULER: z.enum(['on', 'off']).default('on'),
  LIFTGATE_MONITORING_TICK_SECONDS: z.coerce.number().int().positive().max(3600).default(60),
  LIFTGATE_MONITORING_LATENESS_SECONDS: z.coerce.number().int().nonnegative().max(7 * 86_400).default(300),
  // Daily results snapshots of ACTIVE experiments (src/jobs/snapshot-scheduler.ts).
  LIFTGATE_RESULTS_SNAPSHOTS: z.enum(['on', 'off']).default('on'),
  LIFTGATE_RESULTS_SNAPSHOT_TICK_SECONDS: z.coerce.number().int().positive().max(86_400).default(600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
}).superRefine((e, ctx) => {
  // A full batch must be able to pass the rate limiter and fit in the insert queue, or an SDK
  // would be refused forever.
  if (e.LIFTGATE_RATE_LIMIT_EVENTS_PER_SECOND > 0 && e.LIFTGATE_RATE_LIMIT_BURST_EVENTS < e.LIFTGATE_MAX_EVENTS_PER_BATCH) {
    ctx.addIssue({ code: 'custom', path: ['LIFTGATE_RATE_LIMIT_BURST_EVENTS'], message: 'must be at least LIFTGATE_MAX_EVENTS_PER_BATCH' });
  }
  if (e.LIFTGATE_INGEST_MAX_QUEUED_EVENTS < e.LIFTGATE_MAX_EVENTS_PER_BATCH) {
    ctx.addIssue({ code: 'custom', path: ['LIFTGATE_INGEST_MAX_QUEUED_EVENTS'], message: 'must be at least LIFTGATE_MAX_EVENTS_PER_BATCH' });
  }
});

export type Env = z.infer<typeof schema>;

/** GraphQL operation limits (LIFTGATE_GRAPHQL_*), applied by src/graphql/limits.ts. */
export interface OperationLimits {
  /** Deepest field nesting, counting the root field as 1 (fragments count where spread). */
  maxDepth: number;
  /** Aliased fields in one operation (`__typename` aliases are free). */
  maxAliases: number;
  /** Lexical tokens in one document (names, punctuation, values); whitespace and comments are free. */
  maxTokens: number;
  /** Directives in one operation. */
  maxDirectives: number;
  /** Cost budget of one operation: see ./cost.ts for the weights. */
  maxCost: number;
  /** Wall-clock budget of one execution, in milliseconds. */
  timeoutMs: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  clickhouseUrl: string | undefined;
  clickhouseDatabase: string;
  bootstrapToken: string | undefined;
  /** Largest POST /v1/events body, bytes. */
  maxBodyBytes: number;
  maxEventsPerBatch: number;
  /** Largest POST /graphql body, bytes (413 PAYLOAD_TOO_LARGE above). */
  graphqlMaxBodyBytes: number;
  ingestion: IngestionConfig;
  /** Redis shared by the replicas (ingestion rate limit); undefined = process-local state. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key this deployment writes. */
  redisKeyPrefix: string;
  /** Bearer secret that /metrics requires (on either listener); undefined = none. */
  metricsToken: string | undefined;
  /** Separate listener for /metrics ({host, port}; port 0 = a free one), or null (off). */
  metricsListener: { host: string; port: number } | null;
  /**
   * Longest a replica serves cached experiment configuration, ms (0 = no cache). Changes reach
   * the changing replica at once and the others through the change feed in milliseconds; this
   * bounds what a lost message could leave stale.
   */
  configCacheMaxAgeMs: number;
  /** Window of recent write failures (ingestion 503, warehouse write errors) that make /readyz 503, ms. */
  readyFailureWindowMs: number;
  /** Origins browsers may call from (CORS); [] = same-origin only; ['*'] = any, without credentials. */
  corsOrigins: string[];
  /** Failed authentications per client IP within `authFailureWindowMs` before 429; 0 = no throttling. */
  authFailuresPerWindow: number;
  authFailureWindowMs: number;
  /** Longest lifetime an API token may be created with (expiresAt bound), ms. */
  apiTokenMaxLifetimeMs: number;
  /** GraphQL operation limits (src/graphql/limits.ts applies them). */
  graphqlLimits: OperationLimits;
  /** Limits of each analytical warehouse read (LIFTGATE_WAREHOUSE_READ_*). */
  warehouseReadLimits: WarehouseReadLimits;
  /** Limits of the fact-table sandbox (LIFTGATE_FACT_*): defaults and per-environment overrides by key. */
  factLimits: FactLimitsConfig;
  /** Least time between two reads of one experiment's live results (subscriptions), ms. */
  liveResultsIntervalMs: number;
  /** Metric monitoring scheduler (LIFTGATE_MONITORING_*). */
  monitoring: MonitoringConfig;
  /** Daily results snapshots of ACTIVE experiments (LIFTGATE_RESULTS_SNAPSHOT*). */
  snapshots: { schedulerEnabled: boolean; tickMs: number };
  logLevel: Env['LOG_LEVEL'];
  production: boolean;
}

/** The monitoring scheduler: whether this process runs it, how often it looks, how long it waits for late events. */
export interface MonitoringConfig {
  schedulerEnabled: boolean;
  /** Time between looks for closed buckets, ms. */
  tickMs: number;
  /** A bucket is evaluated this long after it ends (late events still count), ms. */
  latenessMs: number;
}

/**
 * Limits of each analytical warehouse read (a results read), so one cannot exhaust the process
 * (chDB runs in it): past one, the read fails with WAREHOUSE_LIMIT. 0 = no limit (memory, rows).
 */
export interface WarehouseReadLimits {
  /** Memory one read may use, bytes (max_memory_usage). */
  maxMemoryBytes: number;
  /** Rows one read may scan, over every table it reads (max_rows_to_read). */
  maxRowsToRead: number;
  /** Wall-clock time one read may run, seconds (max_execution_time). */
  maxExecutionSeconds: number;
}

/**
 * Limits of every query that runs user SQL (src/warehouse/sandbox.ts), set on its locked session
 * before `readonly=1`; past one, the query fails with WAREHOUSE_LIMIT naming it.
 */
export interface FactLimits {
  /** Wall-clock time of one query, seconds (max_execution_time). */
  maxExecutionSeconds: number;
  /** Rows one query may answer (max_result_rows): bounds previews. */
  maxResultRows: number;
  /** Rows one query may scan over every table it reads, events included (max_rows_to_read). */
  maxRowsToRead: number;
  /** Memory of one query, bytes (max_memory_usage). */
  maxMemoryBytes: number;
}

export interface FactLimitsConfig {
  defaults: FactLimits;
  /** Environment key → the limits that differ from the defaults there. */
  byEnvironment: Record<string, Partial<FactLimits>>;
}

/** Limits of event ingestion (POST /v1/events and trackEvents). */
export interface IngestionConfig {
  /** Latest accepted event timestamp, as milliseconds after receive time. */
  maxFutureMs: number;
  /** Oldest accepted event timestamp, as milliseconds before receive time. */
  maxAgeMs: number;
  /** Average events per second per environment; 0 turns rate limiting off. */
  rateLimitPerSecond: number;
  /** Events per window of rateLimitBurst / rateLimitPerSecond seconds (the most sent at once). */
  rateLimitBurst: number;
  /** A batch not stored within this time is answered 503 (the SDK gives up after 3 s). */
  timeoutMs: number;
  /** Events waiting for the warehouse beyond which new batches get 503 at once (back-pressure). */
  maxQueuedEvents: number;
  /** How long this process remembers the keys it stored, to report resends as duplicates. */
  dedupWindowMs: number;
}

/** Invalid configuration: `problems` lists every invalid variable as "NAME: reason". */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (default process.env) into Config; throws ConfigError listing every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
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
    // The largest legitimate document is trackEvents with a full batch: the same events as a
    // /v1/events body, with GraphQL field names no longer than the wire ones, plus the document.
    // Twice the events limit leaves a wide margin for that.
    graphqlMaxBodyBytes: e.LIFTGATE_GRAPHQL_MAX_BODY_BYTES ?? 2 * e.LIFTGATE_MAX_BODY_BYTES,
    ingestion: {
      maxFutureMs: e.LIFTGATE_EVENT_MAX_FUTURE_SECONDS * 1000,
      maxAgeMs: e.LIFTGATE_EVENT_MAX_AGE_SECONDS * 1000,
      rateLimitPerSecond: e.LIFTGATE_RATE_LIMIT_EVENTS_PER_SECOND,
      rateLimitBurst: e.LIFTGATE_RATE_LIMIT_BURST_EVENTS,
      timeoutMs: e.LIFTGATE_INGEST_TIMEOUT_MS,
      maxQueuedEvents: e.LIFTGATE_INGEST_MAX_QUEUED_EVENTS,
      dedupWindowMs: e.LIFTGATE_DEDUP_WINDOW_SECONDS * 1000,
    },
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.LIFTGATE_REDIS_KEY_PREFIX,
    metricsToken: e.LIFTGATE_METRICS_TOKEN,
    metricsListener: parseAddress(e.LIFTGATE_METRICS_ADDR),
    readyFailureWindowMs: e.LIFTGATE_READY_FAILURE_WINDOW_SECONDS * 1000,
    configCacheMaxAgeMs: e.LIFTGATE_CONFIG_CACHE_MAX_AGE_MS,
    corsOrigins: e.LIFTGATE_CORS_ORIGINS,
    authFailuresPerWindow: e.LIFTGATE_AUTH_FAILURES_PER_WINDOW,
    authFailureWindowMs: e.LIFTGATE_AUTH_FAILURE_WINDOW_SECONDS * 1000,
    apiTokenMaxLifetimeMs: e.LIFTGATE_API_TOKEN_MAX_LIFETIME_DAYS * 86_400_000,
    graphqlLimits: {
      maxDepth: e.LIFTGATE_GRAPHQL_MAX_DEPTH,
      maxAliases: e.LIFTGATE_GRAPHQL_MAX_ALIASES,
      maxTokens: e.LIFTGATE_GRAPHQL_MAX_TOKENS,
      maxDirectives: e.LIFTGATE_GRAPHQL_MAX_DIRECTIVES,
      maxCost: e.LIFTGATE_GRAPHQL_MAX_COST,
      timeoutMs: e.LIFTGATE_GRAPHQL_TIMEOUT_MS,
    },
    warehouseReadLimits: {
      maxMemoryBytes: e.LIFTGATE_WAREHOUSE_READ_MAX_MEMORY_BYTES,
      maxRowsToRead: e.LIFTGATE_WAREHOUSE_READ_MAX_ROWS_TO_READ,
      maxExecutionSeconds: e.LIFTGATE_WAREHOUSE_READ_MAX_EXECUTION_SECONDS,
    },
    factLimits: {
      defaults: {
        maxExecutionSeconds: e.LIFTGATE_FACT_MAX_EXECUTION_SECONDS,
        maxResultRows: e.LIFTGATE_FACT_MAX_RESULT_ROWS,
        maxRowsToRead: e.LIFTGATE_FACT_MAX_ROWS_TO_READ,
        maxMemoryBytes: e.LIFTGATE_FACT_MAX_MEMORY_BYTES,
      },
      byEnvironment: e.LIFTGATE_FACT_LIMITS_BY_ENVIRONMENT,
    },
    liveResultsIntervalMs: e.LIFTGATE_LIVE_RESULTS_INTERVAL_MS,
    monitoring: {
      schedulerEnabled: e.LIFTGATE_MONITORING_SCHEDULER === 'on',
      tickMs: e.LIFTGATE_MONITORING_TICK_SECONDS * 1000,
      latenessMs: e.LIFTGATE_MONITORING_LATENESS_SECONDS * 1000,
    },
    snapshots: {
      schedulerEnabled: e.LIFTGATE_RESULTS_SNAPSHOTS === 'on',
      tickMs: e.LIFTGATE_RESULTS_SNAPSHOT_TICK_SECONDS * 1000,
    },
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
  };
}

/** 'host:port' or '[v6]:port' → {host, port}; 'off' → null. */
function parseAddress(value: string): { host: string; port: number } | null {
  if (value === 'off') return null;
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(value.slice(at + 1)) };
}

/** Whether NODE_ENV is production, for modules built at import time, before loadConfig runs. */
export function isProductionEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}
