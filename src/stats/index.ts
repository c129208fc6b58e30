/** Pure statistics for Liftgate: arm summaries, Welch's t-test with lift CIs, and the sample-ratio-mismatch check. */
export { summarize, type SampleAggregates, type SampleSummary } from './summary.js';
export { welchTest, type Estimate, type WelchResult } from './welch.js';
export { sampleRatioTest, SRM_P_THRESHOLD, type SampleRatioResult } from './sample-ratio.js';
