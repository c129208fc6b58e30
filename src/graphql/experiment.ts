/** Experiments: variants, cohorts, updates, lifecycle transitions, an environment's experiments. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { EndedReason, ExperimentStatus, type Experiment } from '../generated/prisma/client.js';
import { MAX_EVENT_NAME_LENGTH } from '../domain/event-bounds.js';
import { MAX_COHORTS, MAX_LINKS, MAX_URL_LENGTH, MAX_VARIANTS } from '../domain/experiment/rules.js';
import { MAX_DESCRIPTION_LENGTH } from '../domain/names.js';
import { builder } from './builder.js';
import { pagedCost } from './cost.js';
import { maxPageSize } from './paging.js';
import { EnvironmentNode } from './environment.js';
import { decodeId, payload, payloadType } from './errors.js';
import { DeletePayload } from './metric.js';
import { visibleScopedNode } from './visibility.js';

export const ExperimentStatusEnum = builder.enumType(ExperimentStatus, {
  description: 'Lifecycle status: DRAFT → ACTIVE → WINNER_DECLARED → ENDED → ARCHIVED (also ACTIVE → ENDED, DRAFT → ARCHIVED).',
  name: 'ExperimentStatus',
  values: {
    DRAFT: { description: 'Exists but is not live; no assignments.' },
    ACTIVE: { description: 'Live: assigning subjects by the active cohort\'s splits, sticky per subject.' },
    WINNER_DECLARED: { description: 'Every subject receives the winning variant.' },
    ENDED: { description: 'Over: no assignments are made or returned.' },
    ARCHIVED: { description: 'Ended and hidden from default lists.' },
  },
});
export const EndedReasonEnum = builder.enumType(EndedReason, {
  name: 'EndedReason',
  description: 'Why an experiment ended (`endExperiment` requires one).',
  values: {
    SUCCESS: { description: 'The experiment answered its question.' },
    TECH_ISSUE: { description: 'Stopped because of a technical problem (bad exposure data, a bug in a variant).' },
    NO_LONGER_NEEDED: { description: 'The question no longer matters (feature dropped or shipped anyway).' },
    NO_STAT_SIG: { description: 'Ran its course without a significant result.' },
    OTHER: { description: 'Any other reason (say why in the description).' },
  },
});

const Link = builder.objectRef<{ name: string; url: string }>('Link').implement({
  description: 'A named link (PRD, dashboard, analysis).',
  fields: (t) => ({ name: t.exposeString('name', { description: 'Label of the link, 1–200 characters.' }), url: t.exposeString('url', { description: 'Absolute http(s) URL.' }) }),
});

export const VariantObject = builder.prismaObject('Variant', {
  description: 'One arm of an experiment.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Global id of the variant.' }),
    key: t.exposeString('key', { description: 'Upper-case key, unique within the experiment, e.g. TREATMENT-A.' }),
    name: t.exposeString('name', { description: 'Display name, 1–200 characters.' }),
    description: t.exposeString('description', { description: 'Free text; null when not set.', nullable: true }),
    isControl: t.exposeBoolean('isControl', { description: 'True for the experiment\'s one control variant (the baseline of every comparison).' }),
  }),
});

builder.prismaObject('Allocation', {
  description: 'A variant\'s share of new subjects in a cohort.',
  fields: (t) => ({
    variant: t.relation('variant', { description: 'The variant this share goes to.' }),
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
    createdAt: t.expose('createdAt', { description: 'When the cohort was added; its splits place new subjects from then on.', type: 'DateTime' }),
    allocations: t.relation('allocations', { description: 'One allocation per variant, in variant order; splits sum to 1.000.', query: { orderBy: { position: 'asc' } } }),
  }),
});

/** How an experiment's variants are read wherever a field needs them: one shared selection. */
const VARIANTS_QUERY = { orderBy: { position: 'asc' } } as const;

export const ExperimentNode = builder.prismaNode('Experiment', {
  id: { field: 'id' },
  description: 'A controlled experiment on a feature flag.',
  findUnique: (id, ctx) => visibleScopedNode(id, ctx.actor),
  // node(id) answers null (not an error) for an experiment that is deleted or in another environment.
  nullable: true,
  fields: (t) => ({
    environment: t.relation('environment', { description: 'The environment the experiment belongs to.' }),
    key: t.exposeString('key', { description: 'Upper-case key, unique within the environment, e.g. HOME-PAGE-TEST.' }),
    name: t.exposeString('name', { description: 'Display name, 1–200 characters.' }),
    description: t.exposeString('description', { description: 'Free text; null when not set.', nullable: true }),
    hypothesis: t.exposeString('hypothesis', { description: 'What the experiment expects to change and why; null when not set.', nullable: true }),
    links: t.field({ description: 'Named links (PRD, dashboards, analysis), in the order given.', type: [Link], resolve: (e) => e.links as { name: string; url: string }[] }),
    subjectType: t.exposeString('subjectType', {
      description: 'Kind of subject assigned (e.g. CUSTOMER_ID); ANY accepts any non-empty id.',
    }),
    featureName: t.exposeString('featureName', {
      description: 'The feature flag whose exposures assign subjects to variants.',
    }),
    exposureEvent: t.exposeString('exposureEvent', { description: 'Event that records exposure; default $flag_exposure.' }),
    status: t.field({ description: 'Lifecycle status.', type: ExperimentStatusEnum, resolve: (e) => e.status }),
    variants: t.relation('variants', { description: 'The variants, in the order they were given.', query: VARIANTS_QUERY }),
    control: t.field({
      description: 'The control variant; null only while a DRAFT has none.',
      type: VariantObject,
      nullable: true,
      // The same selection as `variants`, so both (and winningVariant) share one query.
      select: { variants: VARIANTS_QUERY },
      resolve: (e) => e.variants.find((v) => v.isControl) ?? null,
    }),
    cohorts: t.relation('cohorts', { description: 'Every cohort, oldest (index 0) first; the last is the active one.', query: { orderBy: { index: 'asc' } } }),
    activeCohort: t.field({
      type: CohortObject,
      nullable: true,
      description: 'The newest cohort: new subjects are placed by its splits.',
      // The cohort's own fields (allocations, their variants) load in the same query, not per row.
      select: (_args, _ctx, nested) => ({ cohorts: nested({ orderBy: { index: 'desc' }, take: 1 }) }),
      resolve: (e) => e.cohorts[0] ?? null,
    }),
    winningVariant: t.field({
      description: 'The declared winner; null unless a winner was declared.',
      type: VariantObject,
      nullable: true,
      select: { variants: VARIANTS_QUERY },
      resolve: (e) => e.variants.find((v) => v.id === e.winningVariantId) ?? null,
    }),
    endedReason: t.field({ description: 'Why it ended; null unless ENDED or ARCHIVED after an end.', type: EndedReasonEnum, nullable: true, resolve: (e) => e.endedReason }),
    resourceVersion: t.exposeInt('resourceVersion', {
      description: 'Incremented on every change; pass it back as expectedResourceVersion to update safely.',
    }),
    metrics: t.relation('metrics', { description: 'Attached metrics (non-deleted), oldest attachment first.', query: { orderBy: { createdAt: 'asc' }, where: { metric: { deletedAt: null } } } }),
    startedAt: t.expose('startedAt', { description: 'When it became ACTIVE; null while DRAFT.', type: 'DateTime', nullable: true }),
    endedAt: t.expose('endedAt', { description: 'When it ended; null before.', type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { description: 'When it was created.', type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { description: 'Last change (any field, cohort, transition or attachment).', type: 'DateTime' }),
  }),
});

const TEXT = `At most ${MAX_DESCRIPTION_LENGTH} characters`;
const LINKS = `At most ${MAX_LINKS} links`;
const VARIANTS = `At most ${MAX_VARIANTS} variants, exactly one of them the control`;

const LinkInput = builder.inputType('LinkInput', {
  description: 'A named link (design doc, dashboard, ticket).',
  fields: (t) => ({
    name: t.string({ description: '1–200 characters.' }),
    url: t.string({ description: `An absolute http or https URL of at most ${MAX_URL_LENGTH} characters.` }),
  }),
});

const VariantInput = builder.inputType('VariantInput', {
  description: 'One variant of an experiment, as created or as the complete list of updateExperiment.',
  fields: (t) => ({
    key: t.string({ description: 'Case-insensitive [A-Za-z0-9._-], stored upper-case; unique within the experiment.' }),
    name: t.string({ description: 'Display name, 1–200 characters.' }),
    description: t.string({ required: false, description: `${TEXT}.` }),
    isControl: t.boolean({ description: 'Marks the control; exactly one variant must be it.', defaultValue: false }),
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
  description: 'A new DRAFT experiment: its key, flag, variants and optionally its first cohort.',
  fields: (t) => ({
    environmentKey: t.string({ description: 'Key of the environment to create it in (EDITOR there).' }),
    key: t.string({ description: 'Case-insensitive [A-Za-z0-9._-], stored upper-case; unique among the environment\'s live experiments.' }),
    name: t.string({ description: 'Display name, 1–200 characters.' }),
    description: t.string({ required: false, description: `${TEXT}.` }),
    hypothesis: t.string({ required: false, description: `${TEXT}.` }),
    links: t.field({ type: [LinkInput], defaultValue: [], description: `${LINKS}.` }),
    subjectType: t.string({ description: 'Kind of subject id assigned (e.g. CUSTOMER_ID); ANY accepts any non-empty id.', defaultValue: 'ANY' }),
    featureName: t.string({
      description: `The flag whose exposures this experiment reads: 1–${MAX_EVENT_NAME_LENGTH} characters without control characters (what ingestion accepts as feature_name).`,
    }),
    exposureEvent: t.string({
      defaultValue: '$flag_exposure',
      description: `The exposure event's name: 1–${MAX_EVENT_NAME_LENGTH} characters without control characters (what ingestion accepts as event).`,
    }),
    variants: t.field({ type: [VariantInput], description: `${VARIANTS}.` }),
    allocations: t.field({ type: [AllocationInput], required: false, description: 'Optional first cohort (index 0).' }),
  }),
});

const UpdateExperimentInput = builder.inputType('UpdateExperimentInput', {
  description:
    'Descriptive fields (until ARCHIVED) and/or the variants (only while DRAFT); absent fields stay as they are.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of the experiment.' }),
    expectedResourceVersion: t.int({ description: 'The experiment\'s current resourceVersion; otherwise STALE_VERSION.' }),
    name: t.string({ required: false, description: '1–200 characters; null leaves it unchanged.' }),
    description: t.string({ required: false, description: `${TEXT}; null clears it.` }),
    hypothesis: t.string({ required: false, description: `${TEXT}; null clears it.` }),
    links: t.field({ type: [LinkInput], required: false, description: `The complete new list (${LINKS.toLowerCase()}); [] clears it.` }),
    variants: t.field({
      type: [VariantInput],
      required: false,
      description:
        `Only while DRAFT. The complete new list (${VARIANTS.toLowerCase()}), matched by key: kept keys keep their variant, a variant allocated in a cohort cannot be removed.`,
    }),
  }),
});

const AddCohortInput = builder.inputType('AddCohortInput', {
  description: `The next cohort of an experiment; its index is assigned by the server. An experiment has at most ${MAX_COHORTS} cohorts (VALIDATION beyond).`,
  fields: (t) => ({
    experimentId: t.id({ description: 'Global id of the experiment.' }),
    expectedResourceVersion: t.int({ description: 'The experiment\'s current resourceVersion; otherwise STALE_VERSION.' }),
    allocations: t.field({ description: 'One allocation per variant, splits summing to exactly 1.000.', type: [AllocationInput] }),
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
  description: 'Declares a winner of an ACTIVE experiment.',
  fields: (t) => ({
    experimentId: t.id({ description: 'Global id of the experiment.' }),
    expectedResourceVersion: t.int({ description: 'The experiment\'s current resourceVersion; otherwise STALE_VERSION.' }),
    variantKey: t.string({ description: 'Key (any case) of one of this experiment\'s variants.' }),
  }),
});

const EndExperimentInput = builder.inputType('EndExperimentInput', {
  description: 'Ends an ACTIVE or WINNER_DECLARED experiment.',
  fields: (t) => ({
    experimentId: t.id({ description: 'Global id of the experiment.' }),
    expectedResourceVersion: t.int({ description: 'The experiment\'s current resourceVersion; otherwise STALE_VERSION.' }),
    reason: t.field({ type: EndedReasonEnum, description: 'Why the experiment ended (required).' }),
  }),
});

export const ExperimentPayload = payloadType('ExperimentPayload', { experiment: { type: ExperimentNode } });
/**
 * An ExperimentPayload for a change whose input names the experiment by global id
 * (`experimentId`): decodes it (NOT_FOUND at input.experimentId), runs the change and returns the
 * experiment after it, or the change's UserErrors.
 */
function changeExperiment<I extends { experimentId: string }>(input: I, change: (input: I) => Promise<Experiment>) {
  return payload(async () => ({
    experiment: await change({ ...input, experimentId: decodeId(input.experimentId, 'Experiment', ['input', 'experimentId']) }),
  }));
}

const ExperimentConnection = builder.connectionObject(
  { type: ExperimentNode, name: 'ExperimentConnection', description: 'A page of experiments.' },
  { name: 'ExperimentEdge', description: 'An experiment in a page.' },
);

builder.prismaObjectField(EnvironmentNode, 'experiments', (t) =>
  t.prismaConnection(
    {
      type: 'Experiment',
      cursor: 'id',
      complexity: pagedCost,
      maxSize: maxPageSize,
      description:
        'The environment\'s experiments, newest first. Without `status`, ARCHIVED experiments are hidden; with it, only that status.',
      args: { status: t.arg({ type: ExperimentStatusEnum, required: false, description: 'Only experiments in this status.' }) },
      totalCount: (env, args, ctx) => ctx.services.experiments.countInEnvironment(ctx.actor, env.id, { status: args.status }),
      resolve: (query, env, args, ctx) =>
        ctx.services.experiments.listInEnvironment(ctx.actor, env.id, { status: args.status }, query),
    },
    ExperimentConnection,
  ),
);

builder.queryField('experiment', (t) =>
  t.field({
    type: ExperimentNode,
    nullable: true,
    description: 'The experiment with this key (case-insensitive); null when absent or not visible.',
    args: { environmentKey: t.arg.string({ description: 'Key of the environment.' }), key: t.arg.string({ description: 'Experiment key, any case.' }) },
    resolve: (_r, args, ctx) => ctx.services.experiments.getVisibleByKey(ctx.actor, args.environmentKey, args.key),
  }),
);

builder.mutationFields((t) => ({
  createExperiment: t.field({
    type: ExperimentPayload,
    description:
      'Creates a DRAFT experiment with its variants and optional first cohort (EDITOR). Errors: VALIDATION (keys, variants, splits), CONFLICT (key in use by an experiment that is neither ARCHIVED nor deleted), NOT_FOUND/FORBIDDEN.',
    args: { input: t.arg({ type: CreateExperimentInput, description: 'What to do: see `CreateExperimentInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({ experiment: await ctx.services.experiments.create(ctx.actor, input) })),
  }),
  updateExperiment: t.field({
    type: ExperimentPayload,
    description:
      'Changes name, description, hypothesis, links (until ARCHIVED) and/or replaces the variants (DRAFT only). Errors: INVALID_TRANSITION (status), VALIDATION, CONFLICT (removed variant used by a cohort), STALE_VERSION, NOT_FOUND, FORBIDDEN.',
    args: { input: t.arg({ type: UpdateExperimentInput, description: 'What to do: see `UpdateExperimentInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({
        experiment: await ctx.services.experiments.update(ctx.actor, { ...input, id: decodeId(input.id, 'Experiment', ['input', 'id']) }),
      })),
  }),
  addCohort: t.field({
    type: ExperimentPayload,
    description:
      'Adds the next cohort (index = previous + 1) while DRAFT or ACTIVE. Errors: VALIDATION (splits), STALE_VERSION, INVALID_TRANSITION (other statuses).',
    args: { input: t.arg({ type: AddCohortInput, description: 'What to do: see `AddCohortInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      changeExperiment(input, (i) => ctx.services.experiments.addCohort(ctx.actor, i)),
  }),
  startExperiment: t.field({
    type: ExperimentPayload,
    description: 'DRAFT → ACTIVE; needs ≥ 2 variants, one control and a cohort. Errors: INVALID_TRANSITION, VALIDATION, STALE_VERSION.',
    args: { input: t.arg({ type: TransitionInput, description: 'What to do: see `TransitionInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      changeExperiment(input, (i) => ctx.services.experiments.start(ctx.actor, i)),
  }),
  declareWinner: t.field({
    type: ExperimentPayload,
    description:
      'ACTIVE → WINNER_DECLARED: every subject receives `variantKey` from now on; results are frozen. Errors: INVALID_TRANSITION, NOT_FOUND (variant), STALE_VERSION, WAREHOUSE_UNAVAILABLE, WAREHOUSE_LIMIT (the readout exceeded a warehouse read limit).',
    args: { input: t.arg({ type: DeclareWinnerInput, description: 'What to do: see `DeclareWinnerInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      changeExperiment(input, (i) => ctx.services.experiments.declareWinner(ctx.actor, i)),
  }),
  endExperiment: t.field({
    type: ExperimentPayload,
    description:
      'ACTIVE or WINNER_DECLARED → ENDED, with a reason: no more assignments; results are frozen unless a winner froze them already. Errors: INVALID_TRANSITION, STALE_VERSION, WAREHOUSE_UNAVAILABLE, WAREHOUSE_LIMIT (the readout exceeded a warehouse read limit).',
    args: { input: t.arg({ type: EndExperimentInput, description: 'What to do: see `EndExperimentInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      changeExperiment(input, (i) => ctx.services.experiments.end(ctx.actor, i)),
  }),
  archiveExperiment: t.field({
    type: ExperimentPayload,
    description: 'DRAFT or ENDED → ARCHIVED: hidden from default lists. Errors: INVALID_TRANSITION, STALE_VERSION.',
    args: { input: t.arg({ type: TransitionInput, description: 'What to do: see `TransitionInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      changeExperiment(input, (i) => ctx.services.experiments.archive(ctx.actor, i)),
  }),
  deleteExperiment: t.field({
    type: DeletePayload,
    description:
      'Soft delete (ADMIN): gone from lists, lookups by key, assignment and node(id); its key can be reused. Assignments, frozen results and the audit log are kept. Errors: NOT_FOUND, FORBIDDEN, CONFLICT (ACTIVE or WINNER_DECLARED: end it first).',
    args: { id: t.arg.id({ description: 'Global id of the experiment.' }) },
    resolve: (_r, { id }, ctx) =>
      payload(async () => ({
        deletedId: encodeGlobalID('Experiment', await ctx.services.experiments.delete(ctx.actor, decodeId(id, 'Experiment', ['id']))),
      })),
  }),
}));

