/**
 * The frozen readout stored in ResultSnapshot when an experiment's winner is declared or it ends:
 * the warehouse aggregates (per-variant exposures, per-metric sufficient statistics) and the
 * cohort whose splits the sample-ratio check uses. No statistic is stored: they depend on alpha
 * and are recomputed from these aggregates on every read. Pure: JSON in, aggregates out.
 *
 * Formats: 2 (written now) stores n, Σx, Σx², the stable variance (and paired sums when read);
 * 1 (written before) stored n, Σx and the variance only. Both are read; Σx² of a format-1
 * aggregate is derived from its variance.
 */
import type { ExperimentAggregates, MetricAggregate } from '../../warehouse/readers/results.js';

/** A format-1 aggregate (snapshots frozen before sufficient statistics were stored). */
interface MetricAggregateV1 {
  n: number;
  sum: number;
  variance: number;
}

interface FrozenReadoutBase {
  /** Index of the active cohort when frozen; null without cohorts. */
  cohortIndex: number | null;
  /** Exposed subjects per variant key. */
  subjects: Record<string, number>;
  multipleExposures: number;
  /** Variant key → cohort period → exposed subjects (read since issue 10 when the splits changed). */
  cohortSubjects?: Record<string, Record<string, number>>;
}

export type FrozenReadout =
  /** metricId → variant key → aggregate, for the EVENT metrics attached when frozen. */
  | (FrozenReadoutBase & { format: 2; metrics: Record<string, Record<string, MetricAggregate>> })
  | (FrozenReadoutBase & { format: 1; metrics: Record<string, Record<string, MetricAggregateV1>> });

/** The JSON stored for `aggregates` read with cohort `cohortIndex` active (format 2). */
export function toFrozenReadout(aggregates: ExperimentAggregates, cohortIndex: number | null): FrozenReadout {
  return {
    format: 2,
    cohortIndex,
    subjects: Object.fromEntries(aggregates.subjects),
    multipleExposures: aggregates.multipleExposures,
    ...(aggregates.cohortSubjects
      ? { cohortSubjects: Object.fromEntries([...aggregates.cohortSubjects].map(([variant, byPeriod]) => [variant, Object.fromEntries(byPeriod)])) }
      : {}),
    metrics: Object.fromEntries([...aggregates.metrics].map(([metricId, byVariant]) => [metricId, Object.fromEntries(byVariant)])),
  };
}

/** Aggregates back from a stored readout of either format (the shape the results reader returns). */
export function fromFrozenReadout(readout: FrozenReadout): ExperimentAggregates {
  const upgrade = (a: MetricAggregate | MetricAggregateV1): MetricAggregate =>
    readout.format === 1
      ? { n: a.n, sum: a.sum, variance: a.variance, sumSquares: a.n > 0 ? a.variance * Math.max(0, a.n - 1) + (a.sum * a.sum) / a.n : 0 }
      : (a as MetricAggregate);
  return {
    subjects: new Map(Object.entries(readout.subjects)),
    multipleExposures: readout.multipleExposures,
    ...(readout.cohortSubjects
      ? {
          cohortSubjects: new Map(
            Object.entries(readout.cohortSubjects).map(([variant, byPeriod]) => [variant, new Map(Object.entries(byPeriod).map(([p, n]) => [Number(p), n]))]),
          ),
        }
      : {}),
    metrics: new Map(
      Object.entries(readout.metrics).map(([metricId, byVariant]) => [
        metricId,
        new Map(Object.entries(byVariant as Record<string, MetricAggregate | MetricAggregateV1>).map(([key, a]) => [key, upgrade(a)])),
      ]),
    ),
  };
}
