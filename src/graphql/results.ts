/** Experiment results types; computed by the results service from the request's loaders. */
import type { ExperimentResults, MetricResult, VariantComparison, VariantStatistics } from '../domain/results/service.js';
import type { Estimate as EstimateShape } from '../stats/index.js';
import type { Context } from '../context.js';
import type { Experiment } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { ExperimentMetricObject, ExperimentNode, MetricRoleEnum, VariantObject } from './experiment.js';
import { MetricNode } from './metric.js';

const VerdictEnum = builder.enumType('Verdict', {
  values: {
    WIN: { description: 'Significant in the good direction (by polarity and expected direction).' },
    LOSS: { description: 'Significant in the bad direction.' },
    GUARDRAIL_BREACH: { description: 'A guardrail metric moved significantly in the bad direction.' },
    INCONCLUSIVE: {},
  },
});

const Estimate = builder.objectRef<EstimateShape>('Estimate').implement({
  description: 'A point estimate with its confidence interval at the requested alpha.',
  fields: (t) => ({
    estimate: t.exposeFloat('estimate'),
    ciLower: t.exposeFloat('ciLower'),
    ciUpper: t.exposeFloat('ciUpper'),
  }),
});

const VariantStatisticsRef = builder.objectRef<VariantStatistics>('VariantStatistics').implement({
  description: 'Per-subject statistics of one metric in one variant.',
  fields: (t) => ({
    variant: t.field({ type: VariantObject, resolve: (s) => s.variant }),
    n: t.exposeInt('n', { description: 'Subjects (exposed identifiers) in the variant.' }),
    mean: t.exposeFloat('mean', { description: 'Per-subject mean of the metric.' }),
    variance: t.exposeFloat('variance', { description: 'Per-subject sample variance (n - 1 denominator).' }),
    sum: t.exposeFloat('sum'),
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
    verdict: t.field({ type: VerdictEnum, resolve: (c) => c.verdict }),
  }),
});

const MetricResultRef = builder.objectRef<MetricResult>('MetricResult').implement({
  description: 'One attached metric\'s results.',
  fields: (t) => ({
    metric: t.field({ type: MetricNode, resolve: (r) => r.metric }),
    role: t.field({ type: MetricRoleEnum, resolve: (r) => r.role }),
    variants: t.field({ type: [VariantStatisticsRef], resolve: (r) => r.variants }),
    comparisons: t.field({ type: [VariantComparisonRef], resolve: (r) => r.comparisons }),
    verdict: t.field({ type: VerdictEnum, description: 'Worst-case verdict across comparisons.', resolve: (r) => r.verdict }),
  }),
});

const VariantExposure = builder.objectRef<ExperimentResults['exposures'][number]>('VariantExposure').implement({
  description: 'Subjects exposed to a variant against its expected share.',
  fields: (t) => ({
    variant: t.field({ type: VariantObject, resolve: (e) => e.variant }),
    subjects: t.exposeInt('subjects'),
    expectedShare: t.exposeFloat('expectedShare', { description: 'The active cohort\'s split for the variant.' }),
    observedShare: t.exposeFloat('observedShare'),
  }),
});

const SampleRatioCheck = builder.objectRef<ExperimentResults['sampleRatioMismatch']>('SampleRatioCheck').implement({
  description: 'Chi-square goodness of fit of exposures against the active cohort\'s splits.',
  fields: (t) => ({
    chiSquare: t.exposeFloat('chiSquare'),
    pValue: t.exposeFloat('pValue'),
    mismatch: t.exposeBoolean('mismatch', { description: 'True when pValue < 0.001.' }),
  }),
});

const ExperimentResultsRef = builder.objectRef<ExperimentResults>('ExperimentResults').implement({
  description: 'Results of an experiment over all exposures so far.',
  fields: (t) => ({
    experiment: t.field({ type: ExperimentNode, resolve: (r) => r.experiment }),
    computedAt: t.expose('computedAt', { type: 'DateTime' }),
    frozen: t.exposeBoolean('frozen', { description: 'True when served from the snapshot frozen at end or winner declaration.' }),
    alpha: t.exposeFloat('alpha'),
    exposures: t.field({ type: [VariantExposure], resolve: (r) => r.exposures }),
    multipleExposures: t.exposeInt('multipleExposures', {
      description: 'Subjects exposed to more than one variant: excluded from every statistic (a health warning from 1 %).',
    }),
    sampleRatioMismatch: t.field({ type: SampleRatioCheck, resolve: (r) => r.sampleRatioMismatch }),
    metrics: t.field({ type: [MetricResultRef], resolve: (r) => r.metrics }),
  }),
});

/** The request's results for an experiment at alpha, computed once however many fields ask. */
function resultsFor(ctx: Context, experiment: Experiment, alpha: number) {
  const key = `${experiment.id}:${alpha}`;
  let results = ctx.results.get(key);
  if (!results) {
    results = ctx.services.results.compute(experiment, alpha, ctx.loaders.results);
    ctx.results.set(key, results);
  }
  return results;
}

builder.prismaObjectField(ExperimentNode, 'results', (t) =>
  t.field({
    type: ExperimentResultsRef,
    nullable: true,
    description:
      'Results over all exposures so far (or the frozen snapshot once ended or a winner is declared). Null without a control variant. One warehouse query per experiment per request.',
    args: { alpha: t.arg.float({ defaultValue: 0.05, required: false }) },
    resolve: (experiment, { alpha }, ctx) => resultsFor(ctx, experiment, alpha ?? 0.05),
  }),
);

builder.prismaObjectField(ExperimentMetricObject, 'result', (t) =>
  t.field({
    type: MetricResultRef,
    nullable: true,
    description: 'This metric\'s results; batched with the experiment\'s other metrics into one warehouse query.',
    args: { alpha: t.arg.float({ defaultValue: 0.05, required: false }) },
    select: { experiment: true },
    resolve: async (attachment, { alpha }, ctx) => {
      const results = await resultsFor(ctx, attachment.experiment, alpha ?? 0.05);
      return results?.metrics.find((m) => m.metric.id === attachment.metricId) ?? null;
    },
  }),
);
