/** Experiment results types; computed by the results service through the request's results reader. */
import type { Estimate as EstimateShape, ExperimentResults, MetricResult, VariantComparison, VariantStatistics } from '../domain/results/service.js';
import type { Context } from '../context.js';
import type { Experiment } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { BATCHED_WAREHOUSE_COST, WAREHOUSE_COST } from './cost.js';
import { ExperimentMetricObject, MetricRoleEnum } from './attachment.js';
import { ExperimentNode, VariantObject } from './experiment.js';
import { MetricNode } from './metric.js';

const VerdictEnum = builder.enumType('Verdict', {
  description: 'Judgement of a comparison (or of a metric: the worst of its comparisons).',
  values: {
    WIN: { description: 'Significant in the good direction (by polarity and expected direction).' },
    LOSS: { description: 'Significant in the bad direction.' },
    GUARDRAIL_BREACH: { description: 'A guardrail metric moved significantly in the bad direction.' },
    INCONCLUSIVE: { description: 'Not significant at alpha.' },
  },
});

const Estimate = builder.objectRef<EstimateShape>('Estimate').implement({
  description: 'A point estimate with its confidence interval at the requested alpha.',
  fields: (t) => ({
    estimate: t.exposeFloat('estimate', { description: 'Point estimate (absolute: metric units per subject; relative: a fraction, 0.1 = +10 %).' }),
    ciLower: t.exposeFloat('ciLower', { description: 'Lower bound of the two-sided (1 − alpha) confidence interval.' }),
    ciUpper: t.exposeFloat('ciUpper', { description: 'Upper bound of the two-sided (1 − alpha) confidence interval.' }),
  }),
});

const VariantStatisticsRef = builder.objectRef<VariantStatistics>('VariantStatistics').implement({
  description: 'Per-subject statistics of one metric in one variant.',
  fields: (t) => ({
    variant: t.field({ description: 'The variant.', type: VariantObject, resolve: (s) => s.variant }),
    n: t.exposeInt('n', { description: 'Subjects (exposed identifiers) in the variant.' }),
    mean: t.exposeFloat('mean', { description: 'Per-subject mean of the metric.' }),
    variance: t.exposeFloat('variance', { description: 'Per-subject sample variance (n - 1 denominator).' }),
    sum: t.exposeFloat('sum', { description: 'Sum of the per-subject values (n × mean).' }),
  }),
});

const VariantComparisonRef = builder.objectRef<VariantComparison>('VariantComparison').implement({
  description: 'A treatment variant against the control (Welch t-test).',
  fields: (t) => ({
    variant: t.field({ type: VariantObject, description: 'The treatment variant compared against the control.', resolve: (c) => c.variant }),
    absoluteLift: t.field({ type: Estimate, description: 'mean(treatment) - mean(control), Welch CI.', resolve: (c) => c.absoluteLift }),
    relativeLift: t.field({
      type: Estimate,
      nullable: true,
      description: 'absoluteLift / mean(control), delta-method CI; null when the control mean is 0.',
      resolve: (c) => c.relativeLift,
    }),
    pValue: t.exposeFloat('pValue', { description: 'Two-sided Welch t-test p-value.' }),
    significant: t.exposeBoolean('significant', { description: 'pValue < alpha.' }),
    verdict: t.field({
      type: VerdictEnum,
      description: 'From significance, the metric\'s polarity, the attachment\'s expected direction and role (NO_CHANGE: any significant move is a LOSS, or a GUARDRAIL_BREACH for a guardrail).',
      resolve: (c) => c.verdict,
    }),
  }),
});

const MetricResultRef = builder.objectRef<MetricResult>('MetricResult').implement({
  description: 'One attached metric\'s results.',
  fields: (t) => ({
    metric: t.field({ type: MetricNode, description: 'The attached metric.', resolve: (r) => r.metric }),
    role: t.field({ description: 'The metric\'s role in the experiment.', type: MetricRoleEnum, resolve: (r) => r.role }),
    variants: t.field({ type: [VariantStatisticsRef], description: 'Per-variant statistics, control first (variant order).', resolve: (r) => r.variants }),
    comparisons: t.field({ type: [VariantComparisonRef], description: 'Each treatment variant against the control.', resolve: (r) => r.comparisons }),
    verdict: t.field({ type: VerdictEnum, description: 'Worst-case verdict across comparisons.', resolve: (r) => r.verdict }),
  }),
});

const VariantExposure = builder.objectRef<ExperimentResults['exposures'][number]>('VariantExposure').implement({
  description: 'Subjects exposed to a variant against its expected share.',
  fields: (t) => ({
    variant: t.field({ description: 'The variant.', type: VariantObject, resolve: (e) => e.variant }),
    subjects: t.exposeInt('subjects', { description: 'Subjects whose first exposure was this variant (multiple-exposure subjects excluded).' }),
    expectedShare: t.exposeFloat('expectedShare', { description: 'The active cohort\'s split for the variant.' }),
    observedShare: t.exposeFloat('observedShare', { description: 'subjects / all exposed subjects, 0..1.' }),
  }),
});

const SampleRatioCheck = builder.objectRef<ExperimentResults['sampleRatioMismatch']>('SampleRatioCheck').implement({
  description: 'Chi-square goodness of fit of exposures against the active cohort\'s splits.',
  fields: (t) => ({
    chiSquare: t.exposeFloat('chiSquare', { description: 'Pearson chi-square statistic, k − 1 degrees of freedom.' }),
    pValue: t.exposeFloat('pValue', { description: 'Upper-tail chi-square p-value.' }),
    mismatch: t.exposeBoolean('mismatch', { description: 'True when pValue < 0.001.' }),
  }),
});

export const ExperimentResultsRef = builder.objectRef<ExperimentResults>('ExperimentResults').implement({
  description: 'Results of an experiment over all exposures so far, or the snapshot frozen when a winner was declared or it ended.',
  fields: (t) => ({
    experiment: t.field({ description: 'The experiment.', type: ExperimentNode, resolve: (r) => r.experiment }),
    computedAt: t.expose('computedAt', {
      type: 'DateTime',
      description: 'When these figures were read from the warehouse (for frozen results: when the snapshot was taken).',
    }),
    frozen: t.exposeBoolean('frozen', { description: 'True when served from the snapshot frozen at end or winner declaration.' }),
    alpha: t.exposeFloat('alpha', { description: 'Significance level of the intervals and of `significant`.' }),
    exposures: t.field({ type: [VariantExposure], description: 'Exposed subjects per variant against the active cohort\'s splits.', resolve: (r) => r.exposures }),
    multipleExposures: t.exposeInt('multipleExposures', {
      description: 'Subjects exposed to more than one variant: excluded from every statistic (a health warning from 1 %).',
    }),
    sampleRatioMismatch: t.field({ type: SampleRatioCheck, description: 'Whether exposures deviate from the splits more than chance allows.', resolve: (r) => r.sampleRatioMismatch }),
    metrics: t.field({ type: [MetricResultRef], description: 'One result per attached EVENT metric, in attachment order.', resolve: (r) => r.metrics }),
  }),
});

/** The request's results for an experiment at alpha: the request's reader reads each experiment once. */
function resultsFor(ctx: Context, experiment: Experiment, alpha: number) {
  return ctx.services.results.compute(experiment, alpha, ctx.loaders.results);
}

builder.prismaObjectField(ExperimentNode, 'results', (t) =>
  t.field({
    type: ExperimentResultsRef,
    nullable: true,
    description:
      'Results over all exposures so far (or the frozen snapshot once ended or a winner is declared). Null without a control variant. One warehouse query per experiment per request. Errors (extensions.code): WAREHOUSE_UNAVAILABLE (retry later), WAREHOUSE_LIMIT (the read exceeded a configured warehouse read limit: rows read, memory, execution time).',
    args: { alpha: t.arg.float({ description: 'Significance level, 0 < alpha < 1; default 0.05.', defaultValue: 0.05, required: false }) },
    complexity: WAREHOUSE_COST,
    resolve: (experiment, { alpha }, ctx) => resultsFor(ctx, experiment, alpha ?? 0.05),
  }),
);

builder.prismaObjectField(ExperimentMetricObject, 'result', (t) =>
  t.field({
    type: MetricResultRef,
    nullable: true,
    description: 'This metric\'s results; batched with the experiment\'s other metrics into one warehouse query.',
    args: { alpha: t.arg.float({ description: 'Significance level, 0 < alpha < 1; default 0.05.', defaultValue: 0.05, required: false }) },
    complexity: BATCHED_WAREHOUSE_COST,
    select: { experiment: true },
    resolve: async (attachment, { alpha }, ctx) => {
      const results = await resultsFor(ctx, attachment.experiment, alpha ?? 0.05);
      return results?.metrics.find((m) => m.metric.id === attachment.metricId) ?? null;
    },
  }),
);
