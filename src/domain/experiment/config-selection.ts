/**
 * Which Prisma selections read experiment configuration only — the rows every experiment change
 * announces on the change feed (experiment, variants, cohorts, allocations) — and so may be
 * served from the configuration cache. Anything else (attached metrics, environment, assignments,
 * snapshots, `_count`) changes without an experiment change: such a page is never cached. Pure.
 */
import { Prisma } from '../../generated/prisma/client.js';

type ConfigModel = 'Experiment' | 'Variant' | 'Cohort' | 'Allocation';

const MODELS: Record<ConfigModel, { scalars: ReadonlySet<string>; relations: Readonly<Record<string, ConfigModel>> }> = {
  Experiment: { scalars: new Set(Object.values(Prisma.ExperimentScalarFieldEnum)), relations: { variants: 'Variant', cohorts: 'Cohort' } },
  Variant: { scalars: new Set(Object.values(Prisma.VariantScalarFieldEnum)), relations: {} },
  Cohort: { scalars: new Set(Object.values(Prisma.CohortScalarFieldEnum)), relations: { allocations: 'Allocation' } },
  Allocation: { scalars: new Set(Object.values(Prisma.AllocationScalarFieldEnum)), relations: { variant: 'Variant' } },
};

/** True when `args` (a findMany's include/select, nested) reads only configuration rows of `model`. */
export function isConfigSelection(model: ConfigModel, args: unknown): boolean {
  if (args === true || args === undefined || args === null) return true;
  if (typeof args !== 'object') return false;
  const { include, select } = args as { include?: unknown; select?: unknown };
  for (const part of [include, select]) {
    if (part === undefined || part === null) continue;
    if (typeof part !== 'object') return false;
    for (const [field, value] of Object.entries(part as Record<string, unknown>)) {
      if (value === false || value === undefined) continue;
      const related = MODELS[model].relations[field];
      if (related) {
        if (!isConfigSelection(related, value)) return false;
      } else if (!(MODELS[model].scalars.has(field) && value === true)) {
        return false;
      }
    }
  }
  return true;
}
