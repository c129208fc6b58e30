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
import pg from 'pg';
import { startApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/lib/logger.js';

export interface TestApp {
  app: App;
  url: string;
  token: string;
  /** POST /graphql with the bootstrap token (or `opts.token` / `opts.headers`); returns the JSON body. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, opts?: { token?: string | null; headers?: Record<string, string> }): Promise<{ data?: T; errors?: any[] }>;
  /** POST /v1/events with the SDK's headers; returns status and JSON body. */
  postEvents(environmentKey: string | null, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export async function createTestApp(): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-test-'));
  const token = `test_${randomBytes(16).toString('hex')}`;
  const database = await freshPostgresDatabase();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LIFTGATE_DATA_DIR: dataDir,
    LIFTGATE_BOOTSTRAP_TOKEN: token,
    CLICKHOUSE_DATABASE: `liftgate_test_${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const app = await startApp(config, createLogger('warn'));
  const url = app.url;

  return {
    app,
    url,
    token,
    async gql(query, variables, opts) {
      const bearer = opts?.token === undefined ? token : opts.token;
      const res = await fetch(`${url}/graphql`, {
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
    async postEvents(environmentKey, body, headers) {
      const res = await fetch(`${url}/v1/events`, {
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
    async stop() {
      await app.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
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
