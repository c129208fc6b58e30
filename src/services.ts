/** Wires the domain services over the two stores; built once per process by app.ts. */
import { createInProcessChangeFeed, type ChangeFeed } from './db/change-feed.js';
import { createConfigCache } from './domain/experiment/config-cache.js';
import { createTokenService } from './domain/token/service.js';
import { createAssignmentService } from './domain/assignment/service.js';
import { createAttachmentService } from './domain/attachment/service.js';
import { createAuditService } from './domain/audit/service.js';
import { createEnvironmentService } from './domain/environment/service.js';
import { createExperimentService } from './domain/experiment/service.js';
import { createMetricService } from './domain/metric/service.js';
import { createMonitoringService, type SignalChange } from './domain/monitoring/service.js';
import { createSnapshotHistory } from './domain/results/history.js';
import { createResultsService } from './domain/results/service.js';
import type { Config } from './config/env.js';
import type { PrismaClient } from './generated/prisma/client.js';
import type { Logger } from './lib/logger.js';
import { createEventWriter } from './ingestion/event-writer.js';
import { ingestionExposureRecorder } from './ingestion/exposures.js';
import { createIngestionMetrics } from './ingestion/metrics.js';
import { createRateLimiter } from './ingestion/rate-limit.js';
import { createRecentKeys } from './ingestion/recent-keys.js';
import { createIngestionService } from './ingestion/service.js';
import { createRealtimeBus } from './realtime/bus.js';
import { createEventsNotifier } from './realtime/events-notifier.js';
import { createResultsFeed } from './realtime/results-feed.js';
import { createSignalFeed } from './realtime/signal-feed.js';
import { recentEventIds } from './warehouse/events-store.js';
import { warehouseHealthy } from './warehouse/health.js';
import type { WarehouseQueries } from './warehouse/query.js';
import type { Sandbox } from './warehouse/sandbox.js';
import { createFactTableService } from './domain/fact-table/service.js';

/** Keys per generation of the recent-keys filter (two generations, 15 MB each). */
const RECENT_KEYS_CAPACITY = 5_000_000;

export type Services = ReturnType<typeof createServices>;

export function createServices(deps: {
  prisma: PrismaClient;
  warehouse: WarehouseQueries;
  /** Where user SQL runs (fact tables, results with FACT metrics). */
  sandbox: Sandbox;
  config: Pick<Config, 'ingestion' | 'maxEventsPerBatch' | 'redisUrl' | 'redisKeyPrefix' | 'apiTokenMaxLifetimeMs' | 'liveResultsIntervalMs'> &
    Partial<Pick<Config, 'configCacheMaxAgeMs'>>;
  /** Where experiment changes are announced to every replica; in-process when absent (one replica). */
  changes?: ChangeFeed;
  logger?: Logger;
  /** Called after an anomaly signal is created or changes status (wired to the pub/sub). */
  onSignalChanged?: (signal: SignalChange) => void;
}) {
  const { prisma, warehouse, config, sandbox } = deps;
  const changes = deps.changes ?? createInProcessChangeFeed();
  // Experiment configuration (assignment, experiment pages), invalidated through `changes`.
  // In-process (one replica) no message can be lost, so only a change or eviction ends an entry.
  const maxAgeMs = config.configCacheMaxAgeMs ?? 1_000;
  const configs = createConfigCache(changes, { maxAgeMs: changes.transport === 'in-process' && maxAgeMs > 0 ? null : maxAgeMs });
  const environments = createEnvironmentService({ prisma });
  const results = createResultsService({ prisma, warehouse, sandbox });
  const factTables = createFactTableService({ prisma, environments, sandbox });
  const ingestionMetrics = createIngestionMetrics();
  // Realtime (src/realtime/): one bus per process, on Redis with REDIS_URL so replicas share it.
  const bus = createRealtimeBus({ redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix, logger: deps.logger });
  const eventsNotifier = createEventsNotifier(bus);
  const recentKeys = createRecentKeys({ capacity: RECENT_KEYS_CAPACITY, windowMs: config.ingestion.dedupWindowMs });
  const eventWriter = createEventWriter({
    warehouse,
    recentKeys,
    timeoutMs: config.ingestion.timeoutMs,
    maxQueuedEvents: config.ingestion.maxQueuedEvents,
    onFlush(report) {
      ingestionMetrics.recordFlush(report);
      // Each flush that stored rows tells every replica's live results which environments changed.
      eventsNotifier.onFlush(report);
    },
  });
  ingestionMetrics.trackPending(eventWriter.pendingEvents);
  let lastRedisWarning = 0;
  const rateLimiter = createRateLimiter({
    perSecond: config.ingestion.rateLimitPerSecond,
    burst: config.ingestion.rateLimitBurst,
    redisUrl: config.redisUrl,
    keyPrefix: config.redisKeyPrefix,
    onStoreError(err) {
      // ioredis reports every reconnection attempt: one warning a minute is enough.
      if (Date.now() - lastRedisWarning < 60_000) return;
      lastRedisWarning = Date.now();
      deps.logger?.warn({ err }, 'Redis unreachable: the ingestion rate limit is counted per process meanwhile');
    },
  });
  const ingestion = createIngestionService({
    environments,
    // The writer's flush report names no environment: the notifier learns them from the writes.
    writer: { ...eventWriter, write: eventsNotifier.track((rows) => eventWriter.write(rows)) },
    rateLimiter,
    metrics: ingestionMetrics,
    limits: { ...config.ingestion, maxEventsPerBatch: config.maxEventsPerBatch },
  });
  const liveResults = createResultsFeed({
    bus,
    createReader: results.createReader,
    compute: results.compute,
    // The current row (status, winner) of a watched experiment; null once deleted.
    reload: (experiment) => prisma.experiment.findFirst({ where: { id: experiment.id, deletedAt: null } }),
    intervalMs: config.liveResultsIntervalMs,
    logger: deps.logger,
  });
  const liveSignals = createSignalFeed({
    bus,
    // Read once per change for all of this replica's subscribers; a deleted metric's signals are not sent.
    load: (id) => prisma.anomalySignal.findFirst({ where: { id, metric: { deletedAt: null } } }),
    logger: deps.logger,
  });
  return {
    environments,
    tokens: createTokenService({ prisma, environments, maxLifetimeMs: config.apiTokenMaxLifetimeMs }),
    audit: createAuditService({ prisma, environments }),
    metrics: createMetricService({ prisma, environments, factTableShapes: factTables.shapes }),
    factTables,
    experiments: createExperimentService({ prisma, environments, results, changes, configs }),
    attachments: createAttachmentService({ prisma, changes }),
    /** The change feed (closed by app.ts) and the configuration cache it invalidates. */
    changes,
    configs,
    monitoring: createMonitoringService({
      prisma,
      warehouse,
      // Every replica's anomalySignals subscribers hear of it through the bus (Redis with REDIS_URL).
      onSignalChanged(signal) {
        bus.publish('signalChanged', { id: signal.id, environmentId: signal.environmentId, metricId: signal.metricId });
        deps.onSignalChanged?.(signal);
      },
    }),
    results,
    /** Results snapshots as history (daily while ACTIVE, plus the freeze). */
    snapshots: createSnapshotHistory({ prisma, takeReadout: results.takeReadout }),
    ingestionMetrics,
    eventWriter,
    /** True when the warehouse answers a trivial read (for /healthz); never throws. */
    warehouseHealthy: () => warehouseHealthy(warehouse),
    /** Closes the rate limiter's Redis connection (at shutdown). */
    rateLimiter,
    /** Fills the recent-keys filter with the keys stored within the dedup window (at start); returns how many. */
    async warmRecentKeys(now = Date.now()): Promise<number> {
      let n = 0;
      const since = now - config.ingestion.dedupWindowMs;
      for await (const eventId of recentEventIds(warehouse, { sinceMs: since, maxAgeMs: config.ingestion.maxAgeMs, limit: RECENT_KEYS_CAPACITY })) {
        recentKeys.add(eventId);
        n++;
      }
      return n;
    },
    ingestion,
    /** Subscriptions' sources: the bus (topics across replicas) and the shared live feeds. */
    realtime: {
      bus,
      results: liveResults,
      signals: liveSignals,
      eventsNotifier,
      /** Stops the feeds and closes the bus's Redis connections (at shutdown). */
      async close() {
        liveResults.close();
        await bus.close();
      },
    },
    assignments: createAssignmentService({ prisma, environments, configs, exposures: ingestionExposureRecorder(ingestion) }),
  };
}
