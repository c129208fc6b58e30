/**
 * Experiments: creation with variants and a first cohort, cohorts, start, metric attachment.
 * Every change checks `expectedResourceVersion` where the contract carries it and bumps
 * `resourceVersion` by exactly one, atomically (a conditional update on the version).
 */
import type { Experiment, Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { requireRole, canRead, type Actor } from '../access/actor.js';
import type { EnvironmentService } from '../environment/service.js';
import { ConflictError, NotFoundError, StaleVersionError, ValidationError } from '../errors.js';
import { assertTransition, isOver, type ExperimentStatus } from './lifecycle.js';
import { normaliseKey, validateAllocations, validateVariants, type AllocationSpec, type VariantSpec } from './rules.js';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface CreateExperimentInput {
  environmentKey: string;
  key: string;
  name: string;
  description?: string | null;
  hypothesis?: string | null;
  links: { name: string; url: string }[];
  subjectType: string;
  featureName: string;
  exposureEvent: string;
  variants: VariantSpec[];
  allocations?: AllocationSpec[] | null;
}

export type ExperimentService = ReturnType<typeof createExperimentService>;

export function createExperimentService(deps: { prisma: PrismaClient; environments: EnvironmentService }) {
  const { prisma, environments } = deps;

  /** Loads an experiment the caller can change with `minimum` role; NotFound otherwise. */
  async function loadForChange(actor: Actor, id: string, field: string[], minimum: 'EDITOR' | 'ADMIN' = 'EDITOR') {
    const exp = await prisma.experiment.findFirst({ where: { id, deletedAt: null } });
    if (!exp || !canRead(actor, exp.environmentId)) throw new NotFoundError('experiment not found', field);
    requireRole(actor, exp.environmentId, minimum);
    return exp;
  }

  function checkVersion(exp: Experiment, expected: number) {
    if (exp.resourceVersion !== expected) throw new StaleVersionError(expected, exp.resourceVersion);
  }

  /** Bumps the version iff it is still `expected` (the race-safe half of checkVersion). */
  async function bumpVersion(tx: Tx, exp: Experiment, expected: number, data: Prisma.ExperimentUpdateManyMutationInput = {}) {
    const { count } = await tx.experiment.updateMany({
      where: { id: exp.id, resourceVersion: expected },
      data: { ...data, resourceVersion: { increment: 1 } },
    });
    if (count === 0) {
      const current = await tx.experiment.findUniqueOrThrow({ where: { id: exp.id } });
      throw new StaleVersionError(expected, current.resourceVersion);
    }
  }

  async function insertCohort(tx: Tx, experimentId: string, index: number, allocations: AllocationSpec[], path: string[]) {
    const variants = await tx.variant.findMany({ where: { experimentId } });
    const byKey = new Map(variants.map((v) => [v.key, v.id]));
    const valid = validateAllocations(allocations, new Set(byKey.keys()), path);
    await tx.cohort.create({
      data: {
        experimentId,
        index,
        allocations: {
          create: valid.map((a, position) => ({ variantId: byKey.get(a.variantKey)!, splitMillis: a.splitMillis, position })),
        },
      },
    });
  }

  return {
    /** The experiment with `key` (any case) if the caller can read its environment, else null. */
    async getVisibleByKey(actor: Actor, environmentKey: string, key: string): Promise<Experiment | null> {
      const env = await environments.getVisible(actor, environmentKey);
      if (!env) return null;
      return prisma.experiment.findFirst({
        where: { environmentId: env.id, key: key.trim().toUpperCase(), deletedAt: null },
      });
    },

    /** Creates a DRAFT experiment with its variants and optional first cohort (index 0). */
    async create(actor: Actor, input: CreateExperimentInput): Promise<Experiment> {
      const env = await environments.requireForChange(actor, input.environmentKey, 'EDITOR');
      const key = normaliseKey(input.key, ['input', 'key']);
      const name = input.name.trim();
      if (!name || name.length > 200) throw new ValidationError('name must be 1–200 characters', ['input', 'name']);
      const featureName = input.featureName.trim();
      if (!featureName) throw new ValidationError('featureName is required', ['input', 'featureName']);
      if (!input.exposureEvent.trim()) throw new ValidationError('exposureEvent is required', ['input', 'exposureEvent']);
      const subjectType = input.subjectType.trim().toUpperCase() || 'ANY';
      input.links.forEach((l, i) => {
        if (!URL.canParse(l.url)) throw new ValidationError('url must be an absolute URL', ['input', 'links', String(i), 'url']);
      });
      const variants = validateVariants(input.variants, ['input', 'variants']);
      const conflict = new ConflictError(`an experiment with key ${key} exists in this environment`, ['input', 'key']);
      return prisma.$transaction(async (tx) => {
        const exp = await tx.experiment.create({
          data: {
            environmentId: env.id,
            key,
            name,
            description: input.description ?? null,
            hypothesis: input.hypothesis ?? null,
            links: input.links,
            subjectType,
            featureName,
            exposureEvent: input.exposureEvent.trim(),
            variants: {
              create: variants.map((v, position) => ({
                key: v.key, name: v.name, description: v.description ?? null, isControl: v.isControl, position,
              })),
            },
          },
        });
        if (input.allocations) await insertCohort(tx, exp.id, 0, input.allocations, ['input', 'allocations']);
        return exp;
      }).catch((err: unknown) => {
        throw isUniqueViolation(err) ? conflict : err;
      });
    },

    /** Adds the next cohort (index = previous + 1); past cohorts stay as they were. */
    async addCohort(actor: Actor, input: { experimentId: string; expectedResourceVersion: number; allocations: AllocationSpec[] }) {
      const exp = await loadForChange(actor, input.experimentId, ['input', 'experimentId']);
      checkVersion(exp, input.expectedResourceVersion);
      if (isOver(exp.status)) throw new ConflictError(`cannot add a cohort to an ${exp.status} experiment`, ['input', 'experimentId']);
      return prisma.$transaction(async (tx) => {
        const last = await tx.cohort.findFirst({ where: { experimentId: exp.id }, orderBy: { index: 'desc' } });
        await insertCohort(tx, exp.id, (last?.index ?? -1) + 1, input.allocations, ['input', 'allocations']);
        await bumpVersion(tx, exp, input.expectedResourceVersion);
        return tx.experiment.findUniqueOrThrow({ where: { id: exp.id } });
      });
    },

    /** DRAFT → ACTIVE; needs ≥ 2 variants, exactly one control and a cohort. */
    async start(actor: Actor, input: { experimentId: string; expectedResourceVersion: number }) {
      const exp = await loadForChange(actor, input.experimentId, ['input', 'experimentId']);
      checkVersion(exp, input.expectedResourceVersion);
      assertTransition(exp.status as ExperimentStatus, 'ACTIVE');
      const variants = await prisma.variant.findMany({ where: { experimentId: exp.id } });
      if (variants.length < 2) throw new ValidationError('an experiment needs at least 2 variants to start', ['input', 'experimentId']);
      if (variants.filter((v) => v.isControl).length !== 1) {
        throw new ValidationError('an experiment needs exactly one control variant to start', ['input', 'experimentId']);
      }
      if ((await prisma.cohort.count({ where: { experimentId: exp.id } })) === 0) {
        throw new ValidationError('an experiment needs a cohort to start', ['input', 'experimentId']);
      }
      return prisma.$transaction(async (tx) => {
        await bumpVersion(tx, exp, input.expectedResourceVersion, { status: 'ACTIVE', startedAt: new Date() });
        return tx.experiment.findUniqueOrThrow({ where: { id: exp.id } });
      });
    },

    /**
     * Attaches a metric with a role and expected direction. Same environment only, once per
     * (experiment, metric) (CONFLICT), never a deleted/archived metric, never on an ended experiment.
     */
    async attachMetric(
      actor: Actor,
      input: { experimentId: string; metricId: string; role: 'PRIMARY' | 'SECONDARY' | 'GUARDRAIL'; expectedDirection: 'INCREASE' | 'DECREASE' | 'NO_CHANGE' },
    ) {
      const exp = await loadForChange(actor, input.experimentId, ['input', 'experimentId']);
      if (isOver(exp.status)) throw new ConflictError(`cannot attach metrics to an ${exp.status} experiment`, ['input', 'experimentId']);
      const metric = await prisma.metric.findFirst({ where: { id: input.metricId, deletedAt: null } });
      if (!metric || metric.environmentId !== exp.environmentId) {
        throw new NotFoundError('metric not found in this experiment\'s environment', ['input', 'metricId']);
      }
      if (metric.status === 'ARCHIVED') throw new ValidationError('an archived metric cannot be attached', ['input', 'metricId']);
      const conflict = new ConflictError('this metric is already attached to the experiment', ['input', 'metricId']);
      return prisma.$transaction(async (tx) => {
        const attachment = await tx.experimentMetric.create({
          data: { experimentId: exp.id, metricId: metric.id, role: input.role, expectedDirection: input.expectedDirection },
        });
        await bumpVersion(tx, exp, exp.resourceVersion);
        return attachment;
      }).catch((err: unknown) => {
        // The primary key (experiment, metric) decides, so concurrent attaches cannot both win.
        throw isUniqueViolation(err) ? conflict : err;
      });
    },
  };
}
