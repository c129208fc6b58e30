/** Experiments: variants, cohorts, lifecycle transitions. */
import { builder } from './builder.js';
import { decodeId, payload, payloadType } from './errors.js';
import { environmentScope } from './visibility.js';

export const ExperimentStatusEnum = builder.enumType('ExperimentStatus', {
  values: {
    DRAFT: { description: 'Exists but is not live; no assignments.' },
    ACTIVE: { description: 'Live: assigning subjects by the active cohort\'s splits, sticky per subject.' },
    WINNER_DECLARED: { description: 'Every subject receives the winning variant.' },
    ENDED: { description: 'Over: no assignments are made or returned.' },
    ARCHIVED: { description: 'Ended and hidden from default lists.' },
  },
});
export const EndedReasonEnum = builder.enumType('EndedReason', {
  values: ['SUCCESS', 'TECH_ISSUE', 'NO_LONGER_NEEDED', 'NO_STAT_SIG', 'OTHER'] as const,
});

const Link = builder.objectRef<{ name: string; url: string }>('Link').implement({
  description: 'A named link (PRD, dashboard, analysis).',
  fields: (t) => ({ name: t.exposeString('name'), url: t.exposeString('url') }),
});

export const VariantObject = builder.prismaObject('Variant', {
  description: 'One arm of an experiment.',
  fields: (t) => ({
    id: t.exposeID('id'),
    key: t.exposeString('key', { description: 'Upper-case key, unique within the experiment, e.g. TREATMENT-A.' }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    isControl: t.exposeBoolean('isControl'),
  }),
});

builder.prismaObject('Allocation', {
  description: 'A variant\'s share of new subjects in a cohort.',
  fields: (t) => ({
    variant: t.relation('variant'),
    split: t.float({
      description: 'Share of new subjects, 0..1; a cohort\'s splits sum to 1.000.',
      resolve: (a) => a.splitMillis / 1000,
    }),
  }),
});

const CohortObject = builder.prismaObject('Cohort', {
  description: 'Splits in force from `createdAt`; immutable once created.',
  fields: (t) => ({
    index: t.exposeInt('index', {
      description: '0, 1, 2, …: assigned by the server in sequence; the highest is the active cohort.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    allocations: t.relation('allocations', { query: { orderBy: { position: 'asc' } } }),
  }),
});

export const ExperimentNode = builder.prismaNode('Experiment', {
  id: { field: 'id' },
  description: 'A controlled experiment on a feature flag.',
  findUnique: (id, ctx) => ({ id, AND: [{ deletedAt: null }, environmentScope(ctx.actor)] }),
  fields: (t) => ({
    environment: t.relation('environment'),
    key: t.exposeString('key', { description: 'Upper-case key, unique within the environment, e.g. HOME-PAGE-TEST.' }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    hypothesis: t.exposeString('hypothesis', { nullable: true }),
    links: t.field({ type: [Link], resolve: (e) => e.links as { name: string; url: string }[] }),
    subjectType: t.exposeString('subjectType', {
      description: 'Kind of subject assigned (e.g. CUSTOMER_ID); ANY accepts any non-empty id.',
    }),
    featureName: t.exposeString('featureName', {
      description: 'The feature flag whose exposures assign subjects to variants.',
    }),
    exposureEvent: t.exposeString('exposureEvent', { description: 'Event that records exposure; default $flag_exposure.' }),
    status: t.field({ type: ExperimentStatusEnum, resolve: (e) => e.status }),
    variants: t.relation('variants', { query: { orderBy: { position: 'asc' } } }),
    control: t.field({
      type: VariantObject,
      nullable: true,
      select: { variants: { where: { isControl: true } } },
      resolve: (e) => e.variants[0] ?? null,
    }),
    cohorts: t.relation('cohorts', { query: { orderBy: { index: 'asc' } } }),
    activeCohort: t.field({
      type: CohortObject,
      nullable: true,
      description: 'The newest cohort: new subjects are placed by its splits.',
      select: { cohorts: { orderBy: { index: 'desc' }, take: 1 } },
      resolve: (e) => e.cohorts[0] ?? null,
    }),
    winningVariant: t.field({
      type: VariantObject,
      nullable: true,
      select: { variants: true },
      resolve: (e) => e.variants.find((v) => v.id === e.winningVariantId) ?? null,
    }),
    endedReason: t.field({ type: EndedReasonEnum, nullable: true, resolve: (e) => e.endedReason }),
    resourceVersion: t.exposeInt('resourceVersion', {
      description: 'Incremented on every change; pass it back as expectedResourceVersion to update safely.',
    }),
    metrics: t.relation('metrics', { query: { orderBy: { createdAt: 'asc' }, where: { metric: { deletedAt: null } } } }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const LinkInput = builder.inputType('LinkInput', { fields: (t) => ({ name: t.string(), url: t.string() }) });

const VariantInput = builder.inputType('VariantInput', {
  fields: (t) => ({
    key: t.string(),
    name: t.string(),
    description: t.string({ required: false }),
    isControl: t.boolean({ defaultValue: false }),
  }),
});

const AllocationInput = builder.inputType('AllocationInput', {
  description: 'A variant\'s share of new subjects in a cohort.',
  fields: (t) => ({
    variantKey: t.string({ description: 'Key of one of the experiment\'s variants (any case).' }),
    split: t.float({ description: 'In (0, 1], at most three decimals; a cohort\'s splits sum to 1.000.' }),
  }),
});

const CreateExperimentInput = builder.inputType('CreateExperimentInput', {
  fields: (t) => ({
    environmentKey: t.string(),
    key: t.string(),
    name: t.string(),
    description: t.string({ required: false }),
    hypothesis: t.string({ required: false }),
    links: t.field({ type: [LinkInput], defaultValue: [] }),
    subjectType: t.string({ defaultValue: 'ANY' }),
    featureName: t.string(),
    exposureEvent: t.string({ defaultValue: '$flag_exposure' }),
    variants: t.field({ type: [VariantInput] }),
    allocations: t.field({ type: [AllocationInput], required: false, description: 'Optional first cohort (index 0).' }),
  }),
});

const AddCohortInput = builder.inputType('AddCohortInput', {
  description: 'The next cohort of an experiment; its index is assigned by the server.',
  fields: (t) => ({
    experimentId: t.id({ description: 'Global id of the experiment.' }),
    expectedResourceVersion: t.int({ description: 'The experiment\'s current resourceVersion; otherwise STALE_VERSION.' }),
    allocations: t.field({ type: [AllocationInput] }),
  }),
});

const TransitionInput = builder.inputType('TransitionInput', {
  description: 'A lifecycle transition of an experiment.',
  fields: (t) => ({
    experimentId: t.id({ description: 'Global id of the experiment.' }),
    expectedResourceVersion: t.int({ description: 'The experiment\'s current resourceVersion; otherwise STALE_VERSION.' }),
  }),
});

const DeclareWinnerInput = builder.inputType('DeclareWinnerInput', {
  fields: (t) => ({
    experimentId: t.id({ description: 'Global id of the experiment.' }),
    expectedResourceVersion: t.int({ description: 'The experiment\'s current resourceVersion; otherwise STALE_VERSION.' }),
    variantKey: t.string({ description: 'Key (any case) of one of this experiment\'s variants.' }),
  }),
});

const EndExperimentInput = builder.inputType('EndExperimentInput', {
  fields: (t) => ({
    experimentId: t.id({ description: 'Global id of the experiment.' }),
    expectedResourceVersion: t.int({ description: 'The experiment\'s current resourceVersion; otherwise STALE_VERSION.' }),
    reason: t.field({ type: EndedReasonEnum, description: 'Why the experiment ended (required).' }),
  }),
});

const ExperimentPayload = payloadType('ExperimentPayload', { experiment: { type: ExperimentNode } });
const experimentId = (id: string) => decodeId(id, 'Experiment', ['input', 'experimentId']);

builder.queryField('experiment', (t) =>
  t.field({
    type: ExperimentNode,
    nullable: true,
    description: 'The experiment with this key (case-insensitive); null when absent or not visible.',
    args: { environmentKey: t.arg.string(), key: t.arg.string() },
    resolve: (_r, args, ctx) => ctx.services.experiments.getVisibleByKey(ctx.actor, args.environmentKey, args.key),
  }),
);

builder.mutationFields((t) => ({
  createExperiment: t.field({
    type: ExperimentPayload,
    description:
      'Creates a DRAFT experiment with its variants and optional first cohort (EDITOR). Errors: VALIDATION (keys, variants, splits), CONFLICT (key in use), NOT_FOUND/FORBIDDEN.',
    args: { input: t.arg({ type: CreateExperimentInput }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({ experiment: await ctx.services.experiments.create(ctx.actor, input) })),
  }),
  addCohort: t.field({
    type: ExperimentPayload,
    description: 'Adds the next cohort (index = previous + 1). Errors: VALIDATION (splits), STALE_VERSION, CONFLICT (ended).',
    args: { input: t.arg({ type: AddCohortInput }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({
        experiment: await ctx.services.experiments.addCohort(ctx.actor, { ...input, experimentId: experimentId(input.experimentId) }),
      })),
  }),
  startExperiment: t.field({
    type: ExperimentPayload,
    description: 'DRAFT → ACTIVE; needs ≥ 2 variants, one control and a cohort. Errors: INVALID_TRANSITION, VALIDATION, STALE_VERSION.',
    args: { input: t.arg({ type: TransitionInput }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({
        experiment: await ctx.services.experiments.start(ctx.actor, { ...input, experimentId: experimentId(input.experimentId) }),
      })),
  }),
  declareWinner: t.field({
    type: ExperimentPayload,
    description:
      'ACTIVE → WINNER_DECLARED: every subject receives `variantKey` from now on. Errors: INVALID_TRANSITION, NOT_FOUND (variant), STALE_VERSION.',
    args: { input: t.arg({ type: DeclareWinnerInput }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({
        experiment: await ctx.services.experiments.declareWinner(ctx.actor, { ...input, experimentId: experimentId(input.experimentId) }),
      })),
  }),
  endExperiment: t.field({
    type: ExperimentPayload,
    description: 'ACTIVE or WINNER_DECLARED → ENDED, with a reason: no more assignments. Errors: INVALID_TRANSITION, STALE_VERSION.',
    args: { input: t.arg({ type: EndExperimentInput }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({
        experiment: await ctx.services.experiments.end(ctx.actor, { ...input, experimentId: experimentId(input.experimentId) }),
      })),
  }),
  archiveExperiment: t.field({
    type: ExperimentPayload,
    description: 'DRAFT or ENDED → ARCHIVED: hidden from default lists. Errors: INVALID_TRANSITION, STALE_VERSION.',
    args: { input: t.arg({ type: TransitionInput }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({
        experiment: await ctx.services.experiments.archive(ctx.actor, { ...input, experimentId: experimentId(input.experimentId) }),
      })),
  }),
}));

