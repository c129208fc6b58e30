/**
 * The subscriber side of `npm run bench:realtime`, run as a child process (forked with IPC) so
 * the clients' CPU is not the server's: opens graphql-ws connections to the gateway, one
 * subscription each, and records when each payload arrives (epoch ms with sub-ms precision:
 * performance.timeOrigin + performance.now(), comparable across processes on one machine).
 *
 * Commands (IPC messages): `signals` (open n anomalySignals subscribers), `results` (open n
 * experimentResults subscribers), `report` (send and clear the receipts, with this process's CPU
 * time), `close` (dispose every client and exit).
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

type Command =
  | { cmd: 'signals'; url: string; token: string; environmentKey: string; n: number }
  | { cmd: 'results'; url: string; token: string; environmentKey: string; experimentKey: string; n: number }
  | { cmd: 'report' }
  | { cmd: 'close' };

/** One payload received: which subscriber, when, and what identifies it. */
export interface Receipt { subscriber: number; at: number; key: string }

const SIGNALS = 'subscription($env: String!) { anomalySignals(environmentKey: $env) { id status } }';
const RESULTS = 'subscription($env: String!, $key: String!) { experimentResults(environmentKey: $env, experimentKey: $key) { computedAt exposures { subjects } } }';

const clients: Client[] = [];
let receipts: Receipt[] = [];
let errors = 0;
const now = () => performance.timeOrigin + performance.now();

function open(url: string, token: string, query: string, variables: Record<string, unknown>, subscriber: number, keyOf: (data: any) => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
      on: { connected: () => resolve(), closed: () => reject(new Error('closed before connected')) },
      onNonLazyError: reject,
    });
    clients.push(client);
    client.subscribe(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) errors++;
          else receipts.push({ subscriber, at: now(), key: keyOf(value.data) });
        },
        error: () => errors++,
        complete: () => {},
      },
    );
  });
}

/** Opens `n` subscribers, 50 connections at a time. */
async function openMany(n: number, openOne: (i: number) => Promise<void>): Promise<void> {
  const base = clients.length;
  for (let i = 0; i < n; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, j) => openOne(base + i + j)));
  }
}

process.on('message', async (message: Command) => {
  try {
    switch (message.cmd) {
      case 'signals':
        await openMany(message.n, (i) => open(message.url, message.token, SIGNALS, { env: message.environmentKey }, i, (d) => `${d.anomalySignals.id}:${d.anomalySignals.status}`));
        process.send!({ ok: true });
        break;
      case 'results':
        await openMany(message.n, (i) =>
          open(message.url, message.token, RESULTS, { env: message.environmentKey, key: message.experimentKey }, i, (d) =>
            String(d.experimentResults.exposures.reduce((s: number, e: { subjects: number }) => s + e.subjects, 0)),
          ),
        );
        process.send!({ ok: true });
        break;
      case 'report': {
        const cpu = process.cpuUsage();
        process.send!({ receipts, errors, cpuMs: (cpu.user + cpu.system) / 1000, rssBytes: process.memoryUsage().rss });
        receipts = [];
        errors = 0;
        break;
      }
      case 'close':
        await Promise.all(clients.splice(0).map((c) => c.dispose()));
        process.send!({ ok: true }, () => process.exit(0));
        break;
    }
  } catch (err) {
    process.send!({ error: String(err) });
  }
});
process.send!({ ready: true });
