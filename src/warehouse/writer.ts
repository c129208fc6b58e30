/**
 * Batched event writes: one INSERT per accepted batch, never a round trip per event. Async
 * inserts are switched off explicitly (chDB 26.7 defaults them on, older servers off) so the
 * call returns only once the rows are stored.
 */
import type { ClickHouseClient } from '@clickhouse/client';

/** One row of the `events` table (times in epoch milliseconds). */
export interface EventRow {
  environment_id: string;
  event_id: string;
  event: string;
  feature_name: string | null;
  identifier: string | null;
  value: string | null;
  value_number: number | null;
  traits: string;
  metadata: string;
  timestamp: number;
  received_at: number;
}

/** Inserts rows in one statement; throws the driver's error on failure. */
export async function insertEvents(client: ClickHouseClient, rows: EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.insert({
    table: 'events',
    values: rows,
    format: 'JSONEachRow',
    query_id: `ingestion.insert.${crypto.randomUUID()}`,
    clickhouse_settings: { async_insert: 0, wait_for_async_insert: 0 },
  });
}

/** Which of `eventIds` are already stored for the environment (ids bound as an array). */
export async function findStoredEventIds(
  client: ClickHouseClient,
  environmentId: string,
  eventIds: string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rs = await client.query({
    query: `SELECT DISTINCT event_id FROM events
            WHERE environment_id = {env:String} AND event_id IN {ids:Array(String)}`,
    query_params: { env: environmentId, ids: eventIds },
    format: 'JSONEachRow',
    query_id: `ingestion.dedup.${crypto.randomUUID()}`,
    clickhouse_settings: { max_execution_time: 10 },
  });
  const rows = await rs.json<{ event_id: string }>();
  return new Set(rows.map((r) => r.event_id));
}
