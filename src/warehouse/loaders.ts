/**
 * Per-request DataLoader for experiment aggregates: however many result fields a request asks
 * for (results, each ExperimentMetric.result, any alpha), an experiment costs one warehouse query.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import DataLoader from 'dataloader';
import { readExperimentAggregates, type ExperimentAggregates } from './readers/results.js';
import type { ResultsQueryInput } from './sql/results.sql.js';

export type ResultsLoader = DataLoader<ResultsQueryInput & { experimentId: string }, ExperimentAggregates, string>;

/** A fresh loader (one per request); cached by experiment id. */
export function createResultsLoader(client: ClickHouseClient): ResultsLoader {
  return new DataLoader(
    (inputs) => Promise.all(inputs.map((input) => readExperimentAggregates(client, input).catch((e: Error) => e))),
    { cacheKeyFn: (input) => input.experimentId },
  );
}
