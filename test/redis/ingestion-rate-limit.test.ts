/**
 * Issue 14, finding 12: the per-environment ingestion limit holds across replicas. Two gateway
 * processes share one control plane (PostgreSQL) and one Redis, as replicas behind a load balancer
 * do; together they accept the limit, not twice it. Needs PostgreSQL and Redis on 127.0.0.1
 * (`npm run test:redis`): an absent server fails the suite rather than skipping it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { killGatewayProcesses, startGatewayProcess } from '../helpers/gateway-process.js';

const REDIS_URL = process.env.LIFTGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const POSTGRES_URL = process.env.LIFTGATE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TOKEN = `redis_${randomBytes(16).toString('hex')}`;
const PREFIX = `liftgate-test-${randomBytes(6).toString('hex')}:`;
const DATABASE = `liftgate_test_${randomBytes(6).toString('hex')}`;
const LIMIT = 100; // events per window of 100 s: no window ends during the test
const dataDirs: string[] = [];
let redis: Redis;
let gateways: string[];

function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startGateway(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-redis-'));
  dataDirs.push(dataDir);
  const { url } = await startGatewayProcess({
    LIFTGATE_DATA_DIR: dataDir, LIFTGATE_BOOTSTRAP_TOKEN: TOKEN, DATABASE_URL: databaseUrl(DATABASE),
    REDIS_URL, LIFTGATE_REDIS_KEY_PREFIX: PREFIX,
    LIFTGATE_MAX_EVENTS_PER_BATCH: '10', LIFTGATE_RATE_LIMIT_EVENTS_PER_SECOND: '1', LIFTGATE_RATE_LIMIT_BURST_EVENTS: String(LIMIT),
  });
  return url;
}

beforeAll(async () => {
  // Fail loudly (no skip) when Redis is absent.
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  await redis.connect();
  expect(await redis.ping()).toBe('PONG');
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  // One after the other: the first creates the bootstrap token the second then finds.
  gateways = [await startGateway(), await startGateway()];
  const res = await fetch(`${gateways[0]}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query: 'mutation { createEnvironment(input: { name: "replicas", key: "replicas" }) { errors { code } } }' }),
  });
  expect((await res.json()).data.createEnvironment.errors).toEqual([]);
});

afterAll(async () => {
  await killGatewayProcesses();
  const keys = redis ? await redis.keys(`${PREFIX}*`) : [];
  if (keys.length) await redis.del(...keys);
  redis?.disconnect();
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
  await Promise.all(dataDirs.map((d) => rm(d, { recursive: true, force: true })));
});

it('two gateways on one Redis accept the limit together, not twice it', async () => {
  const now = Date.now();
  const outcomes: { gateway: number; status: number; accepted: number }[] = [];
  for (let i = 0; i < 20; i++) {
    const gateway = i % 2;
    const res = await fetch(`${gateways[gateway]}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-environment-key': 'replicas' },
      body: JSON.stringify({ events: Array.from({ length: 10 }, (_, j) => ({ event: 'replica', identifier: `r${i}-${j}`, value: '1', timestamp: now })) }),
    });
    const body = await res.json();
    outcomes.push({ gateway, status: res.status, accepted: res.status === 200 ? body.accepted : 0 });
  }
  expect(outcomes.reduce((n, o) => n + o.accepted, 0)).toBe(LIMIT);
  expect(outcomes.slice(0, 10).every((o) => o.status === 200)).toBe(true);
  expect(outcomes.slice(10).every((o) => o.status === 429)).toBe(true);
  // The counter is in Redis, under this deployment's prefix.
  expect(await redis.keys(`${PREFIX}*`)).toHaveLength(1);
});
