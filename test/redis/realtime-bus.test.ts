/**
 * The realtime bus over Redis (REDIS_URL): two buses (two replicas) on one Redis under a test
 * prefix. A message published on one reaches the other's 5,000 subscribers through ONE Redis
 * subscription per topic, with no listener warning. Needs Redis on 127.0.0.1 (`npm run test:redis`).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { createRealtimeBus } from '../../src/realtime/bus.js';
import { warningsDuring } from '../helpers/warnings.js';

const REDIS_URL = process.env.LIFTGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `liftgate-test-${randomBytes(6).toString('hex')}:`;
const a = createRealtimeBus({ redisUrl: REDIS_URL, keyPrefix: PREFIX });
const b = createRealtimeBus({ redisUrl: REDIS_URL, keyPrefix: PREFIX });

afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

it('a message published on replica A reaches 5,000 subscribers on replica B, one Redis subscription per topic', async () => {
  await Promise.all([a.ready(), b.ready()]);
  const got = new Array<number>(5_000).fill(0);
  const warnings = await warningsDuring(async () => {
    got.forEach((_, i) => b.subscribe('signalChanged', 'env', () => got[i]!++));
    a.publish('signalChanged', { id: 's1', environmentId: 'env', metricId: 'm1' });
    await expect.poll(() => got.every((n) => n === 1)).toBe(true);
  });
  expect(warnings).toEqual([]);
  const redis = new Redis(REDIS_URL);
  try {
    // Two replicas, each subscribed once to the topic, whatever their subscriber counts.
    const counts = (await redis.pubsub('NUMSUB', `${PREFIX}realtime:signalChanged`)) as [string, number];
    expect(Number(counts[1])).toBe(2);
  } finally {
    redis.disconnect();
  }
});
