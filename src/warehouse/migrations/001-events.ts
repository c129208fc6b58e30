/**
 * Events as sent by SDKs (`POST /v1/events`, `trackEvents`).
 *
 * Idempotency: ReplacingMergeTree keyed on (environment_id, event, event_id), read with FINAL.
 * Chosen over `insert_deduplication_token` because that deduplicates whole insert blocks: the
 * gateway groups concurrent requests into one insert, so a resent batch lands in a block of
 * different content (other requests, or only part of it new), and block deduplication also needs
 * a deduplication window the embedded engine does not keep by default. Keyed on the event id,
 * a resent event collapses whatever insert it arrived in: background merges keep one row, and
 * FINAL makes every read count it once even before a merge. FINAL costs a merge-on-read, which the
 * sort key keeps cheap: results read one environment and a handful of event names. Ingestion
 * also looks the keys up before inserting (warehouse/events-store.ts, findStoredEvents), so a resend is
 * reported as `duplicates` and not written again.
 */
export default {
  version: 1,
  name: 'events',
  statements: [
    `CREATE TABLE IF NOT EXISTS events (
      environment_id LowCardinality(String),
      event_id String,
      event LowCardinality(String),
      feature_name Nullable(String),
      identifier Nullable(String),
      value Nullable(String) COMMENT 'as sent: a number, a variant key or text',
      value_number Nullable(Float64) COMMENT 'numeric reading of value, for SUM and MEAN',
      traits String COMMENT 'JSON object text, {} when absent',
      metadata String COMMENT 'JSON object text, {} when absent',
      timestamp DateTime64(3, 'UTC') COMMENT 'client time, or receive time when absent',
      received_at DateTime64(3, 'UTC')
    )
    ENGINE = ReplacingMergeTree
    PARTITION BY toYYYYMM(timestamp)
    ORDER BY (environment_id, event, event_id)`,
  ],
};
