/** Wires the domain services over the two stores; built once per process by app.ts. */
import type { ClickHouseClient } from '@clickhouse/client';
import { createTokenService } from './domain/access/token-service.js';
import { createAssignmentService } from './domain/assignment/service.js';
import { createAttachmentService } from './domain/attachment/service.js';
import { createAuditService } from './domain/audit/service.js';
import { createEnvironmentService } from './domain/environment/service.js';
import { createExperimentService } from './domain/experiment/service.js';
import { createMetricService } from './domain/metric/service.js';
import { createResultsService } from './domain/results/service.js';
import type { PrismaClient } from './generated/prisma/client.js';
import { createIngestionService } from './ingestion/service.js';

export type Services = ReturnType<typeof createServices>;

export function createServices(deps: { prisma: PrismaClient; warehouse: ClickHouseClient }) {
  const { prisma, warehouse } = deps;
  const environments = createEnvironmentService({ prisma });
  const results = createResultsService({ prisma, warehouse });
  const ingestion = createIngestionService({ warehouse, environments });
  return {
    warehouse,
    environments,
    tokens: createTokenService({ prisma, environments }),
    audit: createAuditService({ prisma, environments }),
    metrics: createMetricService({ prisma, environments }),
    experiments: createExperimentService({ prisma, environments, results }),
    attachments: createAttachmentService({ prisma }),
    results,
    ingestion,
    assignments: createAssignmentService({ prisma, environments, ingestion }),
  };
}
