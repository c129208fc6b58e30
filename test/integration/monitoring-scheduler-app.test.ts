/**
 * The gateway runs the monitoring scheduler itself (LIFTGATE_MONITORING_SCHEDULER=on, the
 * default outside tests): a newly monitored metric is picked up by the next tick, and closing the
 * app stops the scheduler before the stores close.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { prismaClient } from '../../src/db/prisma-ref.js';
import { CreateMetric } from '../fixtures/operations.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { LIFTGATE_MONITORING_SCHEDULER: 'on', LIFTGATE_MONITORING_TICK_SECONDS: '1' } });
  await t.createEnvironments('sched');
});

afterAll(() => t?.stop());

it('evaluates a newly monitored metric on its own, and stops with the app', async () => {
  const r = await t.executeOk(CreateMetric, {
    input: { environmentKey: 'sched', name: 'Logins', aggregation: 'COUNT', definition: { event: { event: 'login' } }, monitoring: { enabled: true, interval: 'HOUR', sensitivity: 3.5 } },
  });
  const metricId = decodeGlobalID(r.createMetric.metric!.id).id;
  const deadline = Date.now() + 60_000;
  let cursor = null;
  while (Date.now() < deadline) {
    cursor = await prismaClient().monitorCursor.findUnique({ where: { metricId } });
    if (cursor?.leaseOwner === null) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // Claimed, evaluated through the latest closed hour, released.
  expect(cursor).toMatchObject({ interval: 'HOUR', leaseOwner: null });
  expect(cursor!.evaluatedThrough.getTime()).toBeGreaterThan(Date.now() - 3 * 3_600_000);
  await t.app.close(); // the scheduler stops (its tick finished) before the stores close
});
