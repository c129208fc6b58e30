/**
 * Sticky assignment of subjects to experiment variants (design §2, seed 004), and the exposure
 * event that records it in the warehouse (through the ExposureRecorder port, exposure.ts).
 *
 * Path of a call: environment (cached by key) → the experiment by key with its variants and
 * active cohort, from the configuration cache (config-cache.ts; invalidated through the change
 * feed whenever the experiment changes) → for ACTIVE, the subject's stored assignment from the
 * assignment cache (stored assignments never change, so a cached one is always right), else an
 * insert with ON CONFLICT DO NOTHING: the primary key (experimentId, subjectId) makes the first
 * writer win, so concurrent first requests for a subject all answer the variant that was stored
 * (exactly one of them answers NEW); when the insert stored nothing, the stored row is read.
 *
 * WINNER and NOT_RUNNING answers are not stored: a subject's stored record stays what it was
 * (readable through `get`), the answer is the winner for everyone.
 */
import { LRUCache } from 'lru-cache';
import type { Assignment, Experiment, PrismaClient, Variant } from '../../generated/prisma/client.js';
import { canRead, requireKeyOrRole, type Actor, type Role } from '../access/actor.js';
import type { EnvironmentService } from '../environment/service.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { ConfigCache } from '../experiment/config-cache.js';
import { loadPlacementConfig, type PlacementConfig } from './config-cache.js';
import type { ExposureRecorder } from './exposure.js';
import { placeSubject } from './placement.js';
import { assignmentMode, validateSubjectId, validateTraits, type AssignmentReason } from './rules.js';

/** An answer of assignSubject, or a stored assignment read back. */
export interface AssignmentView {
  experiment: Experiment;
  subjectId: string;
  /** Null when NOT_RUNNING. */
  variant: Variant | null;
  /** Cohort the stored assignment was placed by; null for WINNER and NOT_RUNNING. */
  cohortIndex: number | null;
  /** When the stored assignment was made; null for WINNER and NOT_RUNNING. */
  assignedAt: Date | null;
  reason: AssignmentReason;
}

export interface AssignSubjectInput {
  environmentKey: string;
  experimentKey: string;
  subjectId: string;
  traits?: unknown;
  trackExposure: boolean;
}

/** `origin` in the metadata of exposures written by the server (SDK exposures carry `sdk_version`). */
export const SERVER_EXPOSURE_ORIGIN = 'liftgate-server';

export type AssignmentService = ReturnType<typeof createAssignmentService>;

/** Stored assignments kept in memory per process (about 200 bytes each). */
export const ASSIGNMENT_CACHE_ENTRIES = 100_000;

/**
 * Assignment service; `exposures` stores exposure events (wired by the composition root), `now`
 * (epoch ms) is injectable for exposure timestamps.
 */
export function createAssignmentService(deps: {
  prisma: PrismaClient;
  environments: EnvironmentService;
  exposures: ExposureRecorder;
  /** The experiment configuration cache (invalidated by the change feed). */
  configs: ConfigCache;
  now?: () => number;
}) {
  const { prisma, environments, exposures, configs } = deps;
  const now = deps.now ?? Date.now;
  // Stored assignments are immutable (never updated or deleted): a cached one is always right.
  const stored = new LRUCache<string, Pick<Assignment, 'variantId' | 'cohortIndex' | 'assignedAt'>>({ max: ASSIGNMENT_CACHE_ENTRIES });
  const storedKey = (experimentId: string, subjectId: string) => `${experimentId}\u0000${subjectId}`;

  /** The subject's stored assignment (cache, else one indexed read), or null. */
  async function findStored(experimentId: string, subjectId: string) {
    const k = storedKey(experimentId, subjectId);
    const hit = stored.get(k);
    if (hit) return hit;
    const row = await prisma.assignment.findUnique({ where: { experimentId_subjectId: { experimentId, subjectId } } });
    if (row) stored.set(k, row);
    return row;
  }

  /**
   * The environment and experiment for a caller holding the environment's key or a token with
   * `minimum` there. NOT_FOUND (unknown, deleted or not visible: existence does not leak),
   * FORBIDDEN (role below `minimum`).
   */
  async function resolve(actor: Actor, environmentKey: string, experimentKey: string, minimum: Role, path: string[]) {
    const env = await environments.findByKey(environmentKey);
    const ownKey = actor.kind === 'environmentKey' && actor.environmentId === env?.id;
    if (!env || !(ownKey || canRead(actor, env.id))) {
      throw new NotFoundError(`environment ${environmentKey} not found`, [...path, 'environmentKey']);
    }
    requireKeyOrRole(actor, env.id, minimum);
    const key = experimentKey.trim().toUpperCase();
    const config = await loadPlacementConfig(prisma, configs, env.id, key);
    if (!config) {
      throw new NotFoundError(`experiment ${key} not found in environment ${environmentKey}`, [...path, 'experimentKey']);
    }
    return { env, experiment: config.experiment, config };
  }

  function variantOf(config: PlacementConfig, variantId: string): Variant {
    const variant = config.variants.get(variantId);
    // Variants only change in DRAFT, when nothing is assigned; a miss is a broken invariant.
    if (!variant) throw new Error(`variant ${variantId} is not in the experiment's config`);
    return variant;
  }

  /** ACTIVE: the stored assignment (STICKY), else a new placement stored first-writer-wins (NEW). */
  async function place(experiment: Experiment, config: PlacementConfig, subjectId: string): Promise<AssignmentView> {
    const sticky = (row: Pick<Assignment, 'variantId' | 'cohortIndex' | 'assignedAt'>, reason: AssignmentReason): AssignmentView => ({
      experiment,
      subjectId,
      variant: variantOf(config, row.variantId),
      cohortIndex: row.cohortIndex,
      assignedAt: row.assignedAt,
      reason,
    });
    const cached = stored.get(storedKey(experiment.id, subjectId));
    if (cached) return sticky(cached, 'STICKY');
    const cohort = config.activeCohort;
    // startExperiment requires a cohort, and cohorts are never removed.
    if (!cohort) throw new Error(`active experiment ${experiment.key} has no cohort`);
    const allocation = placeSubject(experiment.key, subjectId, cohort.allocations);
    // Insert first: one statement for a new subject; a returning one the cache missed costs a read more.
    const [inserted] = await prisma.assignment.createManyAndReturn({
      data: [{ experimentId: experiment.id, subjectId, variantId: allocation.variantId, cohortIndex: cohort.index }],
      skipDuplicates: true,
    });
    if (inserted) {
      stored.set(storedKey(experiment.id, subjectId), inserted);
      return sticky(inserted, 'NEW');
    }
    // Stored before (returning subject) or by a concurrent first request: answer what is stored.
    const row = await findStored(experiment.id, subjectId);
    if (!row) throw new Error(`assignment of ${subjectId} in ${experiment.key} vanished`);
    return sticky(row, 'STICKY');
  }

  /**
   * Records one exposure so results count it: the experiment's exposureEvent and featureName, the
   * subject, the variant key, timestamp = now. No event id: a retried call cannot be told from a
   * genuine second exposure, and results use the first exposure per subject, so a repeat never
   * changes them. Throws WAREHOUSE_UNAVAILABLE, the recorder's rate-limit error (the
   * environment's ingestion rate limit), or VALIDATION when the event is refused (e.g. traits
   * over 64 KiB).
   */
  async function recordExposure(
    environment: { id: string; key: string },
    view: AssignmentView,
    traits: Record<string, unknown> | null,
  ): Promise<void> {
    const { experiment, variant } = view;
    if (!variant) return;
    const { rejected } = await exposures.record({
      environment,
      event: experiment.exposureEvent,
      featureName: experiment.featureName,
      subjectId: view.subjectId,
      variantKey: variant.key,
      traits,
      metadata: {
        origin: SERVER_EXPOSURE_ORIGIN,
        experiment_key: experiment.key,
        assignment_reason: view.reason,
        cohort_index: view.cohortIndex,
      },
      timestamp: now(),
    });
    if (rejected) throw new ValidationError(`the exposure event was rejected: ${rejected}`, ['input']);
  }

  return {
    /**
     * Answers which variant a subject sees (assignSubject), storing a new ACTIVE placement and,
     * with trackExposure, writing the exposure event. Callable with the environment's key or an
     * EDITOR+ token. Errors: NOT_FOUND (environment, experiment), FORBIDDEN (VIEWER), VALIDATION
     * (subjectId, traits), WAREHOUSE_UNAVAILABLE (exposure not written; a placement already
     * stored stays, so a retry answers STICKY with the same variant), RateLimitedError (the
     * exposure is over the environment's ingestion rate limit: top-level RATE_LIMITED).
     */
    async assign(actor: Actor, input: AssignSubjectInput): Promise<AssignmentView> {
      const { env, experiment, config } = await resolve(actor, input.environmentKey, input.experimentKey, 'EDITOR', ['input']);
      validateSubjectId(input.subjectId, experiment.subjectType, ['input', 'subjectId']);
      const traits = validateTraits(input.traits, ['input', 'traits']);
      const mode = assignmentMode(experiment.status);
      const base = { experiment, subjectId: input.subjectId, cohortIndex: null, assignedAt: null };
      if (mode === 'NOT_RUNNING') return { ...base, variant: null, reason: 'NOT_RUNNING' };
      const view: AssignmentView =
        mode === 'WINNER'
          ? { ...base, variant: variantOf(config, experiment.winningVariantId ?? ''), reason: 'WINNER' }
          : await place(experiment, config, input.subjectId);
      if (input.trackExposure) await recordExposure(env, view, traits);
      return view;
    },

    /**
     * The stored assignment of a subject, without assigning: variant, cohort and time of the
     * first placement, reason STICKY (the variant the subject received), whatever the status is
     * now. Null when never assigned (always for DRAFT experiments and blank ids). Readable with
     * the environment's key or a VIEWER+ token. Errors: NOT_FOUND (environment, experiment).
     */
    async get(actor: Actor, args: { environmentKey: string; experimentKey: string; subjectId: string }): Promise<AssignmentView | null> {
      const { experiment, config } = await resolve(actor, args.environmentKey, args.experimentKey, 'VIEWER', []);
      const row = await findStored(experiment.id, args.subjectId);
      if (!row) return null;
      const { cohortIndex, assignedAt } = row;
      return { experiment, subjectId: args.subjectId, variant: variantOf(config, row.variantId), cohortIndex, assignedAt, reason: 'STICKY' };
    },
  };
}
