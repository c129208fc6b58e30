/** Metric catalog: types, createMetric, updateMetric, deleteMetric and Environment.metrics. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  isRatioDefinition,
  readAnalysisSettings,
  readEventDefinition,
  type FilterOperator,
  type StoredCupedSettings,
  type StoredEventDefinition,
  type StoredEventMeasure,
  type StoredPrior,
  type StoredRatioDefinition,
} from '../domain/metric/definition.js';
import { isFactDefinition, readFactDefinition, type StoredFactDefinition, type StoredFactOperand } from '../domain/metric/fact-definition.js';
import type { MonitoringSettings } from '../domain/metric/service.js';
import { BucketInterval, MetricAggregation, MetricKind, MetricPolarity, MetricStatus } from '../generated/prisma/client.js';
import { MAX_DESCRIPTION_LENGTH } from '../domain/names.js';
import { builder } from './builder.js';
import { pagedCost } from './cost.js';
import { maxPageSize } from './paging.js';
import { EnvironmentNode } from './environment.js';
import { decodeId, payload, payloadType } from './errors.js';
import { visibleScopedNode } from './visibility.js';

export const MetricKindEnum = builder.enumType(MetricKind, {
  description: 'What a metric is defined on.',
  name: 'MetricKind',
  values: {
    EVENT: { description: 'Defined on events ingested through /v1/events or trackEvents.' },
    FACT: { description: 'Defined on a fact table (user SQL over the warehouse).' },
  },
});

export const MetricAggregationEnum = builder.enumType(MetricAggregation, {
  description: 'How a metric aggregates its events (or fact rows) per subject.',
  name: 'MetricAggregation',
  values: {
    COUNT: { description: 'Number of matching events per subject.' },
    SUM: { description: 'Sum of event values per subject.' },
    MEAN: { description: 'Mean of event values per subject (subjects without events are excluded).' },
    OCCURRENCE: { description: '1 if the subject has at least one matching event, else 0 (conversion).' },
    COUNT_DISTINCT: { description: 'Distinct values of a column per subject (fact metrics).' },
    RATIO: { description: 'Numerator over denominator, both aggregated per variant (fact metrics).' },
  },
});

export const MetricPolarityEnum = builder.enumType(MetricPolarity, {
  name: 'MetricPolarity',
  description: 'Which direction of the metric is good.',
  values: {
    HIGHER_IS_BETTER: { description: 'An increase is an improvement (revenue, conversion).' },
    LOWER_IS_BETTER: { description: 'A decrease is an improvement (latency, errors).' },
  },
});
export const MetricStatusEnum = builder.enumType(MetricStatus, {
  name: 'MetricStatus',
  description: 'Catalog status of a metric; any status may follow any other.',
  values: {
    DRAFT: { description: 'Being defined: attachable, not monitored.' },
    ACTIVE: { description: 'In use: attachable and, with monitoring on, evaluated by the scheduler.' },
    ARCHIVED: { description: 'Retired: stays attached where it is, cannot be attached anew, not monitored.' },
  },
});
export const BucketIntervalEnum = builder.enumType(BucketInterval, {
  name: 'BucketInterval',
  description: 'Length of a series bucket (UTC).',
  values: {
    HOUR: { description: 'One hour.' },
    DAY: { description: 'One UTC day.' },
  },
});
export const FilterOperatorEnum = builder.enumType('FilterOperator', {
  description:
    'How a property filter compares. Values are compared as text (a JSON number as its text, e.g. "100"), except GT/GTE/LT/LTE, which compare numbers.',
  values: {
    EQ: { description: 'The property is present and equals the one value.' },
    NEQ: { description: 'Not EQ: events without the property match too. One value.' },
    IN: { description: 'The property is present and equals one of the values (one or more).' },
    NOT_IN: { description: 'Not IN: events without the property match too. One or more values.' },
    GT: { description: 'The property reads as a number (a JSON number or a numeric string) greater than the one numeric value; others never match.' },
    GTE: { description: 'Like GT, greater than or equal.' },
    LT: { description: 'Like GT, less than.' },
    LTE: { description: 'Like GT, less than or equal.' },
    CONTAINS: { description: 'The property is present and its text contains the one non-empty value (case-sensitive).' },
    EXISTS: { description: 'The property is present (even with a null value). No values.' },
  } satisfies Record<FilterOperator, unknown>,
});

const PropertyFilter = builder.objectRef<StoredEventDefinition['filters'][number]>('PropertyFilter').implement({
  description: 'A condition on an event\'s traits or metadata, e.g. traits.plan EQ premium.',
  fields: (t) => ({
    property: t.exposeString('property', {
      description: 'Dotted path: traits.<key> or metadata.<key> (a top-level key, everything after the first dot).',
    }),
    operator: t.field({ description: 'How the property is compared with `values`.', type: FilterOperatorEnum, resolve: (f) => f.operator }),
    values: t.exposeStringList('values', {
      description: 'Compared values (one for scalar operators, several for IN / NOT_IN, none for EXISTS).',
    }),
  }),
});

const EventMetricDefinition = builder.objectRef<StoredEventDefinition>('EventMetricDefinition').implement({
  description: 'A metric over ingested events.',
  isTypeOf: (v) => typeof (v as StoredEventDefinition).event === 'string',
  fields: (t) => ({
    event: t.exposeString('event', { description: 'Event name, e.g. purchase.' }),
    filters: t.field({ description: 'Conditions every counted event must meet (all of them).', type: [PropertyFilter], resolve: (d) => d.filters }),
  }),
});

const EventMeasure = builder.objectRef<StoredEventMeasure>('EventMeasure').implement({
  description: 'One side of a ratio EVENT metric: a per-subject number from events.',
  fields: (t) => ({
    event: t.exposeString('event', { description: 'Event name, e.g. purchase.' }),
    aggregation: t.field({ type: MetricAggregationEnum, description: 'COUNT, SUM, MEAN or OCCURRENCE of the subject\'s matching events.', resolve: (m) => m.aggregation }),
    filters: t.field({ type: [PropertyFilter], description: 'Conditions every counted event meets (all of them).', resolve: (m) => m.filters }),
  }),
});

const RatioEventMetricDefinition = builder.objectRef<StoredRatioDefinition>('RatioEventMetricDefinition').implement({
  description:
    'A ratio over ingested events (aggregation RATIO), e.g. revenue per order: Σ numerator / Σ denominator per variant, both measured per subject over the metric\'s window; analysed by the delta method with the numerator–denominator covariance.',
  isTypeOf: (v) => isRatioDefinition(v),
  fields: (t) => ({
    numerator: t.field({ type: EventMeasure, description: 'The per-subject numerator.', resolve: (d) => d.numerator }),
    denominator: t.field({ type: EventMeasure, description: 'The per-subject denominator.', resolve: (d) => d.denominator }),
  }),
});

const FactOperand = builder.objectRef<StoredFactOperand>('FactOperand').implement({
  description: 'One side of a fact metric: a fact table\'s rows per subject, aggregated.',
  fields: (t) => ({
    // By name: FactTable (fact-table.ts) imports this module for MetricNode.
    factTable: t.prismaField({
      type: 'FactTable',
      description: 'The fact table aggregated.',
      resolve: async (query, o, _args, ctx) => {
        const table = await ctx.services.factTables.getForOperand(ctx.actor, o.factTableId, query);
        if (!table) throw new Error('fact table of a visible metric is not visible');
        return table;
      },
    }),
    aggregation: t.field({ type: MetricAggregationEnum, description: 'How rows per subject become one number.', resolve: (o) => o.aggregation }),
    column: t.exposeString('column', { nullable: true, description: 'Column aggregated by SUM / MEAN / COUNT_DISTINCT; null for COUNT and OCCURRENCE.' }),
    rowFilters: t.exposeStringList('rowFilters', { description: 'Names of the fact table\'s row filters applied (AND).' }),
  }),
});

const FactMetricDefinition = builder.objectRef<StoredFactDefinition>('FactMetricDefinition').implement({
  description: 'A metric over fact tables: one operand, or a ratio of two (each may use a different fact table).',
  isTypeOf: (v) => isFactDefinition(v),
  fields: (t) => ({
    numerator: t.field({ type: FactOperand, description: 'The operand (the numerator of a RATIO).', resolve: (d) => d.numerator }),
    denominator: t.field({ type: FactOperand, nullable: true, description: 'Present for RATIO metrics.', resolve: (d) => d.denominator ?? null }),
  }),
});

const MetricDefinition = builder.unionType('MetricDefinition', {
  description: 'How the metric is computed: on events (a single measure or a ratio), or on fact tables.',
  types: [EventMetricDefinition, RatioEventMetricDefinition, FactMetricDefinition],
  resolveType: (d) => (isFactDefinition(d) ? FactMetricDefinition : isRatioDefinition(d) ? RatioEventMetricDefinition : EventMetricDefinition),
});

const CupedSettings = builder.objectRef<StoredCupedSettings>('CupedSettings').implement({
  description:
    'CUPED (regression adjustment, Deng et al. 2013): the covariate is this metric measured over [first exposure − preExposureDays, first exposure). Applied when a results request asks for it (ResultsAnalysisInput.cuped).',
  fields: (t) => ({
    preExposureDays: t.exposeInt('preExposureDays', { description: 'Length of the pre-exposure window, days (1–90, default 14).' }),
  }),
});

const MetricPrior = builder.objectRef<StoredPrior>('MetricPrior').implement({
  description: 'A proper Gaussian prior on the relative lift for BAYESIAN analyses (gbstats GaussianPrior); without one the prior is flat.',
  fields: (t) => ({
    mean: t.exposeFloat('mean', { description: 'Prior mean of the relative lift (0.1 = +10 %).' }),
    stddev: t.exposeFloat('stddev', { description: 'Prior standard deviation of the relative lift.' }),
  }),
});

const MetricMonitoring = builder
  .objectRef<MonitoringSettings>('MetricMonitoring')
  .implement({
    description: 'Anomaly monitoring settings of a metric.',
    fields: (t) => ({
      enabled: t.exposeBoolean('enabled', { description: 'True when the scheduler evaluates this metric for anomalies.' }),
      interval: t.field({ description: 'Bucket length the metric is evaluated at.', type: BucketIntervalEnum, resolve: (m) => m.interval }),
      sensitivity: t.exposeFloat('sensitivity', {
        description: 'Detector threshold in robust standard deviations; lower flags more.',
      }),
    }),
  });

export const MetricNode = builder.prismaNode('Metric', {
  id: { field: 'id' },
  description: 'A reusable, environment-scoped metric. Its definition is immutable once created.',
  // node(id) of a deleted or invisible metric is null, not an error.
  nullable: true,
  findUnique: (id, ctx) => visibleScopedNode(id, ctx.actor),
  fields: (t) => ({
    environment: t.relation('environment', { description: 'The environment the metric belongs to.' }),
    name: t.exposeString('name', { description: 'Display name, unique among the environment\'s non-deleted metrics.' }),
    description: t.exposeString('description', { description: 'Free text; null when not set.', nullable: true }),
    kind: t.field({ description: 'EVENT (on ingested events) or FACT (on a fact table).', type: MetricKindEnum, resolve: (m) => m.kind }),
    aggregation: t.field({ description: 'How values are aggregated per subject.', type: MetricAggregationEnum, resolve: (m) => m.aggregation }),
    polarity: t.field({ description: 'Which direction is good; verdicts use it.', type: MetricPolarityEnum, resolve: (m) => m.polarity }),
    status: t.field({ description: 'Catalog status.', type: MetricStatusEnum, resolve: (m) => m.status }),
    definition: t.field({
      description: 'What is measured (immutable).',
      type: MetricDefinition,
      resolve: (m) => (m.kind === 'FACT' ? readFactDefinition(m.definition) : isRatioDefinition(m.definition) ? m.definition : readEventDefinition(m.definition)),
    }),
    cuped: t.field({
      type: CupedSettings,
      nullable: true,
      description: 'CUPED settings; null = no pre-exposure covariate is read for this metric.',
      resolve: (m) => readAnalysisSettings(m.definition).cuped ?? null,
    }),
    prior: t.field({
      type: MetricPrior,
      nullable: true,
      description: 'The proper prior of BAYESIAN analyses; null = flat prior.',
      resolve: (m) => readAnalysisSettings(m.definition).prior ?? null,
    }),
    windowHours: t.exposeInt('windowHours', {
      nullable: true,
      description: 'Hours after a subject\'s first exposure during which its events count; null = no limit.',
    }),
    monitoring: t.field({
      description: 'Anomaly monitoring settings.',
      type: MetricMonitoring,
      resolve: (m) => ({ enabled: m.monitoringEnabled, interval: m.monitoringInterval, sensitivity: m.monitoringSensitivity }),
    }),
    createdAt: t.expose('createdAt', { description: 'When the metric was created.', type: 'DateTime' }),
  }),
});

const PropertyFilterInput = builder.inputType('PropertyFilterInput', {
  description: 'A condition on traits.<key> or metadata.<key> of each event.',
  fields: (t) => ({
    property: t.string({ description: 'traits.<key> or metadata.<key>; no control characters.' }),
    operator: t.field({ description: 'How to compare; decides how many values are allowed.', type: FilterOperatorEnum }),
    values: t.stringList({ description: 'Values to compare with (see the operator); at most 1,000, each at most 1,000 characters.', defaultValue: [] }),
  }),
});

const EventMetricInput = builder.inputType('EventMetricInput', {
  description: 'A metric over ingested events.',
  fields: (t) => ({
    event: t.string({ description: 'Event name to count, e.g. purchase (1–200 characters).' }),
    filters: t.field({ description: 'Conditions each event must meet (all of them); at most 20.', type: [PropertyFilterInput], defaultValue: [] }),
  }),
});

const EventMeasureInput = builder.inputType('EventMeasureInput', {
  description: 'One side of a ratio: an event, how a subject\'s matching events aggregate, and filters.',
  fields: (t) => ({
    event: t.string({ description: 'Event name (1–200 characters).' }),
    aggregation: t.field({ type: MetricAggregationEnum, description: 'COUNT, SUM, MEAN or OCCURRENCE (VALIDATION otherwise).' }),
    filters: t.field({ type: [PropertyFilterInput], defaultValue: [], description: 'At most 20 filters; all must hold.' }),
  }),
});

const RatioEventMetricInput = builder.inputType('RatioEventMetricInput', {
  description: 'A ratio EVENT metric (createMetric aggregation must be RATIO); filter values of both sides total at most 100,000 characters.',
  fields: (t) => ({
    numerator: t.field({ type: EventMeasureInput, description: 'Per-subject numerator, e.g. SUM of purchase values.' }),
    denominator: t.field({ type: EventMeasureInput, description: 'Per-subject denominator, e.g. COUNT of purchases.' }),
  }),
});

const CupedSettingsInput = builder.inputType('CupedSettingsInput', {
  description: 'Turns CUPED on for the metric (not for RATIO metrics: VALIDATION).',
  fields: (t) => ({
    preExposureDays: t.int({ required: false, defaultValue: 14, description: 'Pre-exposure window of the covariate, whole days 1–90 (default 14).' }),
  }),
});

const MetricPriorInput = builder.inputType('MetricPriorInput', {
  description: 'A proper Gaussian prior on the relative lift (BAYESIAN analyses).',
  fields: (t) => ({
    mean: t.float({ description: 'Prior mean of the relative lift, within ±1000.' }),
    stddev: t.float({ description: 'Prior standard deviation of the relative lift, in (0, 1000].' }),
  }),
});

const UpdateMetricInput = builder.inputType('UpdateMetricInput', {
  description: 'Only descriptive and operational fields; the definition is immutable.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of the metric.' }),
    name: t.string({ required: false, description: 'New name, unique among the environment\'s non-deleted metrics; absent or null = unchanged.' }),
    description: t.string({ required: false, description: `At most ${MAX_DESCRIPTION_LENGTH} characters. Absent = unchanged; null clears it.` }),
    status: t.field({ type: MetricStatusEnum, required: false, description: 'Any status may follow any other; an ARCHIVED metric stays attached where it is.' }),
    monitoring: t.field({ type: MonitoringInput, required: false, description: 'Replaces the monitoring settings; absent or null = unchanged.' }),
  }),
});

const FactOperandInput = builder.inputType('FactOperandInput', {
  description: 'One side of a fact metric: a fact table of the metric\'s environment, aggregated per subject.',
  fields: (t) => ({
    factTableId: t.id({ description: 'Global id of the fact table.' }),
    aggregation: t.field({ type: MetricAggregationEnum, description: 'COUNT, SUM, MEAN, COUNT_DISTINCT or OCCURRENCE (not RATIO).' }),
    column: t.string({ required: false, description: 'A column of the fact table: required for SUM / MEAN (NUMBER or BOOLEAN) and COUNT_DISTINCT, absent for COUNT and OCCURRENCE.' }),
    rowFilters: t.stringList({ defaultValue: [], description: 'Names of the fact table\'s row filters to apply together (at most 20).' }),
  }),
});

const FactMetricInput = builder.inputType('FactMetricInput', {
  description: 'A fact metric: one operand (the metric\'s aggregation is the operand\'s), or a RATIO of a numerator and a denominator.',
  fields: (t) => ({
    numerator: t.field({ type: FactOperandInput, description: 'The operand, or the numerator of a RATIO.' }),
    denominator: t.field({ type: FactOperandInput, required: false, description: 'The denominator of a RATIO (aggregation RATIO); may use another fact table.' }),
  }),
});

const MetricDefinitionInput = builder.inputType('MetricDefinitionInput', {
  description: 'Exactly one of event / ratio / fact.',
  isOneOf: true,
  fields: (t) => ({
    event: t.field({ description: 'A metric over ingested events.', type: EventMetricInput, required: false }),
    fact: t.field({ description: 'A metric over fact tables (one operand, or a RATIO of two).', type: FactMetricInput, required: false }),
    ratio: t.field({ type: RatioEventMetricInput, required: false, description: 'A ratio of two event measures (aggregation RATIO).' }),
  }),
});

const MonitoringInput = builder.inputType('MonitoringInput', {
  description: 'Anomaly monitoring settings of a metric.',
  fields: (t) => ({
    enabled: t.boolean({ description: 'Evaluate the metric for anomalies.' }),
    interval: t.field({ description: 'Bucket length to evaluate; default DAY.', type: BucketIntervalEnum, defaultValue: 'DAY' }),
    sensitivity: t.float({ description: 'Threshold in robust standard deviations (default 3.5); lower flags more.', defaultValue: 3.5 }),
  }),
});

const CreateMetricInput = builder.inputType('CreateMetricInput', {
  description: 'A new EVENT or FACT metric; its definition is immutable once created.',
  fields: (t) => ({
    environmentKey: t.string({ description: 'Key of the environment to create it in (EDITOR there).' }),
    name: t.string({ description: '1–200 characters, unique among the environment\'s non-deleted metrics.' }),
    description: t.string({ required: false, description: `At most ${MAX_DESCRIPTION_LENGTH} characters.` }),
    aggregation: t.field({ description: 'How values are aggregated per subject.', type: MetricAggregationEnum }),
    polarity: t.field({ description: 'Which direction is good; default HIGHER_IS_BETTER.', type: MetricPolarityEnum, defaultValue: 'HIGHER_IS_BETTER' }),
    definition: t.field({ description: 'What is measured: exactly one of event / ratio / fact.', type: MetricDefinitionInput }),
    windowHours: t.int({ description: 'Hours after a subject\'s first exposure during which its events count (a whole number ≥ 1); absent = no limit.', required: false }),
    status: t.field({ description: 'Initial status; default ACTIVE.', type: MetricStatusEnum, defaultValue: 'ACTIVE' }),
    monitoring: t.field({ description: 'Anomaly monitoring; off when absent.', type: MonitoringInput, required: false }),
    cuped: t.field({ type: CupedSettingsInput, required: false, description: 'CUPED settings; absent = no covariate. Immutable like the definition.' }),
    prior: t.field({ type: MetricPriorInput, required: false, description: 'Proper prior for BAYESIAN analyses; absent = flat. Immutable like the definition.' }),
  }),
});

const MetricPayload = payloadType('MetricPayload', { metric: { type: MetricNode } });

/** `{ deletedId, errors }`: shared by every delete mutation. */
export const DeletePayload = payloadType('DeletePayload', {
  deletedId: { type: 'ID', description: 'Global id of the deleted object.' },
});

const MetricConnection = builder.connectionObject({ type: MetricNode, name: 'MetricConnection' }, { name: 'MetricEdge' });

builder.prismaObjectField(EnvironmentNode, 'metrics', (t) =>
  t.prismaConnection(
    {
      type: 'Metric',
      cursor: 'id',
      complexity: pagedCost,
      maxSize: maxPageSize,
      description:
        'The environment\'s non-deleted metrics, oldest first. Without `status`, every status is listed (ARCHIVED included).',
      args: { status: t.arg({ type: MetricStatusEnum, required: false, description: 'Only metrics with this status.' }) },
      totalCount: (env, args, ctx) => ctx.services.metrics.count(ctx.actor, { environmentId: env.id, status: args.status }),
      resolve: (query, env, args, ctx) => ctx.services.metrics.list(ctx.actor, { environmentId: env.id, status: args.status }, query),
    },
    MetricConnection,
  ),
);

builder.mutationField('createMetric', (t) =>
  t.field({
    type: MetricPayload,
    description:
      'Creates an EVENT or FACT metric (EDITOR). A FACT metric aggregates fact tables of its environment: one operand (aggregation = the operand\'s), or a RATIO of a numerator and a denominator (each may use a different fact table). Errors: NOT_FOUND/FORBIDDEN (environment), VALIDATION (definition, filters, columns, row filters, window), CONFLICT (name in use).',
    args: { input: t.arg({ type: CreateMetricInput, description: 'What to do: see `CreateMetricInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => {
        const fact = input.definition.fact;
        const operand = (o: NonNullable<typeof fact>['numerator'], side: string) => ({
          ...o,
          factTableId: decodeId(o.factTableId, 'FactTable', ['input', 'definition', 'fact', side, 'factTableId']),
        });
        const definition = fact
          ? { fact: { numerator: operand(fact.numerator, 'numerator'), denominator: fact.denominator ? operand(fact.denominator, 'denominator') : null } }
          : { event: input.definition.event, ratio: input.definition.ratio };
        return { metric: await ctx.services.metrics.create(ctx.actor, { ...input, definition }) };
      }),
  }),
);

builder.mutationField('updateMetric', (t) =>
  t.field({
    type: MetricPayload,
    description:
      'Changes name, description, status or monitoring (EDITOR); the definition is immutable. Errors: NOT_FOUND (absent or deleted), FORBIDDEN, VALIDATION, CONFLICT (name in use).',
    args: { input: t.arg({ type: UpdateMetricInput, description: 'What to do: see `UpdateMetricInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({
        metric: await ctx.services.metrics.update(ctx.actor, { ...input, id: decodeId(input.id, 'Metric', ['input', 'id']) }),
      })),
  }),
);

builder.mutationField('deleteMetric', (t) =>
  t.field({
    type: DeletePayload,
    description:
      'Soft delete (ADMIN). CONFLICT while attached to an experiment that is not ended or archived (deleted experiments do not count). Errors: NOT_FOUND, FORBIDDEN, CONFLICT.',
    args: { id: t.arg.id({ description: 'Global id of the metric.' }) },
    resolve: (_r, { id }, ctx) =>
      payload(async () => ({
        deletedId: encodeGlobalID('Metric', await ctx.services.metrics.delete(ctx.actor, decodeId(id, 'Metric', ['id']))),
      })),
  }),
);
