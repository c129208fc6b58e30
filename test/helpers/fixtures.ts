/** Inputs shared by the integration tests. */
import type { CreateExperimentInput } from '../generated/graphql.js';

/**
 * CreateExperimentInput for a DRAFT experiment `key` in `environmentKey`: variants CONTROL
 * (control) and TREATMENT, one 50/50 cohort (variant keys in mixed case, as clients send them),
 * feature `flag_<key>`; `extra` overrides any field.
 */
export function twoVariantExperiment(environmentKey: string, key: string, extra: Partial<CreateExperimentInput> = {}): CreateExperimentInput {
  return {
    environmentKey,
    key,
    name: `Experiment ${key}`,
    featureName: `flag_${key}`,
    variants: [
      { key: 'control', name: 'Control', isControl: true },
      { key: 'treatment', name: 'Treatment' },
    ],
    allocations: [
      { variantKey: 'CONTROL', split: 0.5 },
      { variantKey: 'treatment', split: 0.5 },
    ],
    ...extra,
  };
}
