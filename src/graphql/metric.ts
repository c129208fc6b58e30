/** Metric catalog: types, createMetric, updateMetric, deleteMetric and Environment.metrics. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { readEventDefinition, type FilterOperator, type StoredEventDefinition } from '../domain/metric/definition.js';
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
  name: 'MetricKind',
  values: {
    EVENT: { description: 'Defined on events ingested through /v1/events or trackEvents.' },
    FACT: { description: 'Defined on a fact table (user SQL over the warehouse).' },
  },
});

export const MetricAggregationEnum = builder.enumType(MetricAggregation, {
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

export const MetricPolarityEnum = builder.enumType(MetricPolarity, { name: 'MetricPolarity' });
export const MetricStatusEnum = builder.enumType(MetricStatus, { name: 'MetricStatus' });
export const BucketIntervalEnum = builder.enumType(BucketInterval, { name: 'BucketInterval' });
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
    operator: t.field({ type: FilterOperatorEnum, resolve: (f) => f.operator }),
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
    filters: t.field({ type: [PropertyFilter], resolve: (d) => d.filters }),
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
  description: 'How the metric is computed: on events, or on fact tables.',
  types: [EventMetricDefinition, FactMetricDefinition],
  resolveType: (d) => (isFactDefinition(d) ? FactMetricDefinition : EventMetricDefinition),
});

const MetricMonitoring = builder
  .objectRef<MonitoringSettings>('MetricMonitoring')
  .implement({
    description: 'Anomaly monitoring settings of a metric.',
    fields: (t) => ({
      enabled: t.exposeBoolean('enabled'),
      interval: t.field({ type: BucketIntervalEnum, resolve: (m) => m.interval }),
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
    environment: t.relation('environment'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    kind: t.field({ type: MetricKindEnum, resolve: (m) => m.kind }),
    aggregation: t.field({ type: MetricAggregationEnum, resolve: (m) => m.aggregation }),
    polarity: t.field({ type: MetricPolarityEnum, resolve: (m) => m.polarity }),
    status: t.field({ type: MetricStatusEnum, resolve: (m) => m.status }),
    definition: t.field({
      type: MetricDefinition,
      resolve: (m) => (m.kind === 'FACT' ? readFactDefinition(m.definition) : readEventDefinition(m.definition)),
    }),
    windowHours: t.exposeInt('windowHours', {
      nullable: true,
      description: 'Hours after a subject\'s first exposure during which its events count; null = no limit.',
    }),
    monitoring: t.field({
      type: MetricMonitoring,
      resolve: (m) => ({ enabled: m.monitoringEnabled, interval: m.monitoringInterval, sensitivity: m.monitoringSensitivity }),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const PropertyFilterInput = builder.inputType('PropertyFilterInput', {
  fields: (t) => ({
    property: t.string(),
    operator: t.field({ type: FilterOperatorEnum }),
    values: t.stringList({ defaultValue: [] }),
  }),
});

const EventMetricInput = builder.inputType('EventMetricInput', {
  fields: (t) => ({
    event: t.string(),
    filters: t.field({ type: [PropertyFilterInput], defaultValue: [] }),
  }),
});

const UpdateMetricInput = builder.inputType('UpdateMetricInput', {
  description: 'Only descriptive and operational fields; the definition is immutable.',
  fields: (t) => ({
    id: t.id(),
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
  description: 'Exactly one of event / fact.',
  isOneOf: true,
  fields: (t) => ({
    event: t.field({ type: EventMetricInput, required: false }),
    fact: t.field({ type: FactMetricInput, required: false }),
  }),
});

const MonitoringInput = builder.inputType('MonitoringInput', {
  fields: (t) => ({
    enabled: t.boolean(),
    interval: t.field({ type: BucketIntervalEnum, defaultValue: 'DAY' }),
    sensitivity: t.float({ defaultValue: 3.5 }),
  }),
});

const CreateMetricInput = builder.inputType('CreateMetricInput', {
  fields: (t) => ({
    environmentKey: t.string(),
    name: t.string(),
    description: t.string({ required: false, description: `At most ${MAX_DESCRIPTION_LENGTH} characters.` }),
    aggregation: t.field({ type: MetricAggregationEnum }),
    polarity: t.field({ type: MetricPolarityEnum, defaultValue: 'HIGHER_IS_BETTER' }),
    definition: t.field({ type: MetricDefinitionInput }),
    windowHours: t.int({ required: false }),
    status: t.field({ type: MetricStatusEnum, defaultValue: 'ACTIVE' }),
    monitoring: t.field({ type: MonitoringInput, required: false }),
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
    args: { input: t.arg({ type: CreateMetricInput }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => {
        const fact = input.definition.fact;
        const operand = (o: NonNullable<typeof fact>['numerator'], side: string) => ({
          ...o,
          factTableId: decodeId(o.factTableId, 'FactTable', ['input', 'definition', 'fact', side, 'factTableId']),
        });
        const definition = fact
          ? { fact: { numerator: operand(fact.numerator, 'numerator'), denominator: fact.denominator ? operand(fact.denominator, 'denominator') : null } }
          : { event: input.definition.event };
        return { metric: await ctx.services.metrics.create(ctx.actor, { ...input, definition }) };
      }),
  }),
);

builder.mutationField('updateMetric', (t) =>
  t.field({
    type: MetricPayload,
    description:
      'Changes name, description, status or monitoring (EDITOR); the definition is immutable. Errors: NOT_FOUND (absent or deleted), FORBIDDEN, VALIDATION, CONFLICT (name in use).',
    args: { input: t.arg({ type: UpdateMetricInput }) },
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
    args: { id: t.arg.id() },
    resolve: (_r, { id }, ctx) =>
      payload(async () => ({
        deletedId: encodeGlobalID('Metric', await ctx.services.metrics.delete(ctx.actor, decodeId(id, 'Metric', ['id']))),
      })),
  }),
);
