/**
 * Fact tables (issue 11): types, createFactTable, updateFactTable, deleteFactTable,
 * previewFactTable and Environment.factTables. Resolvers parse arguments and call the fact-table
 * service; the SQL rules live in warehouse/sandbox.ts and domain/fact-table/.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { readColumns, readRowFilters, type StoredFactColumn, type StoredRowFilter } from '../domain/fact-table/definition.js';
import { MAX_FACT_SQL_CHARS, MAX_PREVIEW_ROWS, MAX_ROW_FILTERS } from '../domain/fact-table/rules.js';
import type { FactTablePreview } from '../domain/fact-table/service.js';
import { MAX_DESCRIPTION_LENGTH } from '../domain/names.js';
import { builder } from './builder.js';
import { pagedCost, WAREHOUSE_COST } from './cost.js';
import { EnvironmentNode } from './environment.js';
import { decodeId, payload, payloadType } from './errors.js';
import { DeletePayload, MetricNode } from './metric.js';
import { maxPageSize } from './paging.js';
import { visibleScopedNode } from './visibility.js';

export const FactColumnTypeEnum = builder.enumType('FactColumnType', {
  description: 'The bucket of a fact-table column\'s warehouse type.',
  values: {
    NUMBER: { description: 'Integers, floats and decimals.' },
    STRING: { description: 'Text and every other type (UUID, enums, arrays …).' },
    BOOLEAN: { description: 'Bool.' },
    TIMESTAMP: { description: 'Date, Date32, DateTime, DateTime64.' },
  },
});

const FactColumn = builder.objectRef<StoredFactColumn>('FactColumn').implement({
  description: 'A column of a fact table\'s SELECT, as the warehouse describes it.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Column name as the SELECT returns it.' }),
    type: t.field({ type: FactColumnTypeEnum, description: 'Bucket of the warehouse type.', resolve: (c) => c.type }),
    warehouseType: t.exposeString('warehouseType', { description: 'The warehouse\'s own type name, e.g. Nullable(Float64).' }),
  }),
});

const RowFilter = builder.objectRef<StoredRowFilter>('RowFilter').implement({
  description: 'A named condition on a fact table\'s rows that metrics may apply.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name metrics refer to it by.' }),
    sql: t.exposeString('sql', { description: 'A boolean SQL expression over the fact table\'s columns (as the warehouse formatted it).' }),
  }),
});

export const FactTableNode = builder.prismaNode('FactTable', {
  id: { field: 'id' },
  description: 'A named, read-only SELECT over the warehouse that fact metrics aggregate.',
  nullable: true,
  findUnique: (id, ctx) => visibleScopedNode(id, ctx.actor),
  fields: (t) => ({
    environment: t.relation('environment', { description: 'The environment the fact table belongs to.' }),
    name: t.exposeString('name', { description: 'Unique among the environment\'s fact tables.' }),
    description: t.exposeString('description', { nullable: true, description: 'Free text.' }),
    sql: t.exposeString('sql', {
      description: 'The SELECT, as the warehouse formatted it (one line, comments dropped). It sees the environment\'s warehouse database and `events` (the environment\'s own events).',
    }),
    timestampColumn: t.exposeString('timestampColumn', { description: 'The TIMESTAMP column metric windows apply to.' }),
    identifierColumns: t.exposeStringList('identifierColumns', {
      description: 'Columns identifying subjects; results join the one named like the experiment\'s subjectType, else the first, to exposures.',
    }),
    columns: t.field({ type: [FactColumn], description: 'Introspected columns of the SELECT.', resolve: (f) => readColumns(f.columns) }),
    rowFilters: t.field({ type: [RowFilter], description: 'Named row filters.', resolve: (f) => readRowFilters(f.rowFilters) }),
    metrics: t.field({
      type: [MetricNode],
      description: 'Non-deleted metrics built on this fact table.',
      resolve: (f, _args, ctx) => ctx.services.factTables.metricsOf(ctx.actor, f),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
  }),
});

const FactTablePreviewRef = builder.objectRef<FactTablePreview>('FactTablePreview').implement({
  description: 'Columns and sample rows of a fact table\'s SELECT.',
  fields: (t) => ({
    columns: t.field({ type: [FactColumn], description: 'Introspected columns.', resolve: (p) => p.columns }),
    rows: t.field({ type: ['JSON'], description: 'Up to `limit` sample rows, as JSON objects keyed by column name.', resolve: (p) => p.rows }),
  }),
});

const RowFilterInput = builder.inputType('RowFilterInput', {
  description: 'A named row filter.',
  fields: (t) => ({
    name: t.string({ description: 'Unique within the fact table, 1–100 characters.' }),
    sql: t.string({ description: 'A boolean SQL expression over the fact table\'s columns (no subqueries), at most 2000 characters.' }),
  }),
});

const CreateFactTableInput = builder.inputType('CreateFactTableInput', {
  description: 'A new fact table.',
  fields: (t) => ({
    environmentKey: t.string({ description: 'Key of the environment.' }),
    name: t.string({ description: 'Unique among the environment\'s non-deleted fact tables.' }),
    description: t.string({ required: false, description: `At most ${MAX_DESCRIPTION_LENGTH} characters.` }),
    sql: t.string({ description: `One SELECT (CTEs, joins, subqueries allowed) over the environment's tables and \`events\`; at most ${MAX_FACT_SQL_CHARS} characters.` }),
    timestampColumn: t.string({ description: 'A TIMESTAMP column of the SELECT (a plain column name).' }),
    identifierColumns: t.stringList({ description: 'Columns of the SELECT identifying subjects (1–10 plain column names).' }),
    rowFilters: t.field({ type: [RowFilterInput], defaultValue: [], description: `At most ${MAX_ROW_FILTERS}.` }),
  }),
});

const UpdateFactTableInput = builder.inputType('UpdateFactTableInput', {
  description: 'Changes to a fact table; absent fields stay. A new definition must keep every metric built on the table valid.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of the fact table.' }),
    name: t.string({ required: false, description: 'New name; absent or null = unchanged.' }),
    description: t.string({ required: false, description: 'Absent = unchanged; null clears it.' }),
    sql: t.string({ required: false, description: 'New SELECT; absent or null = unchanged.' }),
    timestampColumn: t.string({ required: false, description: 'New timestamp column; absent or null = unchanged.' }),
    identifierColumns: t.stringList({ required: false, description: 'New identifier columns; absent or null = unchanged.' }),
    rowFilters: t.field({ type: [RowFilterInput], required: false, description: 'Replaces every row filter; absent or null = unchanged.' }),
  }),
});

const PreviewFactTableInput = builder.inputType('PreviewFactTableInput', {
  description: 'SQL to try before saving it as a fact table.',
  fields: (t) => ({
    environmentKey: t.string({ description: 'Key of the environment whose tables and events the SQL reads.' }),
    sql: t.string({ description: 'The SELECT to preview.' }),
    limit: t.int({ defaultValue: 20, description: `Sample rows, 1–${MAX_PREVIEW_ROWS}.` }),
  }),
});

const FactTablePayload = payloadType('FactTablePayload', { factTable: { type: FactTableNode, description: 'The fact table.' } });
const FactTablePreviewPayload = payloadType('FactTablePreviewPayload', { preview: { type: FactTablePreviewRef, description: 'Columns and sample rows.' } });

const FactTableConnection = builder.connectionObject({ type: FactTableNode, name: 'FactTableConnection' }, { name: 'FactTableEdge' });

builder.prismaObjectField(EnvironmentNode, 'factTables', (t) =>
  t.prismaConnection(
    {
      type: 'FactTable',
      cursor: 'id',
      complexity: pagedCost,
      maxSize: maxPageSize,
      description: 'The environment\'s non-deleted fact tables, oldest first.',
      totalCount: (env, _args, ctx) => ctx.services.factTables.count(ctx.actor, env.id),
      resolve: (query, env, _args, ctx) => ctx.services.factTables.list(ctx.actor, env.id, query),
    },
    FactTableConnection,
  ),
);

const decodeTable = (id: string, field: string[]) => decodeId(id, 'FactTable', field);

builder.mutationField('createFactTable', (t) =>
  t.field({
    type: FactTablePayload,
    complexity: WAREHOUSE_COST,
    description:
      'Creates a fact table (EDITOR): the SQL is checked by the warehouse\'s parser and introspected in the sandbox. Errors: NOT_FOUND/FORBIDDEN (environment), UNSAFE_SQL (with the reasons), VALIDATION (columns, filters, bounds, SQL the warehouse refuses), CONFLICT (name), WAREHOUSE_LIMIT (a sandbox limit, named).',
    args: { input: t.arg({ type: CreateFactTableInput, description: 'The fact table.' }) },
    resolve: (_r, { input }, ctx) => payload(async () => ({ factTable: await ctx.services.factTables.create(ctx.actor, input) })),
  }),
);

builder.mutationField('updateFactTable', (t) =>
  t.field({
    type: FactTablePayload,
    complexity: WAREHOUSE_COST,
    description:
      'Changes a fact table (EDITOR). A new SQL, timestamp, identifiers or filters are checked like at create and re-validate every metric built on it (VALIDATION naming the metrics it would break). Errors: NOT_FOUND, FORBIDDEN, UNSAFE_SQL, VALIDATION, CONFLICT, WAREHOUSE_LIMIT.',
    args: { input: t.arg({ type: UpdateFactTableInput, description: 'The changes.' }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({
        factTable: await ctx.services.factTables.update(ctx.actor, { ...input, id: decodeTable(input.id, ['input', 'id']) }),
      })),
  }),
);

builder.mutationField('deleteFactTable', (t) =>
  t.field({
    type: DeletePayload,
    description: 'Soft delete (ADMIN). CONFLICT while a non-deleted metric uses the fact table. Errors: NOT_FOUND, FORBIDDEN, CONFLICT.',
    args: { id: t.arg.id({ description: 'Global id of the fact table.' }) },
    resolve: (_r, { id }, ctx) =>
      payload(async () => ({ deletedId: encodeGlobalID('FactTable', await ctx.services.factTables.delete(ctx.actor, decodeTable(id, ['id']))) })),
  }),
);

builder.mutationField('previewFactTable', (t) =>
  t.field({
    type: FactTablePreviewPayload,
    complexity: WAREHOUSE_COST,
    description:
      'Runs the SQL with the sandbox\'s limits and returns its columns and sample rows (EDITOR). Errors: NOT_FOUND/FORBIDDEN, UNSAFE_SQL, VALIDATION, WAREHOUSE_LIMIT (a sandbox limit, named).',
    args: { input: t.arg({ type: PreviewFactTableInput, description: 'The SQL and how many rows.' }) },
    resolve: (_r, { input }, ctx) => payload(async () => ({ preview: await ctx.services.factTables.preview(ctx.actor, input) })),
  }),
);
