/** Metric catalog: environment-scoped, reusable metrics whose definition is immutable. */
import type { Metric, PrismaClient } from '../../generated/prisma/client.js';
import type { Actor } from '../access/actor.js';
import { recordAudit } from '../audit/service.js';
import type { EnvironmentService } from '../environment/service.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { StoredPropertyFilter } from './definition.js';
import { validateEventDefinition } from './rules.js';

export interface CreateMetricInput {
  environmentKey: string;
  name: string;
  description?: string | null;
  aggregation: string;
  polarity: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  status: 'DRAFT' | 'ACTIVE' | 'ARCHIVED';
  definition: { event?: { event: string; filters: StoredPropertyFilter[] } | null; fact?: unknown };
  windowHours?: number | null;
  monitoring?: { enabled: boolean; interval: 'HOUR' | 'DAY'; sensitivity: number } | null;
}

export type MetricService = ReturnType<typeof createMetricService>;

export function createMetricService(deps: { prisma: PrismaClient; environments: EnvironmentService }) {
  const { prisma, environments } = deps;
  return {
    /**
     * Creates a metric (EDITOR). Errors: NOT_FOUND/FORBIDDEN for the environment, VALIDATION for
     * the definition, window or monitoring, CONFLICT for a name used by a non-deleted metric.
     */
    async create(actor: Actor, input: CreateMetricInput): Promise<Metric> {
      const env = await environments.requireForChange(actor, input.environmentKey, 'EDITOR');
      const name = input.name.trim();
      if (!name || name.length > 200) throw new ValidationError('name must be 1–200 characters', ['input', 'name']);
      if (!input.definition.event) {
        // Fact metrics aggregate fact tables, which this version cannot create yet.
        throw new ValidationError('FACT metrics need a fact table; only EVENT metrics are supported', [
          'input', 'definition', 'fact',
        ]);
      }
      const definition = validateEventDefinition(input.aggregation, input.definition.event, [
        'input', 'definition', 'event',
      ]);
      const windowHours = input.windowHours ?? null;
      if (windowHours !== null && (!Number.isInteger(windowHours) || windowHours < 1)) {
        throw new ValidationError('windowHours must be a positive whole number of hours', ['input', 'windowHours']);
      }
      const monitoring = input.monitoring;
      if (monitoring && !(monitoring.sensitivity > 0)) {
        throw new ValidationError('sensitivity must be positive', ['input', 'monitoring', 'sensitivity']);
      }
      const clash = await prisma.metric.findFirst({ where: { environmentId: env.id, name, deletedAt: null } });
      if (clash) throw new ConflictError(`a metric named "${name}" exists in this environment`, ['input', 'name']);
      return prisma.$transaction(async (tx) => {
        const metric = await tx.metric.create({
        data: {
          environmentId: env.id,
          name,
          description: input.description ?? null,
          kind: 'EVENT',
          aggregation: input.aggregation as Metric['aggregation'],
          polarity: input.polarity,
          status: input.status,
          definition: definition as object,
          windowHours,
          monitoringEnabled: monitoring?.enabled ?? false,
          monitoringInterval: monitoring?.interval ?? 'DAY',
          monitoringSensitivity: monitoring?.sensitivity ?? 3.5,
        },
        });
        const { id, environmentId, createdAt, updatedAt, deletedAt, ...state } = metric;
        await recordAudit(tx, actor, { environmentId, entityType: 'METRIC', entityId: id, action: 'CREATE', after: state });
        return metric;
      });
    },
  };
}
