/**
 * Experiments: creation with variants and a first cohort, cohorts, lifecycle transitions.
 * Every change checks `expectedResourceVersion` (versioning.ts), bumps `resourceVersion` by
 * exactly one and writes an audit entry in the same transaction.
 */
import type { EndedReason, Experiment, Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { Actor } from '../access/actor.js';
import { recordAudit } from '../audit/service.js';
import type { EnvironmentService } from '../environment/service.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { assertTransition, isOver, type ExperimentStatus } from './lifecycle.js';
import { normaliseKey, validateAllocations, validateVariants, type AllocationSpec, type VariantSpec } from './rules.js';
import { bumpVersion, checkVersion, loadForChange as load, type Tx } from './versioning.js';

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
  const loadForChange = (actor: Actor, id: string, field: string[]) => load(prisma, actor, id, field);

  /**
   * Moves the experiment to `to` along the lifecycle (design §2) with `data`, bumping the
   * version and auditing `action`; `check` adds the transition's own rules. Throws
   * INVALID_TRANSITION, STALE_VERSION, NOT_FOUND, FORBIDDEN, and what `check` throws.
   */
  async function transition(
    actor: Actor,
    input: { experimentId: string; expectedResourceVersion: number },
    to: ExperimentStatus,
    action: 'START' | 'DECLARE_WINNER' | 'END' | 'ARCHIVE',
    data: Prisma.ExperimentUpdateManyMutationInput,
    check: (exp: Experiment) => Promise<void> = async () => {},
  ): Promise<Experiment> {
    const exp = await loadForChange(actor, input.experimentId, ['input', 'experimentId']);
    checkVersion(exp, input.expectedResourceVersion);
    assertTransition(exp.status as ExperimentStatus, to);
    await check(exp);
    return prisma.$transaction(async (tx) => {
      const updated = await bumpVersion(tx, exp.id, input.expectedResourceVersion, { ...data, status: to });
      await recordAudit(tx, actor, {
        environmentId: exp.environmentId,
        entityType: 'EXPERIMENT',
        entityId: exp.id,
        action,
        before: auditState(exp),
        after: auditState(updated),
      });
      return updated;
    });
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
        await recordAudit(tx, actor, {
          environmentId: env.id,
          entityType: 'EXPERIMENT',
          entityId: exp.id,
          action: 'CREATE',
          after: { ...auditState(exp), variants, allocations: input.allocations ?? null },
        });
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
        const index = (last?.index ?? -1) + 1;
        await insertCohort(tx, exp.id, index, input.allocations, ['input', 'allocations']);
        const updated = await bumpVersion(tx, exp.id, input.expectedResourceVersion);
        await recordAudit(tx, actor, {
          environmentId: exp.environmentId,
          entityType: 'EXPERIMENT',
          entityId: exp.id,
          action: 'ADD_COHORT',
          before: auditState(exp),
          after: { ...auditState(updated), cohort: { index, allocations: input.allocations } },
        });
        return updated;
      });
    },

    /** DRAFT → ACTIVE; needs ≥ 2 variants, exactly one control and a cohort. */
    start(actor: Actor, input: { experimentId: string; expectedResourceVersion: number }) {
      return transition(actor, input, 'ACTIVE', 'START', { startedAt: new Date() }, async (exp) => {
        const variants = await prisma.variant.findMany({ where: { experimentId: exp.id } });
        if (variants.length < 2) throw new ValidationError('an experiment needs at least 2 variants to start', ['input', 'experimentId']);
        if (variants.filter((v) => v.isControl).length !== 1) {
          throw new ValidationError('an experiment needs exactly one control variant to start', ['input', 'experimentId']);
        }
        if ((await prisma.cohort.count({ where: { experimentId: exp.id } })) === 0) {
          throw new ValidationError('an experiment needs a cohort to start', ['input', 'experimentId']);
        }
      });
    },

    /** ACTIVE → WINNER_DECLARED; `variantKey` (any case) must name one of this experiment's variants. */
    async declareWinner(actor: Actor, input: { experimentId: string; expectedResourceVersion: number; variantKey: string }) {
      const key = input.variantKey.trim().toUpperCase();
      const winner = await prisma.variant.findFirst({ where: { experimentId: input.experimentId, key } });
      return transition(actor, input, 'WINNER_DECLARED', 'DECLARE_WINNER', { winningVariantId: winner?.id ?? null }, async () => {
        if (!winner) throw new NotFoundError(`this experiment has no variant ${key}`, ['input', 'variantKey']);
      });
    },

    /** ACTIVE or WINNER_DECLARED → ENDED, with the reason it ended. */
    end(actor: Actor, input: { experimentId: string; expectedResourceVersion: number; reason: EndedReason }) {
      return transition(actor, input, 'ENDED', 'END', { endedReason: input.reason, endedAt: new Date() });
    },

    /** DRAFT or ENDED → ARCHIVED (hidden from default lists). */
    archive(actor: Actor, input: { experimentId: string; expectedResourceVersion: number }) {
      return transition(actor, input, 'ARCHIVED', 'ARCHIVE', {});
    },
  };
}

/** The experiment's own fields as recorded in the audit log. */
function auditState(exp: Experiment) {
  const { id, environmentId, createdAt, updatedAt, deletedAt, ...state } = exp;
  return state;
}
