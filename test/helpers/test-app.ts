/**
 * Starts the real gateway for a test file: temp data dir, random port, a known bootstrap token.
 * With LIFTGATE_TEST_POSTGRES_URL set (e.g. postgres://postgres@127.0.0.1:5432/postgres) the
 * control plane runs on a fresh PostgreSQL database created for this file and dropped after;
 * an unreachable server fails the suite rather than skipping it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, print, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import pg from 'pg';
import { startApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/lib/logger.js';
import { CreateEnvironment } from '../fixtures/operations.js';

/** Who sends a request: the bootstrap token unless `token` says otherwise (null = none), plus headers. */
export interface RequestOptions {
  token?: string | null;
  headers?: Record<string, string>;
}

/** A GraphQL response body, typed by the operation that was sent. */
export interface ExecuteResult<TData> {
  data?: TData | null;
  errors?: GraphQLFormattedError[];
}

export interface TestApp {
  app: App;
  url: string;
  token: string;
  /**
   * POST /graphql with a typed document (from `graphql(…)` in test/generated/) and its variables;
   * returns the JSON body typed by the operation.
   */
  execute<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables?: TVariables, opts?: RequestOptions): Promise<ExecuteResult<TData>>;
  /** `execute`, failing with the errors when the response has any; returns `data`. */
  executeOk<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables?: TVariables, opts?: RequestOptions): Promise<TData>;
  /**
   * POST /graphql with a raw query string: untyped, for the requests codegen cannot type on
   * purpose (invalid or malformed operations, documents built at run time to probe limits).
   */
  gql<T = any>(query: string, variables?: Record<string, unknown>, opts?: RequestOptions): Promise<{ data?: T; errors?: any[] }>;
  /** POST /v1/events with the SDK's headers; returns status and JSON body. */
  postEvents(environmentKey: string | null, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  /** Creates environments (name = key) with the bootstrap token; throws on any user error. */
  createEnvironments(...keys: string[]): Promise<void>;
  /** Stops the server and starts it again on the same data dir and database (with `env` changes). */
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  /** LIFTGATE_BOOTSTRAP_TOKEN; null starts without one (the server generates a token). */
  bootstrapToken?: string | null;
  /** Further configuration variables (e.g. ingestion limits). */
  env?: Record<string, string>;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-test-'));
  const configured = options.bootstrapToken === undefined ? `test_${randomBytes(16).toString('hex')}` : options.bootstrapToken;
  const database = await freshPostgresDatabase();
  const variables = {
    PORT: '0',
    HOST: '127.0.0.1',
    LIFTGATE_DATA_DIR: dataDir,
    ...(configured ? { LIFTGATE_BOOTSTRAP_TOKEN: configured } : {}),
    CLICKHOUSE_DATABASE: 'liftgate_test',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    // Test files run in parallel: the metrics listener takes a free port, not the shared default.
    LIFTGATE_METRICS_ADDR: '127.0.0.1:0',
    // The monitoring scheduler's ticks would add statements to the ones query-count tests pin;
    // monitoring tests run schedulers of their own, on a clock they set.
    LIFTGATE_MONITORING_SCHEDULER: 'off',
    // Likewise the daily results snapshots; snapshot tests drive a scheduler of their own.
    LIFTGATE_RESULTS_SNAPSHOTS: 'off',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  };
  let config = loadConfig(variables);
  const first = await startApp(config, createLogger('warn'));
  await first.ready;

  const t: TestApp = {
    app: first,
    url: first.url,
    token: configured ?? first.generatedBootstrapToken ?? '',
    async execute(document, variables, opts) {
      return t.gql(print(document), variables as Record<string, unknown> | undefined, opts);
    },
    async executeOk(document, variables, opts) {
      const r = await t.execute(document, variables, opts);
      if (r.errors?.length || !r.data) throw new Error(`${operationName(document)}: ${JSON.stringify(r.errors ?? r)}`);
      return r.data;
    },
    async gql(query, variables, opts) {
      const bearer = opts?.token === undefined ? t.token : opts.token;
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...opts?.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return res.json();
    },
    async createEnvironments(...keys) {
      for (const key of keys) {
        const r = await t.execute(CreateEnvironment, { input: { name: key, key } });
        const errors = r.data?.createEnvironment.errors ?? r.errors;
        if (errors?.length) throw new Error(`createEnvironment ${key}: ${JSON.stringify(errors)}`);
      }
    },
    async postEvents(environmentKey, body, headers) {
      const res = await fetch(`${t.url}/v1/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'flagsmith-sdk-user-agent': 'flagsmith-python-sdk/6.1.0',
          ...(environmentKey ? { 'x-environment-key': environmentKey } : {}),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // keep text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async restart(env) {
      await t.app.close();
      if (env) config = loadConfig({ ...variables, ...env });
      t.app = await startApp(config, createLogger('warn'));
      await t.app.ready;
      t.url = t.app.url;
    },
    async stop() {
      await t.app.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

function operationName(document: DocumentNode): string {
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return op && 'name' in op && op.name ? op.name.value : 'anonymous operation';
}

async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const serverUrl = process.env.LIFTGATE_TEST_POSTGRES_URL;
  if (!serverUrl) return null;
  const name = `liftgate_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
