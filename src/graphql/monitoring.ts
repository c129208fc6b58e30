/**
 * Metric monitoring: AnomalySignal (node), its connections on Environment and Metric,
 * `Metric.series` (MetricPoint, with the point's signal) and `acknowledgeAnomaly`.
 * Thin: every rule (visibility, transitions, bucket bounds) lives in domain/monitoring.
 */
import { AnomalyDirection, AnomalyStatus, Severity } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { pagedCost, WAREHOUSE_COST } from './cost.js';
import { EnvironmentNode } from './environment.js';
import { decodeId, payload, payloadType } from './errors.js';
import { BucketIntervalEnum, MetricNode } from './metric.js';
import { maxPageSize } from './paging.js';
import { visibleSignalNode } from './visibility.js';

export const AnomalyDirectionEnum = builder.enumType(AnomalyDirection, {
  name: 'AnomalyDirection',
  description: 'Whether the observation is above (UP) or below (DOWN) the expected value.',
  values: {
    UP: { description: 'Above the band.' },
    DOWN: { description: 'Below the band.' },
  },
});

export const AnomalyStatusEnum = builder.enumType(AnomalyStatus, {
  name: 'AnomalyStatus',
  description: 'OPEN when detected → ACKNOWLEDGED (acknowledgeAnomaly) → RESOLVED (a later evaluation of the bucket is back in band).',
  values: {
    OPEN: { description: 'Detected and not handled yet.' },
    ACKNOWLEDGED: { description: 'Someone has seen it (acknowledgeAnomaly).' },
    RESOLVED: { description: 'A later evaluation found the bucket back in band.' },
  },
});

export const SeverityEnum = builder.enumType(Severity, {
  name: 'Severity',
  description: 'How far past the threshold: HIGH from 2× the sensitivity, MEDIUM from 1.5×, else LOW.',
  values: {
    LOW: { description: 'Past the sensitivity, below 1.5× it.' },
    MEDIUM: { description: 'From 1.5× the sensitivity.' },
    HIGH: { description: 'From 2× the sensitivity.' },
  },
});

/** An anomaly of one bucket of a monitored metric (one per metric, interval and bucket). */
export const AnomalySignalNode = builder.prismaNode('AnomalySignal', {
  id: { field: 'id' },
  description: 'An anomalous bucket of a monitored metric, stored once however often the bucket is evaluated again.',
  // node(id) of an invisible signal (or one of a deleted metric) is null, not an error.
  nullable: true,
  findUnique: (id, ctx) => visibleSignalNode(id, ctx.actor),
  fields: (t) => ({
    metric: t.relation('metric', { description: 'The monitored metric.' }),
    bucket: t.expose('bucket', { type: 'DateTime', description: 'Start of the bucket (UTC).' }),
    interval: t.field({ type: BucketIntervalEnum, description: 'Bucket length the signal was detected at.', resolve: (s) => s.interval }),
    observed: t.exposeFloat('observed', { description: 'The bucket\'s value.' }),
    expected: t.exposeFloat('expected', { description: 'The baseline: seasonal median of the trailing window plus its level.' }),
    lower: t.exposeFloat('lower', { description: 'Lower edge of the band: expected − sensitivity × robust σ.' }),
    upper: t.exposeFloat('upper', { description: 'Upper edge of the band: expected + sensitivity × robust σ.' }),
    score: t.exposeFloat('score', { description: 'Robust z-score of the observation against the baseline.' }),
    direction: t.field({ description: 'Above (UP) or below (DOWN) the expected value.', type: AnomalyDirectionEnum, resolve: (s) => s.direction }),
    severity: t.field({ description: 'How far past the threshold.', type: SeverityEnum, resolve: (s) => s.severity }),
    status: t.field({ description: 'OPEN, ACKNOWLEDGED or RESOLVED.', type: AnomalyStatusEnum, resolve: (s) => s.status }),
    detectedAt: t.expose('detectedAt', { type: 'DateTime', description: 'First detection (re-evaluations keep it).' }),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true, description: 'When it was acknowledged; null before.' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true, description: 'When a re-evaluation found the bucket back in band; null before.' }),
  }),
});

const AnomalySignalConnection = builder.connectionObject(
  { type: AnomalySignalNode, name: 'AnomalySignalConnection' },
  { name: 'AnomalySignalEdge' },
);

builder.prismaObjectField(EnvironmentNode, 'anomalySignals', (t) =>
  t.prismaConnection(
    {
      type: 'AnomalySignal',
      cursor: 'id',
      complexity: pagedCost,
      maxSize: maxPageSize,
      description: 'Anomaly signals of the environment\'s non-deleted metrics, newest bucket first (ties by id).',
      args: { status: t.arg({ type: AnomalyStatusEnum, required: false, description: 'Only signals with this status.' }) },
      totalCount: (env, args, ctx) => ctx.services.monitoring.countSignals(ctx.actor, { environmentId: env.id, status: args.status }),
      resolve: (query, env, args, ctx) => ctx.services.monitoring.listSignals(ctx.actor, { environmentId: env.id, status: args.status }, query),
    },
    AnomalySignalConnection,
  ),
);

builder.prismaObjectField(MetricNode, 'anomalySignals', (t) =>
  t.prismaConnection(
    {
      type: 'AnomalySignal',
      cursor: 'id',
      complexity: pagedCost,
      maxSize: maxPageSize,
      description: 'The metric\'s anomaly signals, newest bucket first (ties by id).',
      args: { status: t.arg({ type: AnomalyStatusEnum, required: false, description: 'Only signals with this status.' }) },
      totalCount: (m, args, ctx) =>
        ctx.services.monitoring.countSignals(ctx.actor, { environmentId: m.environmentId, metricId: m.id, status: args.status }),
      resolve: (query, m, args, ctx) =>
        ctx.services.monitoring.listSignals(ctx.actor, { environmentId: m.environmentId, metricId: m.id, status: args.status }, query),
    },
    AnomalySignalConnection,
  ),
);

/** A bucket of a series: its start, its value and the signal stored for it, if any. */
interface PointShape {
  bucket: Date;
  value: number | null;
  metricId: string;
  interval: 'HOUR' | 'DAY';
}

const MetricPoint = builder.objectRef<PointShape>('MetricPoint').implement({
  description: 'One bucket of a metric\'s series.',
  fields: (t) => ({
    bucket: t.expose('bucket', { type: 'DateTime', description: 'Start of the bucket.' }),
    value: t.exposeFloat('value', {
      nullable: true,
      description: 'Null where the bucket has no defined value (e.g. a ratio with a zero denominator).',
    }),
    anomaly: t.field({
      type: AnomalySignalNode,
      nullable: true,
      description: 'The anomaly signal stored for this bucket (at the series\' interval), if any.',
      resolve: (p, _a, ctx) => ctx.loaders.monitoring.signalAt(p.metricId, p.interval, p.bucket),
    }),
  }),
});

builder.prismaObjectField(MetricNode, 'series', (t) =>
  t.field({
    type: [MetricPoint],
    complexity: WAREHOUSE_COST,
    description:
      'Time-bucketed values over [from, to) (UTC buckets), every bucket present: COUNT, SUM and OCCURRENCE (distinct subjects) read 0 in a bucket without events, MEAN null. Filters apply as in results. One warehouse query per request for every series asked. BAD_USER_INPUT when `from` is not before `to` or the range spans more buckets than the limit; WAREHOUSE_UNAVAILABLE / WAREHOUSE_LIMIT when the warehouse cannot answer.',
    args: {
      from: t.arg({ type: 'DateTime', description: 'Start (inclusive); rounded down to its bucket.' }),
      to: t.arg({ type: 'DateTime', description: 'End (exclusive); rounded up to a bucket boundary.' }),
      interval: t.arg({ type: BucketIntervalEnum, required: false, description: 'Bucket length; the metric\'s monitoring interval when absent.' }),
    },
    resolve: async (metric, args, ctx) => {
      const interval = args.interval ?? metric.monitoringInterval;
      const points = await ctx.loaders.monitoring.series(metric, { from: args.from, to: args.to, interval });
      return points.map((p) => ({ ...p, metricId: metric.id, interval }));
    },
  }),
);

const AnomalySignalPayload = payloadType('AnomalySignalPayload', { anomalySignal: { type: AnomalySignalNode } });

builder.mutationField('acknowledgeAnomaly', (t) =>
  t.field({
    type: AnomalySignalPayload,
    description:
      'OPEN → ACKNOWLEDGED (EDITOR), audited. Errors: NOT_FOUND (absent, invisible, or its metric deleted), FORBIDDEN (VIEWER), INVALID_TRANSITION (already ACKNOWLEDGED or RESOLVED).',
    args: { id: t.arg.id({ description: 'Global id of the anomaly signal.' }) },
    resolve: (_r, { id }, ctx) =>
      payload(async () => ({
        anomalySignal: await ctx.services.monitoring.acknowledge(ctx.actor, decodeId(id, 'AnomalySignal', ['id'])),
      })),
  }),
);
