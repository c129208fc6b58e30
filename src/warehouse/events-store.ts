/**
 * The events store: the `events` table's writes and the reads ingestion needs (stored-key lookups,
 * recent ids). One INSERT per flush of the ingestion writer, never a round trip per event.
 *
 * - Format: TabSeparated, built here as one string. Measured on chDB 26.7 (1,000–5,000-row
 *   inserts), it is parsed 30–40 % faster than JSONEachRow and needs no per-row object on our
 *   side; the escaping rules are small (backslash, tab, newline, carriage return; `\N` = NULL).
 * - Async inserts are switched off explicitly (chDB 26.7 defaults them on, older servers off), so
 *   the call returns only once the rows are in a part on disk: what the ingestion path needs
 *   before it answers 2xx. They travel as the INSERT's SETTINGS clause (query.ts).
 * - No `insert_deduplication_token`: the table does not enable block deduplication
 *   (non_replicated_deduplication_window = 0), and where it is on (replicated tables) a dropped
 *   block is byte-identical to a stored one, hence the same event ids. Per-event idempotency is
 *   the table's job (ReplacingMergeTree on the event identity, see migrations/002). Also, the chDB
 *   adapter applies `clickhouse_settings` as session-wide `SET`s: a token would leak into every
 *   later insert of the process.
 */
import { QUERY_FAMILIES, type WarehouseQueries } from './query.js';
import { param, sql, type Sql } from './sql.js';

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

/**
 * Identity of a stored event (migrations/002-events-layout.ts): environment, event name and event
 * id, within the subject (`identifier`) and UTC day of `timestamp` (epoch ms) when given. The
 * ingestion writer passes whole rows, so lookups prune by the table's sort key; a key without
 * `timestamp` is matched on (environment, event, event id) alone, by a scan of that event's ids.
 */
export interface EventKey {
  environment_id: string;
  event: string;
  event_id: string;
  identifier?: string | null;
  timestamp?: number;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function tsvString(s: string | null): string {
  if (s === null) return '\\N';
  return NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}

/** Epoch ms → `seconds.mmm`, the DateTime64(3) text form (integer arithmetic, no float rounding). */
function tsvTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${seconds}.${String(ms - seconds * 1000).padStart(3, '0')}`;
}

/** Rows as TabSeparated text, columns in EventRow order. */
export function toTabSeparated(rows: readonly EventRow[]): string {
  let out = '';
  for (const r of rows) {
    out +=
      `${tsvString(r.environment_id)}\t${tsvString(r.event_id)}\t${tsvString(r.event)}\t${tsvString(r.feature_name)}\t` +
      `${tsvString(r.identifier)}\t${tsvString(r.value)}\t${r.value_number === null ? '\\N' : String(r.value_number)}\t` +
      `${tsvString(r.traits)}\t${tsvString(r.metadata)}\t${tsvTime(r.timestamp)}\t${tsvTime(r.received_at)}\n`;
  }
  return out;
}

const COLUMNS: readonly string[] = [
  'environment_id', 'event_id', 'event', 'feature_name', 'identifier', 'value', 'value_number',
  'traits', 'metadata', 'timestamp', 'received_at',
];

/** Inserts rows in one statement; resolves once they are stored, throws WarehouseError otherwise. */
export async function insertEvents(warehouse: WarehouseQueries, rows: readonly EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await warehouse.insert(
    QUERY_FAMILIES.eventsInsert,
    { table: 'events', columns: COLUMNS, format: 'TabSeparated', data: toTabSeparated(rows) },
    { settings: { async_insert: 0, wait_for_async_insert: 0 } },
  );
}

/**
 * Which of `keys` are already stored, as `eventKeyString`s. The keys travel as one TabSeparated
 * String parameter read back with `format()`: chDB parses a 3,600-element Array(String) parameter
 * in ~240 ms, this in ~20 ms. Keys with a timestamp are matched on the table's whole sort key
 * (environment_id, event, UTC day, subject, event_key), so the primary index prunes to the
 * granules that can hold them; the event id itself is compared too (event_key is its 64-bit
 * hash). Called only for keys the recent-keys filter may hold. No FINAL: any stored copy makes a
 * duplicate.
 */
export async function findStoredEvents(warehouse: WarehouseQueries, keys: readonly EventKey[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const located = keys.filter((k) => typeof k.timestamp === 'number');
  const bare = keys.filter((k) => typeof k.timestamp !== 'number');
  const stored = new Set<string>();
  const collect = async (statement: Sql) => {
    const rows = warehouse.stream<[string, string, string]>(QUERY_FAMILIES.eventsStoredKeys, statement, { settings: { max_execution_time: 10 } });
    for await (const [env, event, id] of rows) stored.add(eventKeyString(env, event, id));
  };
  if (located.length) {
    let data = '';
    for (const k of located) {
      data += `${tsvString(k.environment_id)}\t${tsvString(k.event)}\t${Math.trunc(k.timestamp!)}\t${tsvString(k.identifier ?? '')}\t${tsvString(k.event_id)}\n`;
    }
    await collect(sql`SELECT DISTINCT environment_id, event, event_id FROM events
            WHERE (environment_id, event, toDate(timestamp), ifNull(identifier, ''), event_key, event_id) IN (
              SELECT environment_id, event, toDate(fromUnixTimestamp64Milli(ms, 'UTC')), subject, sipHash64(event_id), event_id
              FROM format(TabSeparated, 'environment_id String, event String, ms Int64, subject String, event_id String', ${data}))`);
  }
  if (bare.length) {
    let data = '';
    for (const k of bare) data += `${tsvString(k.environment_id)}\t${tsvString(k.event)}\t${tsvString(k.event_id)}\n`;
    await collect(sql`SELECT DISTINCT environment_id, event, event_id FROM events
            WHERE (environment_id, event, event_id) IN (
              SELECT environment_id, event, event_id
              FROM format(TabSeparated, 'environment_id String, event String, event_id String', ${data}))`);
  }
  return stored;
}

/**
 * Ids of the events received since `sinceMs` (epoch ms), at most `limit`, streamed (to warm the
 * recent-keys filter at start). Events received then carry a timestamp no older than
 * `sinceMs - maxAgeMs`, which prunes older partitions.
 */
export async function* recentEventIds(
  warehouse: WarehouseQueries,
  opts: { sinceMs: number; maxAgeMs: number; limit: number },
): AsyncGenerator<string> {
  const rows = warehouse.stream<[string]>(
    QUERY_FAMILIES.eventsRecentIds,
    sql`SELECT event_id FROM events
            WHERE timestamp >= fromUnixTimestamp64Milli(${Math.trunc(opts.sinceMs - opts.maxAgeMs)})
              AND received_at >= fromUnixTimestamp64Milli(${Math.trunc(opts.sinceMs)})
            LIMIT ${param(opts.limit, 'UInt64')}`,
    { settings: { max_execution_time: 60 } },
  );
  for await (const [eventId] of rows) yield eventId;
}

/**
 * The string form of an event key (findStoredEvents' answer, the ingestion writer's per-flush
 * sets): `<length of environment_id>:<environment_id><length of event>:<event><event_id>`.
 * Length prefixes make it unambiguous for any field contents; fields joined with NUL were not
 * (`("col\0b", "c")` and `("col", "b\0c")` gave one string, and one event was dropped as a
 * duplicate of the other: issue 14, finding 3).
 *
 * Compatibility: this string is never stored. What is stored is the three columns, and stored
 * keys are matched column-wise (the tuple IN of findStoredEvents, the table's sort key), so the
 * new encoding changes no stored key and resends of events stored before the upgrade are
 * recognised exactly as before. The event ids themselves are unchanged (event-row.ts).
 */
export function eventKeyString(environmentId: string, event: string, eventId: string): string {
  return `${environmentId.length}:${environmentId}${event.length}:${event}${eventId}`;
}
