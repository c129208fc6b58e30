/**
 * Pure statistics for Liftgate (no I/O, no app imports): statistic kinds (statistics/), tests
 * (tests/), the sample-ratio-mismatch check (srm.ts) and the entry that ties them (analyze.ts).
 */
export { analyze, type Analysis, type AnalysisInput, type AnalysisSettings, type ArmComparison, type ArmEstimate, type MetricAnalysis, type StatisticKind } from './analyze.js';
export { sampleMean, summarize, type SampleAggregates } from './statistics/sample-mean.js';
export { proportion } from './statistics/proportion.js';
export { ratioOfMeans } from './statistics/ratio.js';
export type { PairedSums, SampleSummary, SufficientStatistics } from './statistics/types.js';
export { welchTest, type Estimate, type WelchResult } from './tests/t-test.js';
export { sampleRatioTest, SRM_P_THRESHOLD, type SampleRatioResult } from './srm.js';
