/**
 * The frozen readout stored in ResultSnapshot when an experiment's winner is declared or it ends:
 * the warehouse aggregates (per-variant exposures, per-metric n / sum / variance) and the cohort
 * whose splits the sample-ratio check uses. No statistic is stored: they depend on alpha and are
 * recomputed from these aggregates on every read. Pure: JSON in, aggregates out.
 */
import type { ExperimentAggregates, MetricAggregate } from '../../warehouse/readers/results.js';

export interface FrozenReadout {
  format: 1;
  /** Index of the active cohort when frozen; null without cohorts. */
  cohortIndex: number | null;
  /** Exposed subjects per variant key. */
  subjects: Record<string, number>;
  multipleExposures: number;
  /** metricId → variant key → aggregate, for the EVENT metrics attached when frozen. */
  metrics: Record<string, Record<string, MetricAggregate>>;
}

/** The JSON stored for `aggregates` read with cohort `cohortIndex` active. */
export function toFrozenReadout(aggregates: ExperimentAggregates, cohortIndex: number | null): FrozenReadout {
  return {
    format: 1,
    cohortIndex,
    subjects: Object.fromEntries(aggregates.subjects),
    multipleExposures: aggregates.multipleExposures,
    metrics: Object.fromEntries([...aggregates.metrics].map(([metricId, byVariant]) => [metricId, Object.fromEntries(byVariant)])),
  };
}

/** Aggregates back from a stored readout (the shape the results reader returns). */
export function fromFrozenReadout(readout: FrozenReadout): ExperimentAggregates {
  return {
    subjects: new Map(Object.entries(readout.subjects)),
    multipleExposures: readout.multipleExposures,
    metrics: new Map(Object.entries(readout.metrics).map(([metricId, byVariant]) => [metricId, new Map(Object.entries(byVariant))])),
  };
}
