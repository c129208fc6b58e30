/**
 * The one way to read an environment's events as counted facts: each stored event once, however
 * often it was resent or copied (migrations/002-events-layout.ts). Results and monitoring series
 * read events through `environmentEvents`; nothing else spells `FROM events FINAL`.
 *
 * Why FINAL stays cheap here: the table is a ReplacingMergeTree sorted by (environment, event,
 * UTC day, subject, fixed-width event key). FINAL only merges primary-key ranges that overlap
 * between parts (`split_parts_ranges_into_intersecting_and_non_intersecting_final`, on by
 * default), and new parts hold recent days, so a read merges the days still receiving events, not
 * the whole table; merged days are read like a plain scan (bench/scale.ts measures both). An
 * event's identity includes its UTC day, so both copies of one always share a partition (month):
 * FINAL need not merge across partitions (`do_not_merge_across_partitions_select_final`; the
 * engine does not infer it when the sort key holds `toDate(timestamp)` rather than `timestamp`).
 */
import { identifier, sql, type Param, type Sql } from '../sql.js';

/**
 * A FROM-able subquery of environment `env`'s deduplicated events, with the `events` columns
 * (environment_id, event_id, event, feature_name, identifier, value, value_number, traits,
 * metadata, timestamp, received_at), from `database`.events when given. Callers add their own WHERE on event, identifier, time:
 * the engine pushes those conditions into the subquery, before the merge.
 */
export function environmentEvents(env: Param, database?: string): Sql {
  // Qualified in the fact-table sandbox, whose default database is the environment's.
  const table = database ? sql`${identifier(database)}.events` : sql`events`;
  return sql`(
      SELECT environment_id, event_id, event, feature_name, identifier, value, value_number,
             traits, metadata, timestamp, received_at
      FROM ${table} FINAL
      WHERE environment_id = ${env}
      SETTINGS do_not_merge_across_partitions_select_final = 1
    )`;
}
