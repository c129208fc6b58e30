/**
 * The realtime bus's fan-out (design fact 8): thousands of subscribers of one topic are one
 * listener on the event target, so no MaxListenersExceededWarning, and each message reaches exactly
 * the subscribers of its environment. In-process here; test/redis/realtime-bus.test.ts runs the
 * same over Redis.
 */
import { afterEach, expect, it } from 'vitest';
import { createRealtimeBus, type RealtimeBus } from '../../src/realtime/bus.js';
import { warningsDuring } from '../helpers/warnings.js';

let bus: RealtimeBus | undefined;
afterEach(async () => {
  await bus?.close();
});

it('5,000 subscribers of one environment: one message each, no listener warning, other environments untouched', async () => {
  bus = createRealtimeBus({ keyPrefix: 'test:' });
  await bus.ready();
  const got = new Array<number>(5_000).fill(0);
  let other = 0;
  const warnings = await warningsDuring(async () => {
    const unsubscribe = got.map((_, i) => bus!.subscribe('signalChanged', 'env-a', () => got[i]!++));
    bus!.subscribe('signalChanged', 'env-b', () => other++);
    expect(bus!.listenerCount('signalChanged')).toBe(5_001);
    bus!.publish('signalChanged', { id: 's1', environmentId: 'env-a', metricId: 'm1' });
    await expect.poll(() => got.every((n) => n === 1)).toBe(true);
    unsubscribe.forEach((u) => u());
  });
  expect(warnings).toEqual([]);
  expect(other).toBe(0);
  expect(bus.listenerCount('signalChanged')).toBe(1);
});

it('eventsStored reaches the subscribers of every environment it names', async () => {
  bus = createRealtimeBus({ keyPrefix: 'test:' });
  const seen: string[] = [];
  for (const env of ['a', 'b', 'c']) bus.subscribe('eventsStored', env, () => seen.push(env));
  bus.publish('eventsStored', { environmentIds: ['a', 'c'] });
  await expect.poll(() => seen.length).toBe(2);
  expect(seen.sort()).toEqual(['a', 'c']);
});
