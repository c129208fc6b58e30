/**
 * Metric catalog: environment-scoped, reusable metrics whose definition is immutable.
 *
 * - Names are unique per environment among non-deleted metrics. A friendly check answers
 *   CONFLICT early; the partial unique index `Metric_environmentId_name_live_key` decides
 *   between concurrent writers (its violation is also CONFLICT).
 * - updateMetric changes only name, description, status and monitoring. Every status change
 *   (DRAFT, ACTIVE, ARCHIVED, in any direction) is allowed: status describes the catalog entry,
 *   not a lifecycle with guards. Archiving an attached metric is allowed: it stays attached and
 *   keeps its results; it only cannot be attached anew.
 * - deleteMetric is soft and needs ADMIN (the contract's role ADMIN: "including … deletion"). It
 *   is CONFLICT while the metric is attached to an experiment that is not ENDED/ARCHIVED and
 *   not deleted. The metric row is locked while checking, and attachMetric takes a share lock on
 *   the same row, so a delete and an attach cannot both succeed.
 * Every change writes an audit entry (entity METRIC) in its own transaction.
 */
import { isUniqueViolation } from '../../db/errors.js';
import { lockMetricForUpdate } from '../../db/metric-locks.js';
import type {
  BucketInterval,
  Metric,
  MetricAggregation,
  MetricPolarity,
  MetricStatus,
  Prisma,
  PrismaClient,
  Role,
} from '../../generated/prisma/client.js';
import type { Actor } from '../access/actor.js';
import { environmentListWhere, requireChangeable } from '../access/scope.js';
import { auditState, recordAudit } from '../audit/service.js';
import type { EnvironmentService } from '../environment/service.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { validateDescription, validateName } from '../names.js';
import { isRatioDefinition, type StoredEventMeasure, type StoredPropertyFilter } from './definition.js';
import { factTableIdsOf, validateFactDefinition, type FactTableShape, type OperandInput, type StoredFactDefinition } from './fact-definition.js';
import { validateCuped, validateEventDefinition, validateMonitoring, validatePrior, validateRatioDefinition, validateWindowHours } from './rules.js';

export interface MonitoringSettings {
  enabled: boolean;
  interval: BucketInterval;
  /** Detector threshold in robust standard deviations. */
  sensitivity: number;
}

/** One side of a ratio as submitted (its aggregation is checked: COUNT, SUM, MEAN, OCCURRENCE). */
export type RatioSideInput = Omit<StoredEventMeasure, 'aggregation'> & { aggregation: MetricAggregation };

export interface CreateMetricInput {
  environmentKey: string;
  name: string;
  description?: string | null;
  aggregation: MetricAggregation;
  polarity: MetricPolarity;
  status: MetricStatus;
  definition: {
    event?: { event: string; filters: StoredPropertyFilter[] } | null;
    /** A ratio EVENT metric (aggregation RATIO). */
    ratio?: { numerator: RatioSideInput; denominator: RatioSideInput } | null;
    /** Fact table ids are database ids (decoded by the adapter). */
    fact?: { numerator: OperandInput; denominator?: OperandInput | null } | null;
  };
  windowHours?: number | null;
  monitoring?: MonitoringSettings | null;
  /** CUPED on (pre-exposure window in days, default 14); absent = off. */
  cuped?: { preExposureDays?: number | null } | null;
  /** A proper Gaussian prior on the relative lift for Bayesian analyses; absent = flat. */
  prior?: { mean: number; stddev: number } | null;
}

/** Absent (undefined) fields stay as they are; `description: null` clears the description. */
export interface UpdateMetricInput {
  id: string;
  name?: string | null;
  description?: string | null;
  status?: MetricStatus | null;
  monitoring?: MonitoringSettings | null;
}

export type MetricService = ReturnType<typeof createMetricService>;

/** The environment's non-deleted fact tables among `ids`, as the FACT rules see them (fact-table service). */
export type FactTableShapes = (environmentId: string, ids: string[]) => Promise<Map<string, FactTableShape>>;

/** Metric catalog service: create, update, soft delete, list. */
export function createMetricService(deps: { prisma: PrismaClient; environments: EnvironmentService; factTableShapes?: FactTableShapes }) {
  const { prisma, environments } = deps;
  const factTableShapes: FactTableShapes = deps.factTableShapes ?? (async () => new Map());

  /** Monitoring scores one value per bucket from events (Metric.series): a ratio would need both sides per bucket, a FACT metric a fact-table series (neither served yet). */
  const notMonitorable = () =>
    new ValidationError('monitoring is available for EVENT metrics that are not ratios (FACT and RATIO metrics have no series yet)', ['input', 'monitoring', 'enabled']);

  const nameTaken = (name: string) =>
    new ConflictError(`a metric named "${name}" exists in this environment`, ['input', 'name']);

  /** Throws CONFLICT when another non-deleted metric of the environment has `name`. */
  async function assertNameFree(environmentId: string, name: string, except?: string): Promise<void> {
    const clash = await prisma.metric.findFirst({
      where: { environmentId, name, deletedAt: null, ...(except ? { id: { not: except } } : {}) },
      select: { id: true },
    });
    if (clash) throw nameTaken(name);
  }

  /** A non-deleted metric the caller can change with `minimum`; NotFound/Forbidden otherwise. */
  async function loadForChange(actor: Actor, id: string, field: string[], minimum: Role): Promise<Metric> {
    const metric = await prisma.metric.findFirst({ where: { id, deletedAt: null } });
    return requireChangeable(actor, metric, minimum, 'metric not found', field);
  }

  return {
    /**
     * Creates a metric (EDITOR). Errors: NOT_FOUND/FORBIDDEN for the environment, VALIDATION for
     * the definition, window or monitoring, CONFLICT for a name used by a non-deleted metric.
     */
    async create(actor: Actor, input: CreateMetricInput): Promise<Metric> {
      const env = await environments.requireForChange(actor, input.environmentKey, 'EDITOR');
      const name = validateName(input.name, ['input', 'name']);
      const description = validateDescription(input.description, ['input', 'description']);
      const { event, ratio, fact } = input.definition;
      if (!event && !ratio && !fact) throw new ValidationError('definition needs event, ratio or fact', ['input', 'definition']);
      const factIds = fact ? [fact.numerator.factTableId, ...(fact.denominator ? [fact.denominator.factTableId] : [])] : [];
      const measured = fact
        ? validateFactDefinition(input.aggregation, fact, await factTableShapes(env.id, factIds), ['input', 'definition', 'fact'])
        : ratio
          ? validateRatioDefinition(input.aggregation, ratio, ['input', 'definition', 'ratio'])
          : validateEventDefinition(input.aggregation, event!, ['input', 'definition', 'event']);
      // CUPED's pre-exposure covariate is read from events: fact metrics and ratios have none.
      if (fact && input.cuped) throw new ValidationError('CUPED applies to EVENT metrics, not to FACT metrics', ['input', 'cuped']);
      const cuped = validateCuped(input.cuped, !!ratio, ['input', 'cuped']);
      const prior = validatePrior(input.prior, ['input', 'prior']);
      const definition = { ...measured, ...(cuped ? { cuped } : {}), ...(prior ? { prior } : {}) };
      const factTableIds = fact ? factTableIdsOf(measured as StoredFactDefinition) : [];
      const windowHours = validateWindowHours(input.windowHours, ['input', 'windowHours']);
      const monitoring = input.monitoring ? validateMonitoring(input.monitoring, ['input', 'monitoring']) : null;
      if ((ratio || fact) && monitoring?.enabled) throw notMonitorable();
      await assertNameFree(env.id, name);
      return prisma
        .$transaction(async (tx) => {
          if (factTableIds.length) {
            // Share locks: deleteFactTable locks the row for update, so a delete and this create cannot both pass.
            const live = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "FactTable" WHERE id = ANY(${factTableIds}::uuid[]) AND "deletedAt" IS NULL FOR SHARE`;
            if (live.length !== factTableIds.length) throw new ValidationError('a fact table of the definition was deleted meanwhile', ['input', 'definition', 'fact']);
          }
          const metric = await tx.metric.create({
            data: {
              environmentId: env.id,
              name,
              description: description ?? null,
              kind: fact ? 'FACT' : 'EVENT',
              factTableIds,
              aggregation: input.aggregation,
              polarity: input.polarity,
              status: input.status,
              definition: definition as object,
              windowHours,
              monitoringEnabled: monitoring?.enabled ?? false,
              monitoringInterval: monitoring?.interval ?? 'DAY',
              monitoringSensitivity: monitoring?.sensitivity ?? 3.5,
            },
          });
          await recordAudit(tx, actor, {
            environmentId: metric.environmentId, entityType: 'METRIC', entityId: metric.id, action: 'CREATE', after: auditState(metric),
          });
          return metric;
        })
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? nameTaken(name) : err;
        });
    },

    /**
     * Changes name, description, status and/or monitoring (EDITOR); the definition is immutable.
     * Errors: NOT_FOUND (absent, deleted, not visible), FORBIDDEN, VALIDATION, CONFLICT (name).
     * A change that changes nothing is not written nor audited.
     */
    async update(actor: Actor, input: UpdateMetricInput): Promise<Metric> {
      const before = await loadForChange(actor, input.id, ['input', 'id'], 'EDITOR');
      const data: Prisma.MetricUpdateManyMutationInput = {};
      if (input.name != null) data.name = validateName(input.name, ['input', 'name']);
      if (input.description !== undefined) data.description = validateDescription(input.description, ['input', 'description']);
      if (input.status != null) data.status = input.status;
      if (input.monitoring != null) {
        const m = validateMonitoring(input.monitoring, ['input', 'monitoring']);
        if (m.enabled && (before.kind === 'FACT' || isRatioDefinition(before.definition))) throw notMonitorable();
        Object.assign(data, { monitoringEnabled: m.enabled, monitoringInterval: m.interval, monitoringSensitivity: m.sensitivity });
      }
      const changed = Object.entries(data).filter(([k, v]) => before[k as keyof Metric] !== v);
      if (changed.length === 0) return before;
      if (typeof data.name === 'string' && data.name !== before.name) await assertNameFree(before.environmentId, data.name, before.id);
      return prisma
        .$transaction(async (tx) => {
          const { count } = await tx.metric.updateMany({ where: { id: before.id, deletedAt: null }, data });
          if (count === 0) throw new NotFoundError('metric not found', ['input', 'id']);
          const after = await tx.metric.findUniqueOrThrow({ where: { id: before.id } });
          await recordAudit(tx, actor, {
            environmentId: after.environmentId, entityType: 'METRIC', entityId: after.id, action: 'UPDATE',
            before: auditState(before), after: auditState(after),
          });
          return after;
        })
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? nameTaken(String(data.name)) : err;
        });
    },

    /**
     * Soft-deletes a metric (ADMIN) and returns its database id. Errors: NOT_FOUND, FORBIDDEN,
     * CONFLICT while attached to a non-deleted experiment that is not ENDED or ARCHIVED.
     */
    async delete(actor: Actor, id: string): Promise<string> {
      const metric = await loadForChange(actor, id, ['id'], 'ADMIN');
      return prisma.$transaction(async (tx) => {
        // Serialises with attachMetric's share lock on the same row (see the file header).
        if (!(await lockMetricForUpdate(tx, metric.id))) throw new NotFoundError('metric not found', ['id']);
        const blocking = await tx.experimentMetric.findMany({
          where: { metricId: metric.id, experiment: { deletedAt: null, status: { notIn: ['ENDED', 'ARCHIVED'] } } },
          select: { experiment: { select: { key: true, status: true } } },
          orderBy: { createdAt: 'asc' },
        });
        if (blocking.length > 0) {
          const list = blocking.map((b) => `${b.experiment.key} (${b.experiment.status})`).join(', ');
          throw new ConflictError(`the metric is attached to experiments that are not ended: ${list}; detach it or end them first`, ['id']);
        }
        await tx.metric.update({ where: { id: metric.id }, data: { deletedAt: new Date() } });
        await recordAudit(tx, actor, {
          environmentId: metric.environmentId, entityType: 'METRIC', entityId: metric.id, action: 'DELETE', before: auditState(metric),
        });
        return metric.id;
      });
    },

    /**
     * A page of the environment's non-deleted metrics, oldest first (ties by id), optionally of
     * one status; ARCHIVED metrics are listed unless a status is given. `page` is the pagination
     * part of a Prisma query (take/skip/cursor and selections). NOT_FOUND when not readable.
     */
    async list(
      actor: Actor,
      filter: { environmentId: string; status?: MetricStatus | null },
      page: Omit<Prisma.MetricFindManyArgs, 'where' | 'orderBy'>,
    ) {
      return prisma.metric.findMany({ ...page, where: listWhere(actor, filter), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    },

    /** How many metrics `list` would page through (the connection's totalCount). */
    async count(actor: Actor, filter: { environmentId: string; status?: MetricStatus | null }): Promise<number> {
      return prisma.metric.count({ where: listWhere(actor, filter) });
    },
  };
}

function listWhere(actor: Actor, filter: { environmentId: string; status?: MetricStatus | null }): Prisma.MetricWhereInput {
  return { ...environmentListWhere(actor, filter.environmentId), ...(filter.status ? { status: filter.status } : {}) };
}
