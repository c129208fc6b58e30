/**
 * Sticky assignment: Mutation.assignSubject and Query.assignment, both callable with the
 * environment key (X-Environment-Key) or a bearer token. Rules live in domain/assignment.
 */
import type { AssignmentView } from '../domain/assignment/service.js';
import { MAX_JSON_BYTES, MAX_JSON_DEPTH } from '../domain/event-bounds.js';
import { builder } from './builder.js';
import { payload, payloadType } from './errors.js';
import { ExperimentNode, VariantObject } from './experiment.js';

const AssignmentReasonEnum = builder.enumType('AssignmentReason', {
  description: 'Why a subject received (or did not receive) a variant.',
  values: {
    NEW: { description: 'First time this subject is seen: placed by the active cohort\'s splits.' },
    STICKY: { description: 'Returned the variant the subject received before.' },
    WINNER: { description: 'A winner is declared: every subject receives it.' },
    NOT_RUNNING: { description: 'The experiment is not assigning (draft, ended or archived).' },
  },
});

const AssignmentRef = builder.objectRef<AssignmentView>('Assignment').implement({
  description:
    'Which variant a subject gets in an experiment. From assignSubject: the answer (stored for NEW/STICKY; WINNER and NOT_RUNNING are not stored). From Query.assignment: the stored record (reason STICKY).',
  fields: (t) => ({
    experiment: t.field({
      type: ExperimentNode,
      description:
        'The experiment. Needs a bearer token: the environment key reaches assignment only, not the experiment\'s control-plane data.',
      authScopes: { token: true },
      resolve: (a) => a.experiment,
    }),
    subjectId: t.exposeString('subjectId', { description: 'The subject id, verbatim (case-sensitive).' }),
    variant: t.field({
      type: VariantObject,
      nullable: true,
      description: 'The variant to show; null when NOT_RUNNING.',
      resolve: (a) => a.variant,
    }),
    cohortIndex: t.int({
      nullable: true,
      description: 'Cohort whose splits placed the subject; null for WINNER and NOT_RUNNING.',
      resolve: (a) => a.cohortIndex,
    }),
    assignedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the subject was first placed (stored); null for WINNER and NOT_RUNNING.',
      resolve: (a) => a.assignedAt,
    }),
    reason: t.field({ description: 'Why this variant (NEW, STICKY, WINNER, NOT_RUNNING).', type: AssignmentReasonEnum, resolve: (a) => a.reason }),
  }),
});

const AssignSubjectInput = builder.inputType('AssignSubjectInput', {
  description: 'A subject to assign in an experiment.',
  fields: (t) => ({
    environmentKey: t.string({ description: 'Key of the environment (must match X-Environment-Key when that is the credential).' }),
    experimentKey: t.string({ description: 'Experiment key, any case.' }),
    subjectId: t.string({
      description: 'Non-empty, not blank, at most 500 characters; used verbatim (case-sensitive) as the events\' identifier.',
    }),
    traits: t.field({ type: 'JSON', required: false, description: `JSON object stored on the exposure event; not used for placement. At most ${MAX_JSON_DEPTH} levels deep and ${MAX_JSON_BYTES / 1024} KiB of JSON.` }),
    trackExposure: t.boolean({
      defaultValue: true,
      description: 'Also record a $flag_exposure event for this subject when it receives a variant.',
    }),
  }),
});

const AssignmentPayload = payloadType('AssignmentPayload', { assignment: { type: AssignmentRef } });

builder.mutationField('assignSubject', (t) =>
  t.field({
    type: AssignmentPayload,
    description:
      'Sticky assignment. Callable with a bearer token or with the environment key (X-Environment-Key). ' +
      'ACTIVE: the stored variant (STICKY) or a placement by a deterministic hash against the active cohort (NEW); ' +
      'WINNER_DECLARED: the winner (WINNER); DRAFT, ENDED, ARCHIVED: no variant (NOT_RUNNING). ' +
      'Errors: NOT_FOUND (environment, experiment), FORBIDDEN (VIEWER token), VALIDATION (subjectId, traits), WAREHOUSE_UNAVAILABLE (exposure not written; retry); a spent ingestion rate limit (trackExposure) is a top-level error with extensions.code RATE_LIMITED and retryAfterSeconds.',
    authScopes: { sdk: true },
    skipTypeScopes: true,
    args: { input: t.arg({ type: AssignSubjectInput, description: 'What to do: see `AssignSubjectInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({ assignment: await ctx.services.assignments.assign(ctx.actor, input) })),
  }),
);

builder.queryField('assignment', (t) =>
  t.field({
    type: AssignmentRef,
    nullable: true,
    description:
      'The stored assignment of a subject, without assigning (null if never assigned). ' +
      'Readable with the environment key or a VIEWER+ token; an unknown environment or experiment is a NOT_FOUND error.',
    authScopes: { sdk: true },
    skipTypeScopes: true,
    args: { environmentKey: t.arg.string({ description: 'Key of the environment.' }), experimentKey: t.arg.string({ description: 'Experiment key, any case.' }), subjectId: t.arg.string({ description: 'The subject id, verbatim.' }) },
    resolve: (_r, args, ctx) => ctx.services.assignments.get(ctx.actor, args),
  }),
);
