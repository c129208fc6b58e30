/** Metric attachments: a metric on an experiment, with its role and expected direction. */
import { ExpectedDirection, MetricRole } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { DEFAULT_PAGE, pagedCost } from './cost.js';
import { MAX_ATTACHED_METRICS } from '../domain/attachment/service.js';
import { ExperimentPayload } from './experiment.js';
import { decodeId, payload, payloadType } from './errors.js';
import { MetricNode } from './metric.js';
import { MAX_PAGE, pageSize } from './paging.js';

export const MetricRoleEnum = builder.enumType(MetricRole, {
  name: 'MetricRole',
  description: 'What a metric attached to an experiment is for.',
  values: {
    PRIMARY: { description: 'The metric the experiment is meant to move.' },
    SECONDARY: { description: 'Watched for insight; does not decide.' },
    GUARDRAIL: { description: 'Must not get worse: a significant bad move is GUARDRAIL_BREACH.' },
  },
});
export const ExpectedDirectionEnum = builder.enumType(ExpectedDirection, {
  name: 'ExpectedDirection',
  description: 'How the experiment is expected to move the metric; with the metric\'s polarity it decides the verdict.',
  values: {
    INCREASE: { description: 'Expected to go up. Verdicts are judged by polarity: an improvement is a WIN, a degradation a LOSS (GUARDRAIL_BREACH for a guardrail).' },
    DECREASE: { description: 'Expected to go down. Judged like INCREASE: by polarity.' },
    NO_CHANGE: { description: 'Expected to hold (two-sided): any significant move is a LOSS, or a GUARDRAIL_BREACH for a guardrail.' },
  },
});

export const ExperimentMetricObject = builder.prismaObject('ExperimentMetric', {
  description: 'A metric attached to an experiment, with its role and expected direction.',
  fields: (t) => ({
    experiment: t.relation('experiment', { description: 'The experiment.' }),
    metric: t.relation('metric', { description: 'The attached metric.' }),
    role: t.field({ description: 'PRIMARY, SECONDARY or GUARDRAIL.', type: MetricRoleEnum, resolve: (a) => a.role }),
    expectedDirection: t.field({ description: 'The change the experiment expects of this metric.', type: ExpectedDirectionEnum, resolve: (a) => a.expectedDirection }),
  }),
});

builder.prismaObjectField(MetricNode, 'attachments', (t) =>
  t.relation('attachments', {
    description: `Experiments this metric is attached to (deleted experiments excluded), oldest attachment first: the first \`first\` of them (default ${DEFAULT_PAGE}, at most ${MAX_PAGE}).`,
    args: { first: t.arg.int({ required: false, description: `How many attachments, 0–${MAX_PAGE}; default ${DEFAULT_PAGE}.` }) },
    complexity: pagedCost,
    query: ({ first }) => ({ where: { experiment: { deletedAt: null } }, orderBy: { createdAt: 'asc' }, take: pageSize(first) }),
  }),
);

const AttachMetricInput = builder.inputType('AttachMetricInput', {
  description: 'Attaches a metric of the same environment to an experiment.',
  fields: (t) => ({
    experimentId: t.id({ description: 'Global id of the experiment.' }),
    metricId: t.id({ description: 'Global id of the metric.' }),
    role: t.field({ description: 'Default SECONDARY.', type: MetricRoleEnum, defaultValue: 'SECONDARY' }),
    expectedDirection: t.field({ description: 'Default INCREASE.', type: ExpectedDirectionEnum, defaultValue: 'INCREASE' }),
  }),
});

const ExperimentMetricPayload = payloadType('ExperimentMetricPayload', {
  experimentMetric: { type: ExperimentMetricObject },
});

builder.mutationField('attachMetric', (t) =>
  t.field({
    type: ExperimentMetricPayload,
    description:
      `Attaches a metric of the same environment, once (EDITOR); bumps the experiment's resourceVersion. Errors: NOT_FOUND (experiment; metric absent, deleted or of another environment), CONFLICT (already attached, metric ARCHIVED, experiment ENDED or ARCHIVED), VALIDATION (the experiment has ${MAX_ATTACHED_METRICS} metrics attached already).`,
    args: { input: t.arg({ type: AttachMetricInput, description: 'What to do: see `AttachMetricInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({
        experimentMetric: await ctx.services.attachments.attach(ctx.actor, {
          ...input,
          experimentId: decodeId(input.experimentId, 'Experiment', ['input', 'experimentId']),
          metricId: decodeId(input.metricId, 'Metric', ['input', 'metricId']),
        }),
      })),
  }),
);

const DetachMetricInput = builder.inputType('DetachMetricInput', {
  description: 'Detaches a metric from an experiment.',
  fields: (t) => ({
    experimentId: t.id({ description: 'Global id of the experiment.' }),
    metricId: t.id({ description: 'Global id of the metric.' }),
  }),
});

builder.mutationField('detachMetric', (t) =>
  t.field({
    type: ExperimentPayload,
    description:
      'Detaches a metric (EDITOR); returns the experiment, its resourceVersion bumped by one. Errors: NOT_FOUND (experiment, or metric not attached), CONFLICT (experiment ENDED or ARCHIVED), STALE_VERSION (a concurrent change won).',
    args: { input: t.arg({ type: DetachMetricInput, description: 'What to do: see `DetachMetricInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({
        experiment: await ctx.services.attachments.detach(ctx.actor, {
          experimentId: decodeId(input.experimentId, 'Experiment', ['input', 'experimentId']),
          metricId: decodeId(input.metricId, 'Metric', ['input', 'metricId']),
        }),
      })) as never,
  }),
);
