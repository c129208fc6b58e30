/**
 * Events as sent by SDKs (`POST /v1/events`, `trackEvents`).
 *
 * Idempotency: ReplacingMergeTree keyed on (environment_id, event, event_id). A resent event has
 * the same id, so background merges keep one row, and every read uses FINAL so results count it
 * once even before a merge. Inserts are also checked against stored ids first (see
 * ingestion/service.ts) so the API can report `duplicates`. FINAL costs a merge-on-read, which
 * the sort key keeps cheap: results read one environment and a handful of event names.
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
