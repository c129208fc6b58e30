/**
 * Plan of a results read (control-plane reads only): the experiment's variants, the cohort whose
 * splits the sample-ratio check expects, its attached EVENT metrics, its frozen snapshot if any,
 * and the warehouse request those make (the domain's metric definitions mapped to the
 * warehouse's own input types).
 */
import type { Allocation, Cohort, Experiment, ExperimentMetric, Metric, PrismaClient, Variant } from '../../generated/prisma/client.js';
import type { ExperimentAggregates } from '../../warehouse/readers/results.js';
import type { Sandbox, SandboxScope } from '../../warehouse/sandbox.js';
import { param } from '../../warehouse/sql.js';
import type { FactOperandInput, MetricInput, ResultsQueryInput } from '../../warehouse/sql/results-input.js';
import { buildResultsQuery } from '../../warehouse/sql/results.sql.js';
import { readRowFilters } from '../fact-table/definition.js';
import { toEventMetricReadSpec } from '../metric/definition.js';
import { readFactDefinition, type StoredFactOperand } from '../metric/fact-definition.js';
import { fromFrozenReadout, type FrozenReadout } from './snapshot.js';

export interface ReadoutPlan {
  experiment: Experiment;
  /** In display order (position). */
  variants: Variant[];
  /** The active cohort, or the one active when frozen; null without cohorts. */
  cohort: (Cohort & { allocations: Allocation[] }) | null;
  /**
   * Every cohort up to `cohort`, by index: cohort period p of the readout (its `cohortSubjects`)
   * is cohorts[p − 1], for the sample-ratio check per cohort.
   */
  cohorts: (Cohort & { allocations: Allocation[] })[];
  /** Attached EVENT and FACT metrics of live (not deleted) metrics, in attachment order. */
  attachments: (ExperimentMetric & { metric: Metric })[];
  /** The frozen figures, when the experiment's results were frozen (then nothing is read live). */
  frozen: { aggregates: ExperimentAggregates; takenAt: Date } | null;
  /** What a live read asks of the warehouse. */
  request: ResultsQueryInput;
  /** With FACT metrics: the environment whose locked sandbox session runs the read; else null. */
  sandboxScope: SandboxScope | null;
}

export type ResultsPlanner = ReturnType<typeof createResultsPlanner>;

/** Plans reads from the control plane. */
export function createResultsPlanner(prisma: PrismaClient, sandbox?: Sandbox) {
  /** The warehouse inputs of attached FACT metrics (their fact tables read once), by metric id. */
  async function factInputs(metrics: Metric[]): Promise<Map<string, MetricInput>> {
    const facts = metrics.filter((m) => m.kind === 'FACT');
    if (facts.length === 0) return new Map();
    const ids = [...new Set(facts.flatMap((m) => m.factTableIds))];
    // Deleted ones too: a metric keeps its tables (deleting a used table is refused), so this is belt and braces.
    const tables = new Map((await prisma.factTable.findMany({ where: { id: { in: ids } } })).map((t) => [t.id, t]));
    const operand = (o: StoredFactOperand): FactOperandInput => {
      const t = tables.get(o.factTableId);
      if (!t) throw new Error(`fact table ${o.factTableId} of a metric is missing`);
      const filters = readRowFilters(t.rowFilters);
      return {
        table: { id: t.id, sql: t.sql, identifierColumn: t.identifierColumns[0]!, timestampColumn: t.timestampColumn },
        aggregation: o.aggregation,
        column: o.column,
        filters: o.rowFilters.map((name) => filters.find((f) => f.name === name)!.sql),
      };
    };
    return new Map(
      facts.map((m) => {
        const def = readFactDefinition(m.definition);
        return [m.id, { source: 'fact', metricId: m.id, windowHours: m.windowHours, numerator: operand(def.numerator), ...(def.denominator ? { denominator: operand(def.denominator) } : {}) }];
      }),
    );
  }

  async function planWith(experiment: Experiment, frozen: { readout: FrozenReadout; takenAt: Date } | null): Promise<ReadoutPlan> {
    const cohortIndex = frozen ? frozen.readout.cohortIndex : undefined;
    const [variants, cohorts, attachments] = await Promise.all([
      prisma.variant.findMany({ where: { experimentId: experiment.id }, orderBy: { position: 'asc' } }),
      // Every cohort (at most MAX_COHORTS) in the statements the newest alone took.
      cohortIndex === null
        ? []
        : prisma.cohort.findMany({
            where: { experimentId: experiment.id, ...(cohortIndex === undefined ? {} : { index: { lte: cohortIndex } }) },
            orderBy: { index: 'asc' },
            include: { allocations: true },
          }),
      prisma.experimentMetric.findMany({
        where: { experimentId: experiment.id, metric: { deletedAt: null } },
        include: { metric: true },
        orderBy: { createdAt: 'asc' },
      }),
    ]);
    const cohort = cohorts.at(-1) ?? null;
    const facts = frozen ? new Map<string, MetricInput>() : await factInputs(attachments.map((a) => a.metric));
    const env = facts.size ? await prisma.environment.findUniqueOrThrow({ where: { id: experiment.environmentId }, select: { id: true, key: true } }) : null;
    if (env && !sandbox) throw new Error('results: FACT metrics need the sandbox');
    return {
      experiment,
      variants,
      cohort,
      cohorts,
      attachments,
      frozen: frozen ? { aggregates: fromFrozenReadout(frozen.readout), takenAt: frozen.takenAt } : null,
      request: {
        environmentId: experiment.environmentId,
        exposureEvent: experiment.exposureEvent,
        featureName: experiment.featureName,
        variantKeys: variants.map((v) => v.key),
        // A frozen plan reads nothing live (its fact tables are not even loaded).
        metrics: frozen ? [] : attachments.map((a): MetricInput => facts.get(a.metricId) ?? { source: 'events', ...toEventMetricReadSpec(a.metric) }),
        // Only when the splits changed: one cohort needs no per-period counts.
        ...(cohorts.length > 1 ? { cohortStartsMs: cohorts.map((c) => c.createdAt.getTime()) } : {}),
        ...(env && sandbox
          ? { eventsDatabase: sandbox.eventsDatabase, userEvents: sandbox.eventsCte(param(env.id, 'String', 'user_env')) }
          : {}),
      },
      sandboxScope: env ? { environmentId: env.id, environmentKey: env.key } : null,
    };
  }

  return {
    /** The plan of a results read: from the frozen snapshot when there is one, else live. */
    async plan(experiment: Experiment): Promise<ReadoutPlan> {
      // Only experiments past ACTIVE can have been frozen: skip the lookup for the others.
      const snapshot =
        experiment.status === 'DRAFT' || experiment.status === 'ACTIVE'
          ? null
          : await prisma.resultSnapshot.findUnique({ where: { experimentId: experiment.id } });
      return planWith(experiment, snapshot ? { readout: snapshot.readout as unknown as FrozenReadout, takenAt: snapshot.takenAt } : null);
    },

    /** The plan of presenting a stored readout (a snapshot of the history). */
    planStored(experiment: Experiment, readout: FrozenReadout, takenAt: Date): Promise<ReadoutPlan> {
      return planWith(experiment, { readout, takenAt });
    },

    /** The plan of a live read with the active cohort, ignoring any snapshot (to take one). */
    planLive(experiment: Experiment): Promise<ReadoutPlan> {
      return planWith(experiment, null);
    },
  };
}

/**
 * Bytes of results SQL text an experiment with these attached EVENT metrics reads with (values are
 * bound parameters and do not count; filters, ratio denominators and CUPED covariates do). The
 * engine refuses a statement past its max_query_size (256 KiB): attachMetric checks this first.
 * FACT metrics are not counted (attachment/service.ts passes EVENT metrics only): a read with any
 * runs in the sandbox session, whose max_query_size (warehouse/sandbox.ts) holds every fact
 * table's SQL at its length bound.
 */
export function resultsQueryBytes(metrics: Pick<Metric, 'id' | 'aggregation' | 'definition' | 'windowHours'>[]): number {
  const { query } = buildResultsQuery({
    environmentId: '',
    exposureEvent: '',
    featureName: '',
    variantKeys: [],
    metrics: metrics.map((m): MetricInput => ({ source: 'events', ...toEventMetricReadSpec(m) })),
    cohortStartsMs: [0, 1],
  });
  return Buffer.byteLength(query);
}
