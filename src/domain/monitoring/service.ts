/**
 * Monitoring: anomaly signals (listing, acknowledgement, recording evaluations) and the
 * evaluation of monitored metrics that the scheduler (src/jobs/) drives.
 *
 * - A signal is stored once per (metric, interval, bucket): the unique key decides between
 *   concurrent evaluators (INSERT … ON CONFLICT DO NOTHING), so re-evaluating a bucket, or two
 *   replicas evaluating it at once, never makes a second row. A re-evaluation that is still out of
 *   band refreshes the figures of an OPEN/ACKNOWLEDGED signal; one back in band RESOLVES it.
 * - acknowledgeAnomaly: OPEN → ACKNOWLEDGED by an EDITOR, audited (entity ANOMALY_SIGNAL) in the
 *   same transaction; any other move is INVALID_TRANSITION with the allowed ones.
 * - `onSignalChanged` (a port the composition root wires to the pub/sub) is called after a signal
 *   is created or its status changes, once the change is committed.
 * - Evaluation claims: under an advisory lock per (environment, interval), a replica leases the
 *   metrics whose next bucket is due (MonitorCursor), evaluates them with one warehouse scan, then
 *   advances their cursors — only while it still holds the lease — so each evaluation runs on one
 *   replica, and a crashed replica's lease expires.
 */
import type { AnomalySignal, AnomalyStatus, BucketInterval, Metric, Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { tryAdvisoryXactLock } from '../../db/advisory-lock.js';
import type { Detection } from '../../stats/anomaly/detector.js';
import type { WarehouseQueries } from '../../warehouse/query.js';
import { canRead, type Actor } from '../access/actor.js';
import { requireChangeable } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { InvalidTransitionError, NotFoundError } from '../errors.js';
import { BUCKET_MS, bucketFloor, detectorSettings, isCountShaped, requireSignalTransition, scoreBuckets, SIGNAL_TRANSITIONS } from './rules.js';
import { createMonitoringReaderFactory, readSeriesBatch, type SeriesRequest } from './series.js';

/** What a subscriber needs to find a changed signal (the pub/sub payload). */
export interface SignalChange {
  id: string;
  environmentId: string;
  metricId: string;
}

/** Filter of a signal list: an environment, optionally one metric and one status. */
export interface SignalFilter {
  environmentId: string;
  metricId?: string;
  status?: AnomalyStatus | null;
}

/** A metric the scheduler evaluates, and the buckets [from, to) (ms, bucket boundaries) it evaluates now. */
export interface ClaimedMetric {
  metric: Metric;
  from: number;
  to: number;
}

/** What one evaluation run did. */
export interface EvaluationSummary {
  /** Buckets scored (including re-evaluated ones). */
  scored: number;
  created: number;
  resolved: number;
}

export type MonitoringService = ReturnType<typeof createMonitoringService>;

/** Buckets before a claimed range whose open signals are evaluated again (one seasonal period). */
const REEVALUATE_BUCKETS: Record<BucketInterval, number> = { HOUR: 168, DAY: 7 };
/** Most closed buckets one run catches up per metric after downtime (older ones are skipped). */
export const MAX_CATCH_UP_BUCKETS: Record<BucketInterval, number> = { HOUR: 168, DAY: 28 };

/** Monitoring service over the control plane and the warehouse. */
export function createMonitoringService(deps: {
  prisma: PrismaClient;
  warehouse: WarehouseQueries;
  onSignalChanged?: (signal: { id: string; environmentId: string; metricId: string }) => void;
}) {
  const { prisma, warehouse } = deps;
  const notify = (s: SignalChange) => {
    try {
      deps.onSignalChanged?.({ id: s.id, environmentId: s.environmentId, metricId: s.metricId });
    } catch {
      // A subscriber's failure is not the evaluation's.
    }
  };

  function listWhere(actor: Actor, filter: SignalFilter): Prisma.AnomalySignalWhereInput {
    if (!canRead(actor, filter.environmentId)) throw new NotFoundError('environment not found');
    return {
      environmentId: filter.environmentId,
      metric: { deletedAt: null },
      ...(filter.metricId ? { metricId: filter.metricId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    };
  }

  /** Records one bucket's detection: creates, refreshes or resolves its signal. */
  async function record(metric: Metric, interval: BucketInterval, bucket: Date, detection: Detection | null, now: Date): Promise<'created' | 'resolved' | null> {
    const key = { metricId: metric.id, interval, bucket };
    if (detection?.anomalous) {
      const figures = {
        observed: detection.observed,
        expected: detection.expected,
        lower: detection.lower,
        upper: detection.upper,
        score: detection.score,
        direction: detection.direction,
        severity: detection.severity,
      };
      const [created] = await prisma.anomalySignal.createManyAndReturn({
        data: [{ ...key, ...figures, environmentId: metric.environmentId, detectedAt: now }],
        skipDuplicates: true,
      });
      if (created) {
        notify(created);
        return 'created';
      }
      await prisma.anomalySignal.updateMany({ where: { ...key, status: { in: ['OPEN', 'ACKNOWLEDGED'] } }, data: figures });
      return null;
    }
    if (!detection) return null;
    // Back in band: OPEN or ACKNOWLEDGED → RESOLVED (SIGNAL_TRANSITIONS).
    const resolvable = (Object.keys(SIGNAL_TRANSITIONS) as AnomalyStatus[]).filter((s) => SIGNAL_TRANSITIONS[s].includes('RESOLVED'));
    const resolved = await prisma.anomalySignal.updateManyAndReturn({
      where: { ...key, status: { in: resolvable } },
      data: { status: 'RESOLVED', resolvedAt: now },
    });
    resolved.forEach(notify);
    return resolved.length > 0 ? 'resolved' : null;
  }

  return {
    /** A reader of series and per-bucket signals for one GraphQL request (fresh loaders). */
    createReader: createMonitoringReaderFactory({ prisma, warehouse }),

    /**
     * A page of the environment's signals (of non-deleted metrics), newest bucket first, ties by
     * id. `page` is the pagination part of a Prisma query. NOT_FOUND when the environment is not readable.
     */
    async listSignals(actor: Actor, filter: SignalFilter, page: Omit<Prisma.AnomalySignalFindManyArgs, 'where' | 'orderBy'>) {
      return prisma.anomalySignal.findMany({ ...page, where: listWhere(actor, filter), orderBy: [{ bucket: 'desc' }, { id: 'desc' }] });
    },

    /** How many signals `listSignals` pages through. */
    async countSignals(actor: Actor, filter: SignalFilter): Promise<number> {
      return prisma.anomalySignal.count({ where: listWhere(actor, filter) });
    },

    /**
     * OPEN → ACKNOWLEDGED (EDITOR), audited. NOT_FOUND when absent, invisible or of a deleted
     * metric; FORBIDDEN below EDITOR; INVALID_TRANSITION when not OPEN (also when a concurrent
     * acknowledgement or resolution won).
     */
    async acknowledge(actor: Actor, id: string): Promise<AnomalySignal> {
      const found = await prisma.anomalySignal.findFirst({ where: { id, metric: { deletedAt: null } } });
      const signal = requireChangeable(actor, found, 'EDITOR', 'anomaly signal not found', ['id']);
      requireSignalTransition(signal.status, 'ACKNOWLEDGED');
      const now = new Date();
      const updated = await prisma.$transaction(async (tx) => {
        const { count } = await tx.anomalySignal.updateMany({
          where: { id, status: 'OPEN' },
          data: { status: 'ACKNOWLEDGED', acknowledgedAt: now, acknowledgedBy: actor.kind === 'token' ? actor.tokenId : null },
        });
        if (count === 0) {
          const current = await tx.anomalySignal.findUniqueOrThrow({ where: { id } });
          throw new InvalidTransitionError(current.status, 'ACKNOWLEDGED', SIGNAL_TRANSITIONS[current.status]);
        }
        const after = await tx.anomalySignal.findUniqueOrThrow({ where: { id } });
        await recordAudit(tx, actor, {
          environmentId: after.environmentId,
          entityType: 'ANOMALY_SIGNAL',
          entityId: after.id,
          action: 'ACKNOWLEDGE',
          before: { status: signal.status },
          after: { status: after.status, acknowledgedAt: after.acknowledgedAt, metricId: after.metricId, bucket: after.bucket },
        });
        return after;
      });
      notify(updated);
      return updated;
    },

    /** Monitored metrics (monitoring on, ACTIVE, not deleted, EVENT), grouped by environment and interval. */
    async monitoredGroups(): Promise<{ environmentId: string; interval: BucketInterval; metricIds: string[] }[]> {
      const metrics = await prisma.metric.findMany({
        where: { monitoringEnabled: true, status: 'ACTIVE', deletedAt: null, kind: 'EVENT' },
        select: { id: true, environmentId: true, monitoringInterval: true },
        orderBy: { id: 'asc' },
      });
      const groups = new Map<string, { environmentId: string; interval: BucketInterval; metricIds: string[] }>();
      for (const m of metrics) {
        const key = `${m.environmentId}|${m.monitoringInterval}`;
        const g = groups.get(key) ?? { environmentId: m.environmentId, interval: m.monitoringInterval, metricIds: [] };
        g.metricIds.push(m.id);
        groups.set(key, g);
      }
      return [...groups.values()];
    },

    /**
     * Leases the group's metrics whose next closed bucket is due: buckets ending at or before
     * `now − latenessMs`. Under the group's advisory lock (another replica claiming the same
     * group at the same moment gets nothing: it is claimed). A metric seen for the first time (or
     * whose interval changed) starts at its latest closed bucket; one behind by more than
     * MAX_CATCH_UP_BUCKETS catches up only those. Returns the claimed metrics and their ranges.
     */
    async claimDue(
      group: { environmentId: string; interval: BucketInterval; metricIds: string[] },
      options: { now: Date; latenessMs: number; owner: string; leaseMs: number },
    ): Promise<ClaimedMetric[]> {
      const { interval } = group;
      const step = BUCKET_MS[interval];
      const closedEnd = bucketFloor(options.now.getTime() - options.latenessMs, interval);
      return prisma.$transaction(async (tx) => {
        if (!(await tryAdvisoryXactLock(tx, `liftgate.monitoring:${group.environmentId}:${interval}`))) return [];
        const metrics = await tx.metric.findMany({
          where: { id: { in: group.metricIds }, monitoringEnabled: true, status: 'ACTIVE', deletedAt: null, kind: 'EVENT', monitoringInterval: interval },
          include: { monitorCursor: true },
        });
        const fresh = metrics.filter((m) => !m.monitorCursor || m.monitorCursor.interval !== interval);
        if (fresh.length > 0) {
          await tx.monitorCursor.deleteMany({ where: { metricId: { in: fresh.map((m) => m.id) } } });
          await tx.monitorCursor.createMany({ data: fresh.map((m) => ({ metricId: m.id, interval, evaluatedThrough: new Date(closedEnd - step) })) });
        }
        const due: ClaimedMetric[] = [];
        for (const m of metrics) {
          const cursor = m.monitorCursor?.interval === interval ? m.monitorCursor : null;
          if (cursor?.leaseUntil && cursor.leaseUntil > options.now) continue; // another replica is on it
          const through = cursor ? cursor.evaluatedThrough.getTime() : closedEnd - step;
          if (through >= closedEnd) continue;
          due.push({ metric: m, from: Math.max(through, closedEnd - MAX_CATCH_UP_BUCKETS[interval] * step), to: closedEnd });
        }
        if (due.length > 0) {
          await tx.monitorCursor.updateMany({
            where: { metricId: { in: due.map((d) => d.metric.id) } },
            data: { leaseOwner: options.owner, leaseUntil: new Date(options.now.getTime() + options.leaseMs) },
          });
        }
        return due;
      });
    },

    /**
     * Evaluates claimed metrics of ONE environment and interval with one warehouse scan: every
     * bucket in their ranges, and the group's open signals of the period before (a later look
     * at a bucket can resolve its signal). Records signals; does not move cursors.
     * Throws WAREHOUSE_UNAVAILABLE / WAREHOUSE_LIMIT when the warehouse cannot answer.
     */
    async evaluate(claimed: readonly ClaimedMetric[], now = new Date()): Promise<EvaluationSummary> {
      const summary: EvaluationSummary = { scored: 0, created: 0, resolved: 0 };
      if (claimed.length === 0) return summary;
      const interval = claimed[0]!.metric.monitoringInterval;
      const step = BUCKET_MS[interval];
      const open = await prisma.anomalySignal.findMany({
        where: {
          metricId: { in: claimed.map((c) => c.metric.id) },
          interval,
          status: { in: ['OPEN', 'ACKNOWLEDGED'] },
          bucket: { gte: new Date(Math.min(...claimed.map((c) => c.from)) - REEVALUATE_BUCKETS[interval] * step) },
        },
        select: { metricId: true, bucket: true },
      });
      const plans = claimed.map((c) => {
        const reopen = open.filter((s) => s.metricId === c.metric.id && s.bucket.getTime() < c.from && s.bucket.getTime() >= c.from - REEVALUATE_BUCKETS[interval] * step);
        const first = Math.min(c.from, ...reopen.map((s) => s.bucket.getTime()));
        const window = detectorSettings(interval, isCountShaped(c.metric.aggregation)).window;
        return { claim: c, first, readFrom: first - window * step, reopen: new Set(reopen.map((s) => s.bucket.getTime())) };
      });
      const requests: SeriesRequest[] = plans.map((p) => ({ metric: p.claim.metric, interval, range: { start: p.readFrom, end: p.claim.to } }));
      const series = await readSeriesBatch(warehouse, requests);
      for (const [i, plan] of plans.entries()) {
        const { metric } = plan.claim;
        const scores = scoreBuckets(series[i]!, (plan.first - plan.readFrom) / step, {
          interval,
          sensitivity: metric.monitoringSensitivity,
          countShaped: isCountShaped(metric.aggregation),
        });
        for (const { bucket, detection } of scores) {
          const t = bucket.getTime();
          if (t < plan.claim.from && !plan.reopen.has(t)) continue;
          summary.scored++;
          const outcome = await record(metric, interval, bucket, detection, now);
          if (outcome === 'created') summary.created++;
          if (outcome === 'resolved') summary.resolved++;
        }
      }
      return summary;
    },

    /**
     * Ends a claim: with `evaluated`, moves the cursors to the end of their ranges; either way
     * releases the lease — only the metrics `owner` still leases (a lease that expired and was
     * taken over is left to its new owner).
     */
    async release(claimed: readonly ClaimedMetric[], owner: string, evaluated: boolean): Promise<void> {
      for (const c of claimed) {
        await prisma.monitorCursor.updateMany({
          where: { metricId: c.metric.id, leaseOwner: owner },
          data: { leaseOwner: null, leaseUntil: null, ...(evaluated ? { evaluatedThrough: new Date(c.to) } : {}) },
        });
      }
    },
  };
}
