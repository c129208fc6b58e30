/**
 * Metric attachments (design §2): a metric on an experiment with a role and an expected
 * direction. Same environment only, once per (experiment, metric), never a deleted or archived
 * metric, never on an ENDED/ARCHIVED experiment. Each change bumps the experiment's version and
 * is audited on the experiment.
 */
import type { ExperimentMetric, PrismaClient } from '../../generated/prisma/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { Actor } from '../access/actor.js';
import { recordAudit } from '../audit/service.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { isOver, type ExperimentStatus } from '../experiment/lifecycle.js';
import { bumpVersion, loadForChange } from '../experiment/versioning.js';

export type MetricRole = 'PRIMARY' | 'SECONDARY' | 'GUARDRAIL';
export type ExpectedDirection = 'INCREASE' | 'DECREASE' | 'NO_CHANGE';

export type AttachmentService = ReturnType<typeof createAttachmentService>;

export function createAttachmentService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  return {
    /** Attaches a metric. Throws NOT_FOUND, CONFLICT (attached already, experiment over), VALIDATION (archived metric). */
    async attach(
      actor: Actor,
      input: { experimentId: string; metricId: string; role: MetricRole; expectedDirection: ExpectedDirection },
    ): Promise<ExperimentMetric> {
      const exp = await loadForChange(prisma, actor, input.experimentId, ['input', 'experimentId']);
      if (isOver(exp.status as ExperimentStatus)) {
        throw new ConflictError(`cannot attach metrics to an ${exp.status} experiment`, ['input', 'experimentId']);
      }
      const metric = await prisma.metric.findFirst({ where: { id: input.metricId, deletedAt: null } });
      if (!metric || metric.environmentId !== exp.environmentId) {
        throw new NotFoundError("metric not found in this experiment's environment", ['input', 'metricId']);
      }
      if (metric.status === 'ARCHIVED') throw new ValidationError('an archived metric cannot be attached', ['input', 'metricId']);
      const conflict = new ConflictError('this metric is already attached to the experiment', ['input', 'metricId']);
      return prisma
        .$transaction(async (tx) => {
          const attachment = await tx.experimentMetric.create({
            data: { experimentId: exp.id, metricId: metric.id, role: input.role, expectedDirection: input.expectedDirection },
          });
          await bumpVersion(tx, exp.id, exp.resourceVersion);
          await recordAudit(tx, actor, {
            environmentId: exp.environmentId,
            entityType: 'EXPERIMENT',
            entityId: exp.id,
            action: 'ATTACH_METRIC',
            after: { metricId: metric.id, role: input.role, expectedDirection: input.expectedDirection },
          });
          return attachment;
        })
        .catch((err: unknown) => {
          // The primary key (experiment, metric) decides, so concurrent attaches cannot both win.
          throw isUniqueViolation(err) ? conflict : err;
        });
    },
  };
}
