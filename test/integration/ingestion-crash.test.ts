/**
 * Durability: a 2xx from POST /v1/events means the events are stored. The gateway runs as a child
 * process, is killed with SIGKILL the moment it answers, and a new process on the same data
 * directory finds every accepted event (the resent batch is all duplicates, nothing doubled).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, expect, it } from 'vitest';
import { CreateEnvironment } from '../fixtures/operations.js';
import { sdkEvent } from '../fixtures/sdk-events.js';
import { exited, killGatewayProcesses, startGatewayProcess } from '../helpers/gateway-process.js';

const TOKEN = `crash_${randomBytes(16).toString('hex')}`;
let dataDir: string;

/** A gateway process on this test's data directory; the control plane stays on PGlite (the property under test is the warehouse's). */
const startChild = () => startGatewayProcess({ LIFTGATE_DATA_DIR: dataDir, LIFTGATE_BOOTSTRAP_TOKEN: TOKEN });

async function post(url: string, body: unknown) {
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-environment-key': 'crash' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

afterAll(async () => {
  await killGatewayProcesses();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('keeps every event answered 2xx when the process is killed right after answering', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'liftgate-crash-'));
  const first = await startChild();
  const created = await fetch(`${first.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    // The child has no TestApp: the typed document is sent by hand.
    body: JSON.stringify({ query: print(CreateEnvironment), variables: { input: { name: 'Crash', key: 'crash' } } satisfies VariablesOf<typeof CreateEnvironment> }),
  });
  const body = (await created.json()) as { data: ResultOf<typeof CreateEnvironment> };
  expect(body.data.createEnvironment.errors).toEqual([]);

  const now = Date.now();
  const batch = {
    events: Array.from({ length: 500 }, (_, i) =>
      sdkEvent(i % 5 ? 'purchase' : '$flag_exposure', { feature_name: i % 5 ? null : 'f', identifier: `user_${i % 100}`, value: String(i), timestamp: now }),
    ),
  };
  const answer = await post(first.url, batch);
  first.child.kill('SIGKILL');
  expect(answer).toEqual({ status: 200, body: { accepted: 500, duplicates: 0, rejected: [] } });
  await exited(first.child);

  const second = await startChild();
  expect(await post(second.url, batch)).toEqual({ status: 200, body: { accepted: 0, duplicates: 500, rejected: [] } });
  second.child.kill('SIGTERM');
  await exited(second.child);
});
