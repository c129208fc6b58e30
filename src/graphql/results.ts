/** Experiment results types; computed by the results service through the request's results reader. */
import { resolveAnalysis, type Correction, type Method, type ResultsAnalysis } from '../domain/results/analysis.js';
import type {
  ComparisonFigures,
  Estimate as EstimateShape,
  ExperimentResults,
  MetricResult,
  ResultsHealth,
  ResultsOverTimePoint,
  Risk,
  VariantComparison,
  VariantStatistics,
} from '../domain/results/service.js';
import type { Context } from '../context.js';
import type { Experiment } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { BATCHED_WAREHOUSE_COST, WAREHOUSE_COST } from './cost.js';
import { ExperimentMetricObject, MetricRoleEnum } from './attachment.js';
import { ExperimentNode, VariantObject } from './experiment.js';
import { BucketIntervalEnum, MetricNode } from './metric.js';
import { MAX_OVER_TIME_BUCKETS } from '../domain/results/over-time.js';

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

export const ResultsMethodEnum = builder.enumType('ResultsMethod', {
  description: 'How each treatment is compared with the control.',
  values: {
    FIXED: { description: 'Fixed-horizon Welch t-test, absolute and relative (delta method), each with its own p-value. Read once, at the planned end.' },
    SEQUENTIAL: {
      description:
        'Asymptotic confidence sequences (Waudby-Smith et al. 2023, arXiv 2103.06476; tuning N* = 5,000 subjects): intervals and p-values valid at every look, so results may be read daily without inflating false positives.',
    },
    BAYESIAN: {
      description: 'Gaussian effect model (flat prior, or the metric\'s proper prior): credible interval, chanceToWin and risk; no p-values (pValue reads 1).',
    },
  },
});

export const CorrectionEnum = builder.enumType('MultipleTestingCorrection', {
  description: 'Multiple-testing correction across PRIMARY metrics × treatment variants (not applied to BAYESIAN).',
  values: {
    NONE: { description: 'No correction.' },
    HOLM: { description: 'Holm–Bonferroni (family-wise error rate), with adjusted p-values and intervals.' },
    BH: { description: 'Benjamini–Hochberg (false discovery rate), with adjusted p-values and intervals.' },
  },
});

const NotComputableReasonEnum = builder.enumType('NotComputableReason', {
  description: 'Why a comparison has no valid test: its interval bounds then equal the estimate, pValue reads 1 and significant is false.',
  values: {
    TOO_FEW_UNITS: { description: 'An arm has fewer than 2 subjects with a value.' },
    ZERO_VARIANCE: { description: 'The pooled variance is 0 (e.g. both arms constant): no t statistic exists.' },
    ZERO_CONTROL_MEAN: { description: 'The control mean is 0 (or so small the relative figures overflow): the relative lift is undefined.' },
  },
});

export const ResultsAnalysisInput = builder.inputType('ResultsAnalysisInput', {
  description: 'How results are analysed. Every choice reads the same warehouse figures: a request may ask for several without another query.',
  fields: (t) => ({
    method: t.field({ type: ResultsMethodEnum, required: false, defaultValue: 'FIXED', description: 'The comparison method (default FIXED).' }),
    correction: t.field({ type: CorrectionEnum, required: false, defaultValue: 'NONE', description: 'Multiple-testing correction (default NONE).' }),
    cuped: t.boolean({
      required: false,
      defaultValue: false,
      description: 'Regression-adjust (CUPED) the metrics that have CUPED settings by their pre-exposure covariate (default false); the unadjusted readout stays beside it.',
    }),
  }),
});

export const ResultsAnalysisRef = builder.objectRef<ResultsAnalysis>('ResultsAnalysis').implement({
  description: 'The analysis settings these results were computed with.',
  fields: (t) => ({
    alpha: t.exposeFloat('alpha', { description: 'Significance level (BAYESIAN: 1 − credible level).' }),
    method: t.field({ type: ResultsMethodEnum, description: 'The comparison method.', resolve: (a) => a.method }),
    correction: t.field({ type: CorrectionEnum, description: 'The multiple-testing correction.', resolve: (a) => a.correction }),
    cuped: t.exposeBoolean('cuped', { description: 'Whether metrics with CUPED settings were regression-adjusted.' }),
  }),
});

const BayesianRisk = builder.objectRef<Risk>('BayesianRisk').implement({
  description: 'Expected loss (relative lift units) of each decision under the posterior (gbstats\' risk).',
  fields: (t) => ({
    control: t.exposeFloat('control', { description: 'Expected loss of keeping the control.' }),
    treatment: t.exposeFloat('treatment', { description: 'Expected loss of shipping the treatment.' }),
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

const ComparisonReadoutRef = builder.objectRef<ComparisonFigures>('ComparisonReadout').implement({
  description: 'A comparison as one analysis reads it (used for the unadjusted readout beside a CUPED one).',
  fields: (t) => ({
    absoluteLift: t.field({ type: Estimate, description: 'mean(treatment) − mean(control), with its interval.', resolve: (c) => c.absoluteLift }),
    relativeLift: t.field({ type: Estimate, nullable: true, description: 'absoluteLift / |mean(control)|; null when the control mean is 0.', resolve: (c) => c.relativeLift }),
    pValue: t.float({ nullable: true, description: 'The absolute lift\'s p-value; null when not computable or BAYESIAN.', resolve: (c) => c.pValueOrNull }),
    relativePValue: t.float({ nullable: true, description: 'The relative lift\'s own p-value (delta-method SE); null when not computable or BAYESIAN.', resolve: (c) => c.relativePValue }),
    significant: t.exposeBoolean('significant', { description: 'As VariantComparison.significant.' }),
    chanceToWin: t.float({ nullable: true, description: 'BAYESIAN: P(relative lift > 0); null otherwise.', resolve: (c) => c.chanceToWin }),
    risk: t.field({ type: BayesianRisk, nullable: true, description: 'BAYESIAN: expected loss of each decision; null otherwise.', resolve: (c) => c.risk }),
    notComputable: t.field({ type: NotComputableReasonEnum, nullable: true, description: 'Why no valid test exists; null when it does.', resolve: (c) => c.notComputable }),
  }),
});

const CupedAdjustment = builder.objectRef<NonNullable<VariantComparison['cuped']>>('CupedAdjustment').implement({
  description:
    'CUPED (Deng, Xu, Kohavi & Walker 2013): the comparison adjusted by the metric\'s pre-exposure covariate with θ pooled over both arms; the main figures of the comparison are the adjusted ones.',
  fields: (t) => ({
    theta: t.float({ nullable: true, description: 'θ = cov(x, pre) / var(pre), pooled; null when undefined (no pre-exposure variance): the comparison is then unadjusted.', resolve: (c) => c.theta }),
    varianceReduction: t.float({
      nullable: true,
      description: '1 − SE²(adjusted) / SE²(unadjusted) of the absolute lift (0.3 = 30 % less variance); null when either is not computable.',
      resolve: (c) => c.varianceReduction,
    }),
    unadjusted: t.field({ type: ComparisonReadoutRef, description: 'The same comparison without CUPED.', resolve: (c) => c.unadjusted }),
  }),
});

const VariantComparisonRef = builder.objectRef<VariantComparison>('VariantComparison').implement({
  description: 'A treatment variant against the control, by the requested method (FIXED: Welch t-test).',
  fields: (t) => ({
    relativePValue: t.float({
      nullable: true,
      description: 'The relative lift\'s own two-sided p-value from its delta-method standard error, so it agrees with relativeLift\'s interval; null when not computable or BAYESIAN.',
      resolve: (c) => c.relativePValue,
    }),
    chanceToWin: t.float({ nullable: true, description: 'BAYESIAN: posterior probability that the relative lift is > 0 (0..1); null for other methods.', resolve: (c) => c.chanceToWin }),
    risk: t.field({ type: BayesianRisk, nullable: true, description: 'BAYESIAN: expected loss of each decision; null for other methods.', resolve: (c) => c.risk }),
    adjustedPValue: t.float({
      nullable: true,
      description: 'The corrected p-value (HOLM or BH across PRIMARY metrics × treatments); null when no correction applies to this comparison.',
      resolve: (c) => c.adjustedPValue,
    }),
    adjustedAbsoluteLift: t.field({
      type: Estimate,
      nullable: true,
      description: 'The absolute lift\'s interval at the corrected level (agrees with adjustedPValue); null when no correction applies.',
      resolve: (c) => c.adjusted?.absoluteLift ?? null,
    }),
    adjustedRelativeLift: t.field({
      type: Estimate,
      nullable: true,
      description: 'The relative lift\'s interval at the corrected level; null when no correction applies or the control mean is 0.',
      resolve: (c) => c.adjusted?.relativeLift ?? null,
    }),
    cuped: t.field({
      type: CupedAdjustment,
      nullable: true,
      description: 'CUPED\'s θ, variance reduction and the unadjusted readout; null unless the request asked for CUPED and the metric has CUPED settings.',
      resolve: (c) => c.cuped,
    }),
    notComputable: t.field({
      type: NotComputableReasonEnum,
      nullable: true,
      description: 'Why this comparison has no valid test (then the interval bounds equal the estimate, pValue is 1 and significant is false); null when it has one.',
      resolve: (c) => c.notComputable,
    }),
    variant: t.field({ type: VariantObject, description: 'The treatment variant compared against the control.', resolve: (c) => c.variant }),
    absoluteLift: t.field({ type: Estimate, description: 'mean(treatment) - mean(control), Welch CI.', resolve: (c) => c.absoluteLift }),
    relativeLift: t.field({
      type: Estimate,
      nullable: true,
      description: 'absoluteLift / |mean(control)| (so it has the sign of absoluteLift), delta-method CI; null when the control mean is 0.',
      resolve: (c) => c.relativeLift,
    }),
    pValue: t.exposeFloat('pValue', { description: 'Two-sided p-value of the absolute lift (FIXED: Welch t-test; SEQUENTIAL: anytime-valid); 1 when not computable or BAYESIAN.' }),
    significant: t.exposeBoolean('significant', {
      description: 'FIXED/SEQUENTIAL: pValue (adjustedPValue when a correction applies) < alpha. BAYESIAN: the relative credible interval excludes 0. Never true when not computable.',
    }),
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

const CohortSampleRatioCheck = builder.objectRef<ResultsHealth['sampleRatioMismatch']>('CohortSampleRatioCheck').implement({
  description:
    'Sample-ratio mismatch: Pearson chi-square of exposures against the splits. When cohorts changed the splits, each subject is tested against the cohort active at its first exposure and the cohorts\' statistics add up (independent chi-squares).',
  fields: (t) => ({
    chiSquare: t.exposeFloat('chiSquare', { description: 'Chi-square statistic (summed over cohorts).' }),
    degreesOfFreedom: t.exposeInt('degreesOfFreedom', { description: 'Degrees of freedom (summed over cohorts).' }),
    pValue: t.exposeFloat('pValue', { description: 'Upper-tail chi-square p-value.' }),
    mismatch: t.exposeBoolean('mismatch', { description: 'True when pValue < 0.001.' }),
    cohorts: t.exposeInt('cohorts', { description: 'Cohorts tested (1 when the splits never changed).' }),
  }),
});

const MultipleExposuresCheck = builder.objectRef<ResultsHealth['multipleExposures']>('MultipleExposuresCheck').implement({
  description: 'Subjects exposed to more than one variant (excluded from every statistic).',
  fields: (t) => ({
    subjects: t.exposeInt('subjects', { description: 'Subjects exposed to several variants.' }),
    share: t.exposeFloat('share', { description: 'Their share of every exposed subject, 0..1.' }),
    warning: t.exposeBoolean('warning', { description: 'True when share ≥ 1 %.' }),
  }),
});

const LowDataWarning = builder.objectRef<ResultsHealth['lowData'][number]>('LowDataWarning').implement({
  description: 'A variant with too few exposed subjects to read (GrowthBook\'s default minimum, 150).',
  fields: (t) => ({
    variant: t.field({ type: VariantObject, description: 'The variant.', resolve: (w) => w.variant }),
    subjects: t.exposeInt('subjects', { description: 'Its exposed subjects.' }),
    minimum: t.exposeInt('minimum', { description: 'The minimum per variant.' }),
  }),
});

const GuardrailBreach = builder.objectRef<ResultsHealth['guardrailBreaches'][number]>('GuardrailBreach').implement({
  description: 'A GUARDRAIL metric that moved significantly the bad way in a treatment.',
  fields: (t) => ({
    metric: t.field({ type: MetricNode, description: 'The guardrail metric.', resolve: (b) => b.metric }),
    variant: t.field({ type: VariantObject, description: 'The treatment variant that breached it.', resolve: (b) => b.variant }),
  }),
});

const ResultsHealthRef = builder.objectRef<ResultsHealth>('ResultsHealth').implement({
  description: 'Whether the results can be trusted, and what needs attention.',
  fields: (t) => ({
    sampleRatioMismatch: t.field({ type: CohortSampleRatioCheck, description: 'Exposures against the splits, per cohort.', resolve: (h) => h.sampleRatioMismatch }),
    multipleExposures: t.field({ type: MultipleExposuresCheck, description: 'Subjects exposed to several variants (a warning from 1 %).', resolve: (h) => h.multipleExposures }),
    lowData: t.field({ type: [LowDataWarning], description: 'Variants with fewer exposed subjects than the minimum.', resolve: (h) => h.lowData }),
    guardrailBreaches: t.field({ type: [GuardrailBreach], description: 'Guardrail metrics breached (verdict GUARDRAIL_BREACH), per treatment.', resolve: (h) => h.guardrailBreaches }),
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
    analysis: t.field({ type: ResultsAnalysisRef, description: 'The analysis settings these results were computed with.', resolve: (r) => r.analysis }),
    health: t.field({ type: ResultsHealthRef, description: 'Sample ratio per cohort, multiple exposures, low data per variant, guardrail breaches.', resolve: (r) => r.health }),
  }),
});

/** The request's results for an experiment with settings: the request's reader reads each experiment once. */
function resultsFor(ctx: Context, experiment: Experiment, alpha: number | null | undefined, analysis: ResultsAnalysisArg) {
  return ctx.services.results.compute(experiment, resolveAnalysis(alpha, analysis), ctx.loaders.results);
}

type ResultsAnalysisArg = { method?: Method | null; correction?: Correction | null; cuped?: boolean | null } | null | undefined;

const ANALYSIS_ARG_DESCRIPTION = 'Method, multiple-testing correction and CUPED (defaults: FIXED, NONE, false). Errors: VALIDATION.';

builder.prismaObjectField(ExperimentNode, 'results', (t) =>
  t.field({
    type: ExperimentResultsRef,
    nullable: true,
    description:
      'Results over all exposures so far (or the frozen snapshot once ended or a winner is declared). Null without a control variant. One warehouse query per experiment per request. Errors (extensions.code): WAREHOUSE_UNAVAILABLE (retry later), WAREHOUSE_LIMIT (the read exceeded a configured warehouse read limit: rows read, memory, execution time).',
    args: {
      alpha: t.arg.float({ defaultValue: 0.05, required: false, description: 'Significance level, 0 < alpha < 1 (VALIDATION otherwise).' }),
      analysis: t.arg({ type: ResultsAnalysisInput, required: false, description: ANALYSIS_ARG_DESCRIPTION }),
    },
    complexity: WAREHOUSE_COST,
    resolve: (experiment, { alpha, analysis }, ctx) => resultsFor(ctx, experiment, alpha, analysis),
  }),
);

builder.prismaObjectField(ExperimentMetricObject, 'result', (t) =>
  t.field({
    type: MetricResultRef,
    nullable: true,
    description: 'This metric\'s results; batched with the experiment\'s other metrics into one warehouse query.',
    args: {
      alpha: t.arg.float({ defaultValue: 0.05, required: false, description: 'Significance level, 0 < alpha < 1 (VALIDATION otherwise).' }),
      analysis: t.arg({ type: ResultsAnalysisInput, required: false, description: ANALYSIS_ARG_DESCRIPTION }),
    },
    complexity: BATCHED_WAREHOUSE_COST,
    select: { experiment: true },
    resolve: async (attachment, { alpha, analysis }, ctx) => {
      const results = await resultsFor(ctx, attachment.experiment, alpha, analysis);
      return results?.metrics.find((m) => m.metric.id === attachment.metricId) ?? null;
    },
  }),
);

const ResultsOverTimePointRef = builder.objectRef<ResultsOverTimePoint>('ResultsOverTimePoint').implement({
  description: 'Cumulative results at the end of one bucket: every subject exposed by then, with its events up to then.',
  fields: (t) => ({
    bucketEnd: t.expose('bucketEnd', { type: 'DateTime', description: 'Inclusive end of the bucket (the last bucket ends now, while the experiment runs).' }),
    results: t.field({ type: ExperimentResultsRef, description: 'The results as they stood at bucketEnd (estimates and intervals per metric and variant).', resolve: (p) => p.results }),
  }),
});

builder.prismaObjectField(ExperimentNode, 'resultsOverTime', (t) =>
  t.field({
    type: [ResultsOverTimePointRef],
    description: `Cumulative results at the end of each UTC day or hour since the experiment started (the latest ${MAX_OVER_TIME_BUCKETS} buckets at most), from ONE warehouse query, always live (a frozen experiment's history stops at its end). Empty before it started. Errors (extensions.code): VALIDATION (alpha), WAREHOUSE_UNAVAILABLE, WAREHOUSE_LIMIT.`,
    args: {
      interval: t.arg({ type: BucketIntervalEnum, required: false, defaultValue: 'DAY', description: 'Bucket length: DAY (default) or HOUR, in UTC.' }),
      alpha: t.arg.float({ defaultValue: 0.05, required: false, description: 'Significance level, 0 < alpha < 1.' }),
      analysis: t.arg({ type: ResultsAnalysisInput, required: false, description: ANALYSIS_ARG_DESCRIPTION }),
    },
    // One warehouse query; the buckets are analysed in memory (at most MAX_OVER_TIME_BUCKETS).
    complexity: { field: WAREHOUSE_COST, multiplier: 1 },
    resolve: (experiment, args, ctx) =>
      ctx.services.results.overTime(experiment, args.interval ?? 'DAY', resolveAnalysis(args.alpha, args.analysis)),
  }),
);
