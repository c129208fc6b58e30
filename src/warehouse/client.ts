/**
 * The analytics store: one @clickhouse/client per process, talking to a ClickHouse server
 * (`CLICKHOUSE_URL`) or to chDB in-process under `<dataDir>/chdb`. The same SQL runs on both.
 * Everything else reaches it through `queries` (query.ts): named, bounded, errors classified.
 *
 * chDB gets two sessions on the same data directory: one for reads (results, migrations, …) and
 * one for ingestion's lookups and inserts (query.ts WRITE_FAMILIES), because a chDB session runs
 * one statement at a time and a long read would otherwise hold every insert behind it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createWarehouseQueries, QUERY_FAMILIES, type QueryEvent, type QuerySettings, type WarehouseQueries } from './query.js';
import { identifier, render, sql } from './sql.js';

export interface Warehouse {
  /** The wrapper every warehouse call of the application goes through. */
  queries: WarehouseQueries;
  /**
   * The underlying client, for tests that manipulate the store itself (e.g. hide a table to
   * simulate an outage). Application code uses `queries`.
   */
  client: ClickHouseClient;
  kind: 'clickhouse' | 'chdb';
  database: string;
  /**
   * Opens a locked session for user SQL (sandbox.ts): default database `database`, then each
   * setting in order (limits, then readonly=1). chDB: a session of its own on the same data
   * directory, locked by `SET`s. Server: a client whose every request carries the settings.
   * Closed with the warehouse.
   */
  openSandboxSession(database: string, settings: [string, number][]): Promise<ClickHouseClient>;
  close(): Promise<void>;
}

/**
 * Opens the warehouse and makes sure `database` exists (a plain identifier, else TypeError).
 * `onQuery` listens from the very first call (see WarehouseQueries.onQuery).
 */
export async function openWarehouse(opts: {
  clickhouseUrl: string | undefined;
  database: string;
  dataDir: string;
  onQuery?: (event: QueryEvent) => void;
  /** Settings of every analytical read (`analyticalReadSettings` of the configured limits). */
  analyticalReads?: QuerySettings;
}): Promise<Warehouse> {
  const wrap = (client: ClickHouseClient, chdb?: { writeClient: ClickHouseClient }): WarehouseQueries => {
    const queries = createWarehouseQueries(client, {
      analytical: opts.analyticalReads,
      ...(chdb ? { writeClient: chdb.writeClient, scheduleParameterised: true, insertDataAsString: true } : {}),
    });
    if (opts.onQuery) queries.onQuery(opts.onQuery);
    return queries;
  };
  const createDatabase = sql`CREATE DATABASE IF NOT EXISTS ${identifier(opts.database)}`;
  if (opts.clickhouseUrl) {
    const admin = createClient({ url: opts.clickhouseUrl });
    try {
      await wrap(admin).command(QUERY_FAMILIES.setup, createDatabase);
    } finally {
      await admin.close();
    }
    const client = createClient({ url: opts.clickhouseUrl, database: opts.database });
    const sandboxes: ClickHouseClient[] = [];
    return {
      queries: wrap(client),
      client,
      kind: 'clickhouse',
      database: opts.database,
      async openSandboxSession(database, settings) {
        // URL parameters of every request: the server applies them in order before the statement,
        // and a statement cannot change them afterwards (readonly=1 refuses SETTINGS that change a value).
        const sandbox = createClient({ url: opts.clickhouseUrl, database, clickhouse_settings: Object.fromEntries(settings) });
        sandboxes.push(sandbox);
        return sandbox;
      },
      close: async () => {
        for (const s of sandboxes) await s.close();
        await client.close();
      },
    };
  }
  const path = join(opts.dataDir, 'chdb');
  await mkdir(path, { recursive: true });
  // Loaded lazily so a server deployment never loads the 500 MB engine library.
  const { createChdbConnection } = await import('chdb/connection');
  const { drainPending } = await import('chdb');
  // chdb declares the Connection type of its own copy of @clickhouse/client-common: same shape.
  const session = () => createChdbConnection({ path }) as unknown as NonNullable<Parameters<typeof createClient>[0]>['connection'];
  const readClient = createClient({ database: opts.database, connection: session() });
  const writeClient = createClient({ database: opts.database, connection: session() });
  const queries = wrap(readClient, { writeClient });
  await queries.command(QUERY_FAMILIES.setup, createDatabase);
  const sandboxes: ClickHouseClient[] = [];
  return {
    queries,
    client: readClient,
    kind: 'chdb',
    database: opts.database,
    async openSandboxSession(database, settings) {
      const sandbox = createClient({ connection: session() });
      sandboxes.push(sandbox);
      // Session state, set once: the default database, the limits, and readonly=1 last.
      await sandbox.command({ query: render(sql`USE ${identifier(database)}`).query });
      for (const [name, value] of settings) {
        if (!/^[a-z_]+$/.test(name) || !Number.isFinite(value)) throw new TypeError(`sandbox: malformed setting ${name}`);
        await sandbox.command({ query: `SET ${name} = ${value}` });
      }
      return sandbox;
    },
    // Closing while a query runs aborts the engine for the whole process: drain first.
    close: async () => {
      await drainPending();
      for (const s of sandboxes) await s.close();
      await writeClient.close();
      await readClient.close();
    },
  };
}
