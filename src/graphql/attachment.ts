/** Metric attachments: a metric on an experiment, with its role and expected direction. */
import { builder } from './builder.js';
import { decodeId, payload, payloadType } from './errors.js';

export const MetricRoleEnum = builder.enumType('MetricRole', { values: ['PRIMARY', 'SECONDARY', 'GUARDRAIL'] as const });
export const ExpectedDirectionEnum = builder.enumType('ExpectedDirection', {
  values: ['INCREASE', 'DECREASE', 'NO_CHANGE'] as const,
});

export const ExperimentMetricObject = builder.prismaObject('ExperimentMetric', {
  description: 'A metric attached to an experiment, with its role and expected direction.',
  fields: (t) => ({
    experiment: t.relation('experiment'),
    metric: t.relation('metric'),
    role: t.field({ type: MetricRoleEnum, resolve: (a) => a.role }),
    expectedDirection: t.field({ type: ExpectedDirectionEnum, resolve: (a) => a.expectedDirection }),
  }),
});

const AttachMetricInput = builder.inputType('AttachMetricInput', {
  fields: (t) => ({
    experimentId: t.id(),
    metricId: t.id(),
    role: t.field({ type: MetricRoleEnum, defaultValue: 'SECONDARY' }),
    expectedDirection: t.field({ type: ExpectedDirectionEnum, defaultValue: 'INCREASE' }),
  }),
});

const ExperimentMetricPayload = payloadType('ExperimentMetricPayload', {
  experimentMetric: { type: ExperimentMetricObject },
});

builder.mutationField('attachMetric', (t) =>
  t.field({
    type: ExperimentMetricPayload,
    description:
      'Attaches a metric of the same environment (once). Errors: NOT_FOUND, CONFLICT (already attached, experiment ended), VALIDATION (archived metric).',
    args: { input: t.arg({ type: AttachMetricInput }) },
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
