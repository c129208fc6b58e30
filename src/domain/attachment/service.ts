/**
 * Metric attachments (design §2): a metric on an experiment with a role and an expected
 * direction, both stored per attachment. Rules:
 * - same environment only (a metric of another environment is NOT_FOUND, as if absent);
 * - once per (experiment, metric): CONFLICT (the primary key decides between concurrent calls);
 * - never a deleted metric (NOT_FOUND) nor an ARCHIVED one (CONFLICT: it is the metric's state);
 *   DRAFT and ACTIVE metrics can be attached;
 * - neither attach nor detach on an ENDED/ARCHIVED experiment (CONFLICT, like addCohort);
 * - at most MAX_ATTACHED_METRICS per experiment (VALIDATION); the conditional version bump keeps
 *   two concurrent attaches from both passing the count;
 * - no attachment that would make the results query too large for the engine
 *   (MAX_RESULTS_SQL_BYTES, VALIDATION): ratio denominators and filters count;
 * - attach takes a share lock on the metric row, so it cannot interleave with deleteMetric's
 *   check for live attachments or with an archive.
 * Each change bumps the experiment's resourceVersion by one and is audited on the experiment
 * (ATTACH_METRIC / DETACH_METRIC) in the same transaction.
 */
import type { ChangeFeed } from '../../db/change-feed.js';
import { isUniqueViolation } from '../../db/errors.js';
import { lockMetricForShare } from '../../db/metric-locks.js';
import type { ExpectedDirection, Experiment, ExperimentMetric, MetricRole, PrismaClient } from '../../generated/prisma/client.js';
import type { Actor } from '../access/actor.js';
import { recordAudit } from '../audit/service.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { isOver } from '../experiment/lifecycle.js';
import { bumpVersion, loadForChange } from '../experiment/versioning.js';
import { resultsQueryBytes } from '../results/plan.js';
import type { Tx } from '../../db/transaction.js';

/**
 * Metrics one experiment may have attached. Every attached metric adds its filters to the
 * results query (150 metrics × 20 filters once exceeded the engine's query size); 50 is ten
 * times what an experiment review reads.
 */
export const MAX_ATTACHED_METRICS = 50;

/**
 * Most results SQL text an experiment's attached metrics may make: the engine's max_query_size is
 * 256 KiB, less room for the SETTINGS clause. Ratio denominators with filters of their own can
 * pass it below MAX_ATTACHED_METRICS (50 ratios × 20 filters per side are ~302 KB).
 */
export const MAX_RESULTS_SQL_BYTES = 240 * 1024;

/** VALIDATION when attaching `metricId` would make the experiment's results query too large for the engine. */
async function assertResultsQueryFits(tx: Tx, experimentId: string, metricId: string): Promise<void> {
  const [attached, added] = await Promise.all([
    tx.experimentMetric.findMany({
      where: { experimentId, metric: { deletedAt: null, kind: 'EVENT' } },
      select: { metric: { select: { id: true, aggregation: true, definition: true, windowHours: true } } },
    }),
    tx.metric.findUnique({ where: { id: metricId }, select: { id: true, kind: true, aggregation: true, definition: true, windowHours: true } }),
  ]);
  if (added?.kind !== 'EVENT') return;
  const bytes = resultsQueryBytes([...attached.map((a) => a.metric), added]);
  if (bytes > MAX_RESULTS_SQL_BYTES) {
    throw new ValidationError(
      `with this metric the experiment's results query would be ${Math.ceil(bytes / 1024)} KiB of SQL, past the ${MAX_RESULTS_SQL_BYTES / 1024} KiB the warehouse takes: detach a metric or attach one with fewer filters`,
      ['input', 'metricId'],
    );
  }
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;

function assertNotOver(exp: Experiment, verb: 'attach metrics to' | 'detach metrics from'): void {
  if (isOver(exp.status)) {
    throw new ConflictError(`cannot ${verb} an ${exp.status} experiment`, ['input', 'experimentId']);
  }
}

/** Attachment service over the control plane (attach, detach). */
export function createAttachmentService(deps: { prisma: PrismaClient; changes?: Pick<ChangeFeed, 'publish'> }) {
  const { prisma } = deps;
  /** Tells every replica's configuration cache that the experiment changed (after the commit). */
  const changed = (exp: Pick<Experiment, 'environmentId' | 'id'>, resourceVersion: number) =>
    deps.changes?.publish({ environmentId: exp.environmentId, experimentId: exp.id, resourceVersion });

  return {
    /**
     * Attaches a metric (EDITOR). Throws NOT_FOUND (experiment, or metric absent/deleted/of another
     * environment), FORBIDDEN, CONFLICT (attached already, metric archived, experiment over),
     * VALIDATION (MAX_ATTACHED_METRICS reached).
     */
    async attach(
      actor: Actor,
      input: { experimentId: string; metricId: string; role: MetricRole; expectedDirection: ExpectedDirection },
    ): Promise<ExperimentMetric> {
      const exp = await loadForChange(prisma, actor, input.experimentId, ['input', 'experimentId']);
      assertNotOver(exp, 'attach metrics to');
      const notFound = () => new NotFoundError("metric not found in this experiment's environment", ['input', 'metricId']);
      const conflict = new ConflictError('this metric is already attached to the experiment', ['input', 'metricId']);
      return prisma
        .$transaction(async (tx) => {
          // Share lock: concurrent attaches proceed, deleteMetric/updateMetric on this row wait.
          const metric = await lockMetricForShare(tx, input.metricId);
          if (!metric || metric.environmentId !== exp.environmentId) throw notFound();
          if (metric.status === 'ARCHIVED') throw new ConflictError('an archived metric cannot be attached', ['input', 'metricId']);
          if ((await tx.experimentMetric.count({ where: { experimentId: exp.id } })) >= MAX_ATTACHED_METRICS) {
            throw new ValidationError(`an experiment can have at most ${MAX_ATTACHED_METRICS} metrics attached; detach one first`, ['input', 'metricId']);
          }
          await assertResultsQueryFits(tx, exp.id, input.metricId);
          const attachment = await tx.experimentMetric.create({
            data: { experimentId: exp.id, metricId: input.metricId, role: input.role, expectedDirection: input.expectedDirection },
          });
          await bumpVersion(tx, exp.id, exp.resourceVersion);
          await recordAudit(tx, actor, {
            environmentId: exp.environmentId,
            entityType: 'EXPERIMENT',
            entityId: exp.id,
            action: 'ATTACH_METRIC',
            after: { metricId: input.metricId, role: input.role, expectedDirection: input.expectedDirection },
          });
          return attachment;
        })
        .then((attachment) => {
          changed(exp, exp.resourceVersion + 1);
          return attachment;
        })
        .catch((err: unknown) => {
          // The primary key (experiment, metric) decides, so concurrent attaches cannot both win.
          throw isUniqueViolation(err) ? conflict : err;
        });
    },

    /**
     * Detaches a metric (EDITOR) and returns the experiment with its bumped resourceVersion.
     * Throws NOT_FOUND (experiment, or the metric is not attached), FORBIDDEN, CONFLICT
     * (experiment ENDED/ARCHIVED), STALE_VERSION when another change to the experiment won a race.
     */
    async detach(actor: Actor, input: { experimentId: string; metricId: string }): Promise<Experiment> {
      const exp = await loadForChange(prisma, actor, input.experimentId, ['input', 'experimentId']);
      assertNotOver(exp, 'detach metrics from');
      return prisma.$transaction(async (tx) => {
        const key = { experimentId_metricId: { experimentId: exp.id, metricId: input.metricId } };
        const attachment = await tx.experimentMetric.findUnique({ where: key });
        if (!attachment) throw new NotFoundError('this metric is not attached to the experiment', ['input', 'metricId']);
        // Conditional on the version read above: a concurrent end/archive makes this STALE_VERSION.
        const updated = await bumpVersion(tx, exp.id, exp.resourceVersion);
        await tx.experimentMetric.delete({ where: key });
        await recordAudit(tx, actor, {
          environmentId: exp.environmentId,
          entityType: 'EXPERIMENT',
          entityId: exp.id,
          action: 'DETACH_METRIC',
          before: { metricId: attachment.metricId, role: attachment.role, expectedDirection: attachment.expectedDirection },
        });
        return updated;
      }).then((updated) => {
        changed(updated, updated.resourceVersion);
        return updated;
      });
    },
  };
}
