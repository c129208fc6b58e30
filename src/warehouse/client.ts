/**
 * The analytics store: one @clickhouse/client per process, talking to a ClickHouse server
 * (`CLICKHOUSE_URL`) or to chDB in-process under `<dataDir>/chdb`. The same SQL runs on both.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';

export type { ClickHouseClient };

export interface Warehouse {
  client: ClickHouseClient;
  kind: 'clickhouse' | 'chdb';
  database: string;
  close(): Promise<void>;
}

/** Opens the warehouse and makes sure `database` exists (it is a validated identifier). */
export async function openWarehouse(opts: {
  clickhouseUrl: string | undefined;
  database: string;
  dataDir: string;
}): Promise<Warehouse> {
  if (opts.clickhouseUrl) {
    const admin = createClient({ url: opts.clickhouseUrl });
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${opts.database}` });
    await admin.close();
    const client = createClient({ url: opts.clickhouseUrl, database: opts.database });
    return { client, kind: 'clickhouse', database: opts.database, close: () => client.close() };
  }
  const path = join(opts.dataDir, 'chdb');
  await mkdir(path, { recursive: true });
  // Loaded lazily so a server deployment never loads the 500 MB engine library.
  const { createChdbConnection } = await import('chdb/connection');
  const { drainPending } = await import('chdb');
  // chdb declares the Connection type of its own copy of @clickhouse/client-common: same shape.
  const connection = createChdbConnection({ path }) as unknown as NonNullable<Parameters<typeof createClient>[0]>['connection'];
  const client = createClient({ database: opts.database, connection });
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${opts.database}` });
  return {
    client,
    kind: 'chdb',
    database: opts.database,
    // Closing while a query runs aborts the engine for the whole process: drain first.
    close: async () => {
      await drainPending();
      await client.close();
    },
  };
}
