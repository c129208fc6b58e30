/**
 * The tests' access to the app's own warehouse client (the one @clickhouse/client instance the
 * app holds; chDB binds one data directory per process, so a second client is not an option):
 * reading what was stored, taking the `events` table away, and counting the queries the app
 * sends. This file is the one place that knows where the app keeps its client.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { TestApp } from './test-app.js';

/** The app's warehouse client (the same instance its services use). */
export function warehouseClient(t: TestApp): ClickHouseClient {
  return t.app.warehouse.client;
}

/** Rows of a bound query on the app's warehouse (JSONEachRow). */
export async function warehouseRows<T = Record<string, unknown>>(t: TestApp, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await warehouseClient(t).query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}

/**
 * How the warehouse is taken away while `fn` runs:
 * - `missing`: `events` is renamed away, so every statement on it fails at once (UNKNOWN_TABLE):
 *   inserts fail like on an outage; reads fail as an unexpected error would.
 * - `unreachable`: `events` is swapped for a remote table on a closed port, which is what a
 *   ClickHouse cluster with unreachable shards looks like (reads and writes fail to connect).
 */
export type WarehouseOutage = 'missing' | 'unreachable';

/** Runs `fn` while the warehouse's `events` table cannot be used (see WarehouseOutage), then restores it. */
export async function withWarehouseOffline<T>(t: TestApp, fn: () => Promise<T>, outage: WarehouseOutage = 'missing'): Promise<T> {
  const wh = warehouseClient(t);
  const [{ db } = { db: '' }] = await warehouseRows<{ db: string }>(t, 'SELECT currentDatabase() AS db');
  const columns = await warehouseRows<{ name: string; type: string }>(
    t,
    'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {t:String} ORDER BY position',
    { t: 'events' },
  );
  await wh.command({ query: 'RENAME TABLE events TO events_offline' });
  try {
    if (outage === 'unreachable') {
      await wh.command({
        query: `CREATE TABLE events (${columns.map((c) => `\`${c.name}\` ${c.type}`).join(', ')}) AS remote('127.0.0.1:9', '${db}', 'events_offline')`,
      });
    }
    return await fn();
  } finally {
    await wh.command({ query: 'DROP TABLE IF EXISTS events' });
    await wh.command({ query: 'RENAME TABLE events_offline TO events' });
  }
}

/** The query_ids of the warehouse calls the app made while observed. */
export interface WarehouseQueryLog {
  /** query_id of each call (query, command, insert, exec), in order; '' when the caller gave none. */
  readonly ids: string[];
  /** Calls whose query_id starts with `prefix` followed by `.` or `:` (or is exactly `prefix`). */
  count(prefix: string): number;
  /** Forgets the calls seen so far. */
  reset(): void;
  /** Stops observing (the client is left as it was). */
  stop(): void;
}

/**
 * Observes the app's warehouse client: each call still goes to the real engine; its query_id is
 * recorded first. Only one observer at a time.
 */
export function observeWarehouseQueries(t: TestApp): WarehouseQueryLog {
  const client = warehouseClient(t) as unknown as Record<string, unknown>;
  const methods = ['query', 'command', 'insert', 'exec'] as const;
  const originals = new Map<string, unknown>();
  const ids: string[] = [];
  for (const name of methods) {
    if (Object.hasOwn(client, name)) throw new Error('observeWarehouseQueries: already observing');
    const original = client[name] as (params: { query_id?: string }) => Promise<unknown>;
    originals.set(name, original);
    client[name] = function (this: unknown, params: { query_id?: string }) {
      ids.push(params?.query_id ?? '');
      return original.call(client, params);
    };
  }
  return {
    ids,
    count: (prefix) => ids.filter((id) => id === prefix || id.startsWith(`${prefix}.`) || id.startsWith(`${prefix}:`)).length,
    reset: () => void ids.splice(0),
    stop: () => {
      for (const name of methods) delete client[name];
    },
  };
}
