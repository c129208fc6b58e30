/**
 * Fact tables (issue 11): named read-only SELECTs over the environment's warehouse database and
 * its events, which FACT metrics aggregate.
 *
 * - Every SQL text and row filter goes through the sandbox (warehouse/sandbox.ts): refused →
 *   UNSAFE_SQL with the reasons; the engine's analysis (DESCRIBE) gives the columns, their types
 *   and buckets; the timestamp column must be a TIMESTAMP, identifier columns must exist, every
 *   row filter must be a boolean expression over the columns. What is stored is the engine's
 *   formatting of the SQL and filters: what every later read runs.
 * - Names are unique per environment among non-deleted fact tables (CONFLICT; a partial unique
 *   index decides between concurrent writers).
 * - Changing the SQL, timestamp, identifiers or filters re-validates every non-deleted metric built
 *   on the table: a change that would break one is refused (VALIDATION naming the metrics).
 * - deleteFactTable is soft, needs ADMIN, and is CONFLICT while a non-deleted metric uses it.
 * - previewFactTable (EDITOR: it runs SQL) returns columns and up to `limit` rows.
 * Every change writes an audit entry (entity FACT_TABLE).
 */
import { isUniqueViolation } from '../../db/errors.js';
import type { FactTable, Prisma, PrismaClient } from '../../generated/prisma/client.js';
import type { Sandbox, SandboxScope } from '../../warehouse/sandbox.js';
import { canRead, type Actor } from '../access/actor.js';
import { environmentListWhere, requireChangeable } from '../access/scope.js';
import { auditState, recordAudit } from '../audit/service.js';
import type { EnvironmentService } from '../environment/service.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { operandProblems, readFactDefinition, type FactTableShape } from '../metric/fact-definition.js';
import { validateDescription, validateName } from '../names.js';
import { fromSandboxError } from '../warehouse-failure.js';
import { isBooleanType, readColumns, readRowFilters, type StoredFactColumn, type StoredRowFilter } from './definition.js';
import {
  toStoredColumns,
  validateFactSql,
  validateIdentifierColumns,
  validatePreviewLimit,
  validateRowFilterInput,
  validateTimestampColumn,
} from './rules.js';

export interface CreateFactTableInput {
  environmentKey: string;
  name: string;
  description?: string | null;
  sql: string;
  timestampColumn: string;
  identifierColumns: string[];
  rowFilters: { name: string; sql: string }[];
}

/** Absent (undefined or null) fields stay as they are; `description: null` clears it. */
export interface UpdateFactTableInput {
  id: string;
  name?: string | null;
  description?: string | null;
  sql?: string | null;
  timestampColumn?: string | null;
  identifierColumns?: string[] | null;
  rowFilters?: { name: string; sql: string }[] | null;
}

export interface FactTablePreview {
  columns: StoredFactColumn[];
  rows: Record<string, unknown>[];
}

/** The engine-checked definition of a fact table. */
interface Introspected {
  sql: string;
  timestampColumn: string;
  identifierColumns: string[];
  columns: StoredFactColumn[];
  rowFilters: StoredRowFilter[];
}

export type FactTableService = ReturnType<typeof createFactTableService>;

export function createFactTableService(deps: { prisma: PrismaClient; environments: EnvironmentService; sandbox: Sandbox }) {
  const { prisma, environments, sandbox } = deps;
  const nameTaken = (name: string) => new ConflictError(`a fact table named "${name}" exists in this environment`, ['input', 'name']);

  async function assertNameFree(environmentId: string, name: string, except?: string): Promise<void> {
    const clash = await prisma.factTable.findFirst({
      where: { environmentId, name, deletedAt: null, ...(except ? { id: { not: except } } : {}) },
      select: { id: true },
    });
    if (clash) throw nameTaken(name);
  }

  /** Runs a sandbox step, translating its failures (UNSAFE_SQL / VALIDATION at `field`, WAREHOUSE_LIMIT). */
  async function step<T>(field: string[], run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw fromSandboxError(err, field);
    }
  }

  /** Checks the SQL and returns its columns (engine-formatted SQL, introspected columns). */
  async function columnsOf(scope: SandboxScope, text: string, field: string[]) {
    const select = await step(field, () => sandbox.check(scope, validateFactSql(text, field)));
    const columns = toStoredColumns(await step(field, () => sandbox.describe(scope, select)));
    if (columns.length === 0) throw new ValidationError('the SELECT has no columns', field);
    return { select, columns };
  }

  /** Everything the engine decides about a definition (see the file header). */
  async function introspect(
    scope: SandboxScope,
    input: { sql: string; timestampColumn: string; identifierColumns: string[]; rowFilters: { name: string; sql: string }[] },
  ): Promise<Introspected> {
    const { select, columns } = await columnsOf(scope, input.sql, ['input', 'sql']);
    const timestampColumn = validateTimestampColumn(columns, input.timestampColumn, ['input', 'timestampColumn']);
    const identifierColumns = validateIdentifierColumns(columns, input.identifierColumns, ['input', 'identifierColumns']);
    const filters = validateRowFilterInput(input.rowFilters, ['input', 'rowFilters']);
    const rowFilters: StoredRowFilter[] = [];
    for (const [i, f] of filters.entries()) {
      const field = ['input', 'rowFilters', String(i), 'sql'];
      const checked = await step(field, () => sandbox.checkFilter(scope, f.sql));
      const [type] = await step(field, () => sandbox.describeFilters(scope, select, [checked]));
      if (!type || !isBooleanType(type)) throw new ValidationError(`row filter ${f.name} must be a boolean expression (it is ${type ?? 'nothing'})`, field);
      rowFilters.push({ name: f.name, sql: checked.text });
    }
    return { sql: select.text, timestampColumn, identifierColumns, columns, rowFilters };
  }

  /** VALIDATION when the new definition would break a non-deleted metric built on the table. */
  async function revalidateMetrics(table: FactTable, next: Introspected): Promise<void> {
    const metrics = await prisma.metric.findMany({ where: { factTableIds: { has: table.id }, deletedAt: null }, orderBy: { createdAt: 'asc' } });
    const shape: FactTableShape = { id: table.id, name: table.name, columns: next.columns, rowFilters: next.rowFilters };
    const broken = metrics.flatMap((m) => {
      const def = readFactDefinition(m.definition);
      const problems = [def.numerator, ...(def.denominator ? [def.denominator] : [])]
        .filter((o) => o.factTableId === table.id)
        .flatMap((o) => operandProblems(o, shape));
      return problems.length ? [`${m.name}: ${[...new Set(problems)].join(', ')}`] : [];
    });
    if (broken.length) throw new ValidationError(`the change would break metrics built on this fact table: ${broken.join('; ')}`, ['input']);
  }

  async function loadForChange(actor: Actor, id: string, field: string[], minimum: 'EDITOR' | 'ADMIN'): Promise<FactTable> {
    const table = await prisma.factTable.findFirst({ where: { id, deletedAt: null } });
    return requireChangeable(actor, table, minimum, 'fact table not found', field);
  }

  const scopeOf = (env: { id: string; key: string }): SandboxScope => ({ environmentId: env.id, environmentKey: env.key });

  return {
    /**
     * Checks `sql` and returns its columns and up to `limit` rows (EDITOR: it runs SQL). Errors:
     * NOT_FOUND/FORBIDDEN, VALIDATION (limit; SQL the engine refuses), UNSAFE_SQL, WAREHOUSE_LIMIT.
     */
    async preview(actor: Actor, input: { environmentKey: string; sql: string; limit: number }): Promise<FactTablePreview> {
      const env = await environments.requireForChange(actor, input.environmentKey, 'EDITOR');
      const limit = validatePreviewLimit(input.limit, ['input', 'limit']);
      const scope = scopeOf(env);
      const { select, columns } = await columnsOf(scope, input.sql, ['input', 'sql']);
      const rows = await step(['input', 'sql'], () => sandbox.preview(scope, select, limit));
      return { columns, rows };
    },

    /** Creates a fact table (EDITOR). Errors: NOT_FOUND/FORBIDDEN, VALIDATION, UNSAFE_SQL, CONFLICT (name), WAREHOUSE_LIMIT. */
    async create(actor: Actor, input: CreateFactTableInput): Promise<FactTable> {
      const env = await environments.requireForChange(actor, input.environmentKey, 'EDITOR');
      const name = validateName(input.name, ['input', 'name']);
      const description = validateDescription(input.description, ['input', 'description']);
      await assertNameFree(env.id, name);
      const def = await introspect(scopeOf(env), input);
      return prisma
        .$transaction(async (tx) => {
          const table = await tx.factTable.create({
            data: {
              environmentId: env.id,
              name,
              description: description ?? null,
              sql: def.sql,
              timestampColumn: def.timestampColumn,
              identifierColumns: def.identifierColumns,
              columns: def.columns as unknown as Prisma.InputJsonValue,
              rowFilters: def.rowFilters as unknown as Prisma.InputJsonValue,
            },
          });
          await recordAudit(tx, actor, { environmentId: env.id, entityType: 'FACT_TABLE', entityId: table.id, action: 'CREATE', after: auditState(table) });
          return table;
        })
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? nameTaken(name) : err;
        });
    },

    /**
     * Changes a fact table (EDITOR). A new SQL, timestamp, identifiers or filters are checked
     * like at create and must keep every metric built on the table valid. Errors: NOT_FOUND,
     * FORBIDDEN, VALIDATION, UNSAFE_SQL, CONFLICT (name), WAREHOUSE_LIMIT.
     */
    async update(actor: Actor, input: UpdateFactTableInput): Promise<FactTable> {
      const before = await loadForChange(actor, input.id, ['input', 'id'], 'EDITOR');
      const data: Prisma.FactTableUpdateInput = {};
      if (input.name != null) data.name = validateName(input.name, ['input', 'name']);
      if (input.description !== undefined) data.description = validateDescription(input.description, ['input', 'description']);
      const definitionChanged = input.sql != null || input.timestampColumn != null || input.identifierColumns != null || input.rowFilters != null;
      if (definitionChanged) {
        const env = await prisma.environment.findUniqueOrThrow({ where: { id: before.environmentId } });
        const def = await introspect(scopeOf(env), {
          sql: input.sql ?? before.sql,
          timestampColumn: input.timestampColumn ?? before.timestampColumn,
          identifierColumns: input.identifierColumns ?? before.identifierColumns,
          rowFilters: input.rowFilters ?? readRowFilters(before.rowFilters),
        });
        await revalidateMetrics(before, def);
        Object.assign(data, {
          sql: def.sql,
          timestampColumn: def.timestampColumn,
          identifierColumns: def.identifierColumns,
          columns: def.columns as unknown as Prisma.InputJsonValue,
          rowFilters: def.rowFilters as unknown as Prisma.InputJsonValue,
        });
      }
      if (Object.keys(data).length === 0) return before;
      if (typeof data.name === 'string' && data.name !== before.name) await assertNameFree(before.environmentId, data.name, before.id);
      return prisma
        .$transaction(async (tx) => {
          const { count } = await tx.factTable.updateMany({ where: { id: before.id, deletedAt: null }, data: data as Prisma.FactTableUpdateManyMutationInput });
          if (count === 0) throw new NotFoundError('fact table not found', ['input', 'id']);
          const after = await tx.factTable.findUniqueOrThrow({ where: { id: before.id } });
          await recordAudit(tx, actor, {
            environmentId: after.environmentId, entityType: 'FACT_TABLE', entityId: after.id, action: 'UPDATE', before: auditState(before), after: auditState(after),
          });
          return after;
        })
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? nameTaken(String(data.name)) : err;
        });
    },

    /** Soft-deletes a fact table (ADMIN). Errors: NOT_FOUND, FORBIDDEN, CONFLICT while a non-deleted metric uses it. */
    async delete(actor: Actor, id: string): Promise<string> {
      const table = await loadForChange(actor, id, ['id'], 'ADMIN');
      return prisma.$transaction(async (tx) => {
        // Row lock: a metric created on this table in the meantime takes a share lock on it (metric service).
        await tx.$queryRaw`SELECT id FROM "FactTable" WHERE id = ${table.id}::uuid FOR UPDATE`;
        const users = await tx.metric.findMany({ where: { factTableIds: { has: table.id }, deletedAt: null }, select: { name: true }, orderBy: { createdAt: 'asc' } });
        if (users.length) throw new ConflictError(`metrics use this fact table: ${users.map((u) => u.name).join(', ')}; delete them first`, ['id']);
        await tx.factTable.update({ where: { id: table.id }, data: { deletedAt: new Date() } });
        await recordAudit(tx, actor, { environmentId: table.environmentId, entityType: 'FACT_TABLE', entityId: table.id, action: 'DELETE', before: auditState(table) });
        return table.id;
      });
    },

    /** A page of the environment's non-deleted fact tables, oldest first. NOT_FOUND when not readable. */
    async list(actor: Actor, environmentId: string, page: Omit<Prisma.FactTableFindManyArgs, 'where' | 'orderBy'>) {
      return prisma.factTable.findMany({ ...page, where: environmentListWhere(actor, environmentId), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    },

    /** How many fact tables `list` pages through. */
    async count(actor: Actor, environmentId: string): Promise<number> {
      return prisma.factTable.count({ where: environmentListWhere(actor, environmentId) });
    },

    /** Non-deleted metrics built on `table`, oldest first (the caller could read the table, so its environment). */
    async metricsOf(actor: Actor, table: FactTable) {
      return prisma.metric.findMany({ where: { ...environmentListWhere(actor, table.environmentId), factTableIds: { has: table.id } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    },

    /** The fact table a metric operand names (deleted ones too: a metric keeps its definition), if the caller can read it. */
    async getForOperand(actor: Actor, id: string, query: Omit<Prisma.FactTableFindUniqueArgs, 'where'> = {}): Promise<FactTable | null> {
      const table = await prisma.factTable.findUnique({ ...query, where: { id } });
      return table && canRead(actor, table.environmentId) ? table : null;
    },

    /** The environment's non-deleted fact tables among `ids`, as metric rules see them. */
    async shapes(environmentId: string, ids: string[]): Promise<Map<string, FactTableShape>> {
      const rows = await prisma.factTable.findMany({ where: { environmentId, id: { in: ids }, deletedAt: null } });
      return new Map(rows.map((t) => [t.id, { id: t.id, name: t.name, columns: readColumns(t.columns), rowFilters: readRowFilters(t.rowFilters) }]));
    },
  };
}
