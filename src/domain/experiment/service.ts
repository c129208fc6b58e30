/**
 * Experiments: creation with variants and a first cohort, updates, cohorts, lifecycle
 * transitions (freezing results at winner declaration / end), and the environment's list.
 * Every change checks `expectedResourceVersion` (versioning.ts), bumps `resourceVersion` by
 * exactly one and writes an audit entry in the same transaction.
 */
import { SNAPSHOT_SETTINGS } from '../results/history.js';
import stringify from 'safe-stable-stringify';
import type { ChangeFeed } from '../../db/change-feed.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { Tx } from '../../db/transaction.js';
import { EndedReason, type AuditAction, type Experiment, type Prisma, type PrismaClient, type Variant } from '../../generated/prisma/client.js';
import type { Actor } from '../access/actor.js';
import { environmentListWhere } from '../access/scope.js';
import { auditState, recordAudit } from '../audit/service.js';
import type { EnvironmentService } from '../environment/service.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { validateDescription, validateName } from '../names.js';
import type { ResultsService } from '../results/service.js';
import { findExperimentByKey } from './lookup.js';
import { assertEditable, assertTransition, freezesResults, type ExperimentStatus } from './lifecycle.js';
import {
  assertCohortRoom,
  normaliseKey,
  validateAllocations,
  validateEventName,
  validateLinks,
  validateVariants,
  type AllocationSpec,
  type LinkSpec,
  type VariantSpec,
} from './rules.js';
import { bumpVersion, checkVersion, loadForChange as load } from './versioning.js';
import type { ConfigCache } from './config-cache.js';
import { isConfigSelection } from './config-selection.js';

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

/**
 * Fields of `updateExperiment`: absent (undefined) or null leaves a field as it is, except
 * description/hypothesis where null clears it. `variants` is the complete new list.
 */
export interface UpdateExperimentInput {
  id: string;
  expectedResourceVersion: number;
  name?: string | null;
  description?: string | null;
  hypothesis?: string | null;
  links?: LinkSpec[] | null;
  variants?: VariantSpec[] | null;
}

/** Filter of an environment's experiment list; without `status`, ARCHIVED ones are hidden. */
export interface ExperimentListFilter {
  status?: ExperimentStatus | null;
}

export type ExperimentService = ReturnType<typeof createExperimentService>;

const ENDED_REASONS: readonly EndedReason[] = Object.values(EndedReason);

/** Newest first; the id breaks ties so pages are stable. */
const LIST_ORDER: Prisma.ExperimentOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];

/** Experiment service; `results` takes the readout frozen at winner declaration or end. */
export function createExperimentService(deps: {
  prisma: PrismaClient;
  environments: EnvironmentService;
  results: ResultsService;
  /** Where committed changes are announced (every replica's configuration cache listens). */
  changes?: Pick<ChangeFeed, 'publish'>;
  /** Caches pages of experiments whose selection is configuration only (config-selection.ts). */
  configs?: ConfigCache;
}) {
  const { prisma, environments, results, configs } = deps;
  /** Announces a committed change of `exp` (at its new version) to every replica's cache; returns `exp`. */
  const changed = <E extends Pick<Experiment, 'environmentId' | 'id'> & { resourceVersion: number | null }>(exp: E): E => {
    deps.changes?.publish({ environmentId: exp.environmentId, experimentId: exp.id, resourceVersion: exp.resourceVersion });
    return exp;
  };
  const loadForChange = (actor: Actor, id: string, field: string[], minimum: 'EDITOR' | 'ADMIN' = 'EDITOR') =>
    load(prisma, actor, id, field, minimum);

  /**
   * Moves the experiment to `to` along the lifecycle (design §2) with `data`, bumping the
   * version and auditing `action`; `check` adds the transition's own rules. Moving to
   * WINNER_DECLARED or ENDED freezes the results: the warehouse readout is taken first and stored
   * in the same transaction, unless an earlier freeze exists (the first one is kept). Throws
   * INVALID_TRANSITION, STALE_VERSION, NOT_FOUND, FORBIDDEN, WAREHOUSE_UNAVAILABLE (nothing
   * changed), and what `check` throws.
   */
  async function transition(
    actor: Actor,
    input: { experimentId: string; expectedResourceVersion: number },
    to: ExperimentStatus,
    action: Extract<AuditAction, 'START' | 'DECLARE_WINNER' | 'END' | 'ARCHIVE'>,
    data: Prisma.ExperimentUpdateManyMutationInput,
    check: (exp: Experiment) => Promise<void> = async () => {},
  ): Promise<Experiment> {
    const exp = await loadForChange(actor, input.experimentId, ['input', 'experimentId']);
    checkVersion(exp, input.expectedResourceVersion);
    assertTransition(exp.status, to);
    await check(exp);
    // Read before the transaction: no row lock is held while the warehouse answers.
    const freeze =
      freezesResults(to) && !(await prisma.resultSnapshot.findUnique({ where: { experimentId: exp.id }, select: { takenAt: true } }))
        ? await results.takeReadout(exp)
        : null;
    return prisma.$transaction(async (tx) => {
      const updated = await bumpVersion(tx, exp.id, input.expectedResourceVersion, { ...data, status: to });
      if (freeze) {
        await tx.resultSnapshot.create({
          data: { experimentId: exp.id, readout: freeze.readout as unknown as Prisma.InputJsonValue, takenAt: freeze.takenAt },
        });
        // The freeze is also the last entry of the experiment's snapshot history (results/history.ts).
        await tx.experimentSnapshot.create({
          data: {
            experimentId: exp.id,
            trigger: 'FREEZE',
            slot: 'freeze',
            settings: { ...SNAPSHOT_SETTINGS },
            readout: freeze.readout as unknown as Prisma.InputJsonValue,
            takenAt: freeze.takenAt,
          },
        });
      }
      await recordAudit(tx, actor, {
        environmentId: exp.environmentId,
        entityType: 'EXPERIMENT',
        entityId: exp.id,
        action,
        before: auditState(exp),
        after: { ...auditState(updated), ...(freeze ? { resultsFrozenAt: freeze.takenAt } : {}) },
      });
      return updated;
    }).then(changed);
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
    /**
     * The experiment with `key` (any case) if the caller can read its environment, else null: the
     * live one, else the latest ARCHIVED one with that key (lookup.ts); never a deleted one.
     */
    async getVisibleByKey(actor: Actor, environmentKey: string, key: string): Promise<Experiment | null> {
      const env = await environments.getVisible(actor, environmentKey);
      if (!env) return null;
      return findExperimentByKey(prisma, env.id, key.trim().toUpperCase());
    },

    /** Creates a DRAFT experiment with its variants and optional first cohort (index 0). */
    async create(actor: Actor, input: CreateExperimentInput): Promise<Experiment> {
      const env = await environments.requireForChange(actor, input.environmentKey, 'EDITOR');
      const key = normaliseKey(input.key, ['input', 'key']);
      const name = validateName(input.name, ['input', 'name']);
      const featureName = validateEventName(input.featureName, 'featureName', ['input', 'featureName']);
      const exposureEvent = validateEventName(input.exposureEvent, 'exposureEvent', ['input', 'exposureEvent']);
      const description = validateDescription(input.description, ['input', 'description']);
      const hypothesis = validateDescription(input.hypothesis, ['input', 'hypothesis'], 'hypothesis');
      const subjectType = input.subjectType.trim().toUpperCase() || 'ANY';
      const links = validateLinks(input.links, ['input', 'links']);
      const variants = validateVariants(input.variants, ['input', 'variants']);
      const conflict = new ConflictError(
        `an experiment with key ${key} exists in this environment (keys of ARCHIVED or deleted experiments can be reused)`,
        ['input', 'key'],
      );
      return prisma.$transaction(async (tx) => {
        const exp = await tx.experiment.create({
          data: {
            environmentId: env.id,
            key,
            name,
            description: description ?? null,
            hypothesis: hypothesis ?? null,
            links,
            subjectType,
            featureName,
            exposureEvent,
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
      }).then(changed, (err: unknown) => {
        throw isUniqueViolation(err) ? conflict : err;
      });
    },

    /** Adds the next cohort (index = previous + 1); past cohorts stay as they were. */
    async addCohort(actor: Actor, input: { experimentId: string; expectedResourceVersion: number; allocations: AllocationSpec[] }) {
      const exp = await loadForChange(actor, input.experimentId, ['input', 'experimentId']);
      checkVersion(exp, input.expectedResourceVersion);
      assertEditable(exp.status, 'COHORTS', ['input', 'allocations']);
      return prisma.$transaction(async (tx) => {
        const last = await tx.cohort.findFirst({ where: { experimentId: exp.id }, orderBy: { index: 'desc' } });
        const index = (last?.index ?? -1) + 1;
        // Indexes are 0, 1, 2…: the next index is the number of cohorts so far.
        assertCohortRoom(index, ['input', 'allocations']);
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
      }).then(changed);
    },

    /**
     * Changes descriptive fields (until ARCHIVED) and/or replaces the variants (DRAFT only), as
     * one change: version +1, one UPDATE audit entry with before/after. Variants are matched by
     * key: a kept key keeps its variant (id, cohort allocations), new keys are added, missing ones
     * removed — unless a cohort allocates to one (CONFLICT: cohorts are immutable). Throws
     * STALE_VERSION, INVALID_TRANSITION (status), VALIDATION, CONFLICT, NOT_FOUND, FORBIDDEN.
     */
    async update(actor: Actor, input: UpdateExperimentInput): Promise<Experiment> {
      const exp = await loadForChange(actor, input.id, ['input', 'id']);
      checkVersion(exp, input.expectedResourceVersion);
      const descriptive = (['name', 'description', 'hypothesis', 'links'] as const).filter(
        (f) => input[f] !== undefined && !(input[f] === null && (f === 'name' || f === 'links')),
      );
      const replacesVariants = input.variants != null;
      if (!descriptive.length && !replacesVariants) throw new ValidationError('nothing to update: give at least one of name, description, hypothesis, links, variants', ['input']);
      if (replacesVariants) assertEditable(exp.status, 'VARIANTS', ['input', 'variants']);
      if (descriptive.length) assertEditable(exp.status, 'DESCRIPTION', ['input', descriptive[0]!]);

      const data: Prisma.ExperimentUpdateManyMutationInput = {};
      if (input.name != null) data.name = validateName(input.name, ['input', 'name']);
      if (input.description !== undefined) data.description = validateDescription(input.description, ['input', 'description']);
      if (input.hypothesis !== undefined) data.hypothesis = validateDescription(input.hypothesis, ['input', 'hypothesis'], 'hypothesis');
      if (input.links != null) data.links = validateLinks(input.links, ['input', 'links']);
      const variants = replacesVariants ? validateVariants(input.variants!, ['input', 'variants']) : null;

      return prisma.$transaction(async (tx) => {
        // The version bump comes first: it is the race-safe check, before anything else is written.
        const updated = await bumpVersion(tx, exp.id, input.expectedResourceVersion, data);
        let variantChange: { before: VariantSpec[]; after: VariantSpec[] } | null = null;
        if (variants) variantChange = { before: (await replaceVariants(tx, exp.id, variants)).map(variantState), after: variants };
        await recordAudit(tx, actor, {
          environmentId: exp.environmentId,
          entityType: 'EXPERIMENT',
          entityId: exp.id,
          action: 'UPDATE',
          before: { ...auditState(exp), ...(variantChange ? { variants: variantChange.before } : {}) },
          after: { ...auditState(updated), ...(variantChange ? { variants: variantChange.after } : {}) },
        });
        return updated;
      }).then(changed);
    },

    /**
     * A page of the environment's experiments, newest first. Without `status` ARCHIVED ones are
     * hidden ("hidden from default lists"); soft-deleted ones never appear. `page` is the
     * pagination part of a Prisma query (take/skip/cursor and selections from the connection).
     */
    async listInEnvironment(
      actor: Actor,
      environmentId: string,
      filter: ExperimentListFilter,
      page: Omit<Prisma.ExperimentFindManyArgs, 'where' | 'orderBy'>,
    ): Promise<Experiment[]> {
      const where = listWhere(actor, environmentId, filter);
      const read = () => prisma.experiment.findMany({ ...page, where, orderBy: LIST_ORDER });
      // Pages that select configuration only are cached (invalidated by every experiment change).
      if (!configs || !isConfigSelection('Experiment', page)) return read();
      return configs.get(environmentId, `experiments:${stringify({ where, page })}`, read);
    },

    /** How many experiments `listInEnvironment` pages through (the connection's totalCount); cached like pages. */
    countInEnvironment(actor: Actor, environmentId: string, filter: ExperimentListFilter): Promise<number> {
      const where = listWhere(actor, environmentId, filter);
      const read = () => prisma.experiment.count({ where });
      return configs ? configs.get(environmentId, `experiment-count:${stringify(where)}`, read) : read();
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
      return transition(actor, input, 'ENDED', 'END', { endedReason: input.reason, endedAt: new Date() }, async () => {
        if (!ENDED_REASONS.includes(input.reason)) {
          throw new ValidationError(`reason must be one of ${ENDED_REASONS.join(', ')}`, ['input', 'reason']);
        }
      });
    },

    /** DRAFT or ENDED → ARCHIVED (hidden from default lists). */
    archive(actor: Actor, input: { experimentId: string; expectedResourceVersion: number }) {
      return transition(actor, input, 'ARCHIVED', 'ARCHIVE', {});
    },

    /**
     * Soft delete (ADMIN): the experiment leaves lists, key lookups, assignment and node(id), its
     * key is free for a new experiment, and its rows (assignments, frozen results, audit) stay.
     * A running experiment (ACTIVE, WINNER_DECLARED) still assigns SDK traffic: CONFLICT until it
     * is ended. Returns the deleted id. Throws NOT_FOUND, FORBIDDEN, CONFLICT.
     */
    async delete(actor: Actor, id: string): Promise<string> {
      const exp = await loadForChange(actor, id, ['id'], 'ADMIN');
      const running: ExperimentStatus[] = ['ACTIVE', 'WINNER_DECLARED'];
      const conflict = (status: string) =>
        new ConflictError(`experiment ${exp.key} is ${status} and still assigns subjects: end it before deleting it`, ['id']);
      if (running.includes(exp.status as ExperimentStatus)) throw conflict(exp.status);
      return prisma.$transaction(async (tx) => {
        // Conditional on the state just read, so a concurrent start or delete is not overwritten.
        const { count } = await tx.experiment.updateMany({
          where: { id: exp.id, deletedAt: null, status: { notIn: running } },
          data: { deletedAt: new Date(), resourceVersion: { increment: 1 } },
        });
        if (count === 0) {
          const now = await tx.experiment.findUnique({ where: { id: exp.id }, select: { status: true, deletedAt: true } });
          throw !now || now.deletedAt ? new NotFoundError('experiment not found', ['id']) : conflict(now.status);
        }
        await recordAudit(tx, actor, {
          environmentId: exp.environmentId,
          entityType: 'EXPERIMENT',
          entityId: exp.id,
          action: 'DELETE',
          before: auditState(exp),
        });
        return exp.id;
      }).then((id) => {
        changed({ ...exp, resourceVersion: exp.resourceVersion + 1 });
        return id;
      });
    },
  };
}

/**
 * Replaces an experiment's variants by `next` (validated, upper-case keys), matching by key;
 * returns the variants as they were. CONFLICT when a removed variant is allocated in a cohort.
 */
async function replaceVariants(tx: Tx, experimentId: string, next: VariantSpec[]): Promise<Variant[]> {
  const current = await tx.variant.findMany({ where: { experimentId }, orderBy: { position: 'asc' } });
  const byKey = new Map(current.map((v) => [v.key, v]));
  const kept = new Set(next.map((v) => v.key));
  const removed = current.filter((v) => !kept.has(v.key));
  if (removed.length) {
    const allocated = await tx.allocation.findFirst({
      where: { experimentId, variantId: { in: removed.map((v) => v.id) } },
      orderBy: { cohortIndex: 'asc' },
      include: { variant: true },
    });
    if (allocated) {
      throw new ConflictError(
        `variant ${allocated.variant.key} is allocated in cohort ${allocated.cohortIndex} and cohorts are immutable: it cannot be removed`,
        ['input', 'variants'],
      );
    }
    await tx.variant.deleteMany({ where: { id: { in: removed.map((v) => v.id) } } });
  }
  for (const [position, v] of next.entries()) {
    const data = { name: v.name, description: v.description ?? null, isControl: v.isControl, position };
    const existing = byKey.get(v.key);
    if (existing) await tx.variant.update({ where: { id: existing.id }, data });
    else await tx.variant.create({ data: { ...data, experimentId, key: v.key } });
  }
  return current;
}

/** The list filter as a Prisma `where`: the caller's environment only, never soft-deleted. */
function listWhere(actor: Actor, environmentId: string, filter: ExperimentListFilter): Prisma.ExperimentWhereInput {
  return { ...environmentListWhere(actor, environmentId), status: filter.status ? filter.status : { not: 'ARCHIVED' } };
}

function variantState(v: Variant): VariantSpec {
  return { key: v.key, name: v.name, description: v.description, isControl: v.isControl };
}
