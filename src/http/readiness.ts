/**
 * Liveness and readiness. `/healthz` (liveness) answers whenever the process can serve HTTP and
 * reports both stores; `/readyz` (readiness, for load balancers) is 503 when a store does not
 * answer or when a write failed recently: ingestion answered 503 or a warehouse write failed
 * within the window (a full disk or a read-only events table leave reads working, so a ping
 * alone would keep sending SDK traffic to a replica that cannot store it), and while start-up
 * work that runs after listening (warm-ups) is not done yet (`starting`, with the pending tasks).
 */
import type { RequestListener } from 'node:http';

/** Start-up work that runs after the server listens; `/readyz` is 503 until every task settles. */
export interface StartupTasks {
  /** Runs `task` under `name`; resolves when it settles (never rejects: a task handles its errors). */
  run(name: string, task: () => Promise<void>): Promise<void>;
  /** Names of the tasks still running. */
  pending(): string[];
}

export function createStartupTasks(): StartupTasks {
  const running = new Set<string>();
  return {
    async run(name, task) {
      running.add(name);
      try {
        await task();
      } finally {
        running.delete(name);
      }
    },
    pending: () => [...running],
  };
}

/** Remembers the last write failure; `recent()` says whether it is within the window. */
export interface WriteFailures {
  record(reason: string, at?: number): void;
  /** The latest failure within the window, or null. */
  recent(now?: number): { reason: string; at: Date } | null;
}

export function createWriteFailures(windowMs: number): WriteFailures {
  let last: { reason: string; at: number } | null = null;
  return {
    record(reason, at = Date.now()) {
      last = { reason, at };
    },
    recent(now = Date.now()) {
      return last && now - last.at <= windowMs ? { reason: last.reason, at: new Date(last.at) } : null;
    },
  };
}

export interface StoreProbe {
  kind: string;
  /** Resolves when the store answers a trivial query; rejects otherwise. */
  ping(): Promise<unknown>;
}

/** Both stores answer: 200, else 503 naming the one that failed. */
export async function healthResponse(controlPlane: StoreProbe, warehouse: StoreProbe): Promise<Response> {
  const stores = await probe(controlPlane, warehouse);
  const ok = stores.controlPlane.ok && stores.warehouse.ok;
  return json(ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', ...stores });
}

/**
 * Stores answer, start-up tasks are done and no write failed within the window: 200 `ready`, else
 * 503 `starting` (tasks pending) or `not_ready`, with the reasons.
 */
export async function readinessResponse(
  controlPlane: StoreProbe,
  warehouse: StoreProbe,
  failures: WriteFailures,
  startup?: Pick<StartupTasks, 'pending'>,
): Promise<Response> {
  const stores = await probe(controlPlane, warehouse);
  const failure = failures.recent();
  const pending = startup?.pending() ?? [];
  const reasons = [
    ...pending.map((task) => `starting: ${task}`),
    ...(stores.controlPlane.ok ? [] : ['control plane does not answer']),
    ...(stores.warehouse.ok ? [] : ['warehouse does not answer']),
    ...(failure ? [`recent write failure at ${failure.at.toISOString()}: ${failure.reason}`] : []),
  ];
  return json(reasons.length ? 503 : 200, {
    status: reasons.length === 0 ? 'ready' : reasons.length === pending.length ? 'starting' : 'not_ready',
    ...stores,
    lastWriteFailure: failure ? { at: failure.at.toISOString(), reason: failure.reason } : null,
    reasons,
  });
}

async function probe(controlPlane: StoreProbe, warehouse: StoreProbe) {
  const check = (p: () => Promise<unknown>) => p().then(() => true, () => false);
  const [cpOk, whOk] = await Promise.all([check(controlPlane.ping), check(warehouse.ping)]);
  return { controlPlane: { kind: controlPlane.kind, ok: cpOk }, warehouse: { kind: warehouse.kind, ok: whOk } };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}

/**
 * The server's answer while the stores open (before the app is built): `/healthz` 200 `starting`
 * (the process is alive: a liveness probe must not kill it), `/readyz` 503 `starting`, anything
 * else 503 with Retry-After 1 (the request body is drained first).
 */
export const startingListener: RequestListener = (req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  const [status, body] =
    path === '/healthz'
      ? [200, { status: 'starting' }]
      : path === '/readyz'
        ? [503, { status: 'starting', reasons: ['starting: opening the stores'] }]
        : [503, { error: 'the gateway is starting; retry shortly' }];
  req.resume();
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...(status === 503 ? { 'retry-after': '1' } : {}) });
  res.end(JSON.stringify(body));
};
