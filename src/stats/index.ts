/**
 * Pure statistics for Liftgate (no I/O, no app imports): statistic kinds (statistics/), effect
 * moments and tests (tests/: fixed-horizon Welch, sequential, Bayesian), CUPED (cuped.ts),
 * multiple-testing corrections (corrections.ts), health checks (srm.ts, health.ts) and the entry
 * that ties them (analyze.ts).
 */
export {
  analyze,
  type Analysis,
  type AnalysisHealth,
  type AnalysisInput,
  type AnalysisSettings,
  type ArmComparison,
  type ArmEstimate,
  type ArmInput,
  type CohortInput,
  type ComparisonReadout,
  type MetricAnalysis,
  type MetricInput,
  type Method,
  type StatisticKind,
  type TestKind,
} from './analyze.js';
export { sampleMean, summarize, type SampleAggregates } from './statistics/sample-mean.js';
export { proportion } from './statistics/proportion.js';
export { ratioOfMeans } from './statistics/ratio.js';
export type { PairedSums, SampleSummary, SufficientStatistics } from './statistics/types.js';
export type { EffectMoments, Lift, NotComputableReason, ScaleMoments, ScaleResult } from './tests/types.js';
export { effectMoments } from './tests/moments.js';
export { fixedHorizon, welchTest, type Estimate, type WelchResult } from './tests/t-test.js';
export { DEFAULT_SEQUENTIAL_TUNING, sequential, sequentialRho } from './tests/sequential.js';
export { bayesian, posterior, risk, type BayesianResult, type EffectPrior, type Posterior, type Risk } from './tests/bayesian.js';
export { cupedMoments, pooledTheta, adjustArm, type CupedArm } from './cuped.js';
export { adjustPValues, adjustedLevel, type Correction } from './corrections.js';
export { cohortSampleRatioTest, sampleRatioTest, SRM_P_THRESHOLD, type CohortCounts, type SampleRatioResult } from './srm.js';
export { multipleExposuresCheck, tooLittleData, MIN_UNITS_PER_ARM, MULTIPLE_EXPOSURES_THRESHOLD, type MultipleExposuresResult, type TooLittleData } from './health.js';
