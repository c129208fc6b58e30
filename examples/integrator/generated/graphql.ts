/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** A variant's share of new subjects in a cohort. */
export type AllocationInput = {
  /** In (0, 1], at most three decimals; a cohort's splits sum to 1.000. */
  split: number;
  /** Key of one of the experiment's variants (any case). */
  variantKey: string;
};

/** A subject to assign in an experiment. */
export type AssignSubjectInput = {
  /** Key of the environment (must match X-Environment-Key when that is the credential). */
  environmentKey: string;
  /** Experiment key, any case. */
  experimentKey: string;
  /** Non-empty, not blank, at most 500 characters; used verbatim (case-sensitive) as the events' identifier. */
  subjectId: string;
  /** Also record a $flag_exposure event for this subject when it receives a variant. */
  trackExposure?: boolean;
  /** JSON object stored on the exposure event; not used for placement. At most 32 levels deep and 64 KiB of JSON. */
  traits?: unknown;
};

/** Why a subject received (or did not receive) a variant. */
export type AssignmentReason =
  /** First time this subject is seen: placed by the active cohort's splits. */
  | 'NEW'
  /** The experiment is not assigning (draft, ended or archived). */
  | 'NOT_RUNNING'
  /** Returned the variant the subject received before. */
  | 'STICKY'
  /** A winner is declared: every subject receives it. */
  | 'WINNER';

/** Attaches a metric of the same environment to an experiment. */
export type AttachMetricInput = {
  /** Default INCREASE. */
  expectedDirection?: ExpectedDirection;
  /** Global id of the experiment. */
  experimentId: string | number;
  /** Global id of the metric. */
  metricId: string | number;
  /** Default SECONDARY. */
  role?: MetricRole;
};

/** Length of a series bucket (UTC). */
export type BucketInterval =
  /** One UTC day. */
  | 'DAY'
  /** One hour. */
  | 'HOUR';

/** A new environment (tenant). */
export type CreateEnvironmentInput = {
  /** Generated when absent. */
  key?: string | null | undefined;
  /** 1–200 characters. */
  name: string;
};

/** A new DRAFT experiment: its key, flag, variants and optionally its first cohort. */
export type CreateExperimentInput = {
  /** Optional first cohort (index 0). */
  allocations?: Array<AllocationInput> | null | undefined;
  /** At most 10000 characters. */
  description?: string | null | undefined;
  /** Key of the environment to create it in (EDITOR there). */
  environmentKey: string;
  /** The exposure event's name: 1–200 characters without control characters (what ingestion accepts as event). */
  exposureEvent?: string;
  /** The flag whose exposures this experiment reads: 1–200 characters without control characters (what ingestion accepts as feature_name). */
  featureName: string;
  /** At most 10000 characters. */
  hypothesis?: string | null | undefined;
  /** Case-insensitive [A-Za-z0-9._-], stored upper-case; unique among the environment's live experiments. */
  key: string;
  /** At most 20 links. */
  links?: Array<LinkInput>;
  /** Display name, 1–200 characters. */
  name: string;
  /** Kind of subject id assigned (e.g. CUSTOMER_ID); ANY accepts any non-empty id. */
  subjectType?: string;
  /** At most 20 variants, exactly one of them the control. */
  variants: Array<VariantInput>;
};

/** A new EVENT or FACT metric; its definition is immutable once created. */
export type CreateMetricInput = {
  /** How values are aggregated per subject. */
  aggregation: MetricAggregation;
  /** CUPED settings; absent = no covariate. Immutable like the definition. */
  cuped?: CupedSettingsInput | null | undefined;
  /** What is measured: exactly one of event / ratio / fact. */
  definition: MetricDefinitionInput;
  /** At most 10000 characters. */
  description?: string | null | undefined;
  /** Key of the environment to create it in (EDITOR there). */
  environmentKey: string;
  /** Anomaly monitoring; off when absent. */
  monitoring?: MonitoringInput | null | undefined;
  /** 1–200 characters, unique among the environment's non-deleted metrics. */
  name: string;
  /** Which direction is good; default HIGHER_IS_BETTER. */
  polarity?: MetricPolarity;
  /** Proper prior for BAYESIAN analyses; absent = flat. Immutable like the definition. */
  prior?: MetricPriorInput | null | undefined;
  /** Initial status; default ACTIVE. */
  status?: MetricStatus;
  /** Hours after a subject's first exposure during which its events count (a whole number ≥ 1); absent = no limit. */
  windowHours?: number | null | undefined;
};

/** Turns CUPED on for the metric (not for RATIO metrics: VALIDATION). */
export type CupedSettingsInput = {
  /** Pre-exposure window of the covariate, whole days 1–90 (default 14). */
  preExposureDays?: number | null | undefined;
};

/** Machine-readable reason of a user error. */
export type ErrorCode =
  /** The change conflicts with existing state (duplicate name, metric attached to a running experiment). */
  | 'CONFLICT'
  /** The caller's role does not allow this change. */
  | 'FORBIDDEN'
  /** The lifecycle does not allow this change from the current status. */
  | 'INVALID_TRANSITION'
  /** A referenced object does not exist, is deleted, or is not visible to the caller. */
  | 'NOT_FOUND'
  /** expectedResourceVersion is not the object's current version. */
  | 'STALE_VERSION'
  /** User-supplied SQL was rejected (not a single read-only SELECT, or it reaches outside the warehouse). */
  | 'UNSAFE_SQL'
  /** Input is malformed or breaks a rule of its own (e.g. splits not summing to 1.000). */
  | 'VALIDATION'
  /** An analytics read exceeded a configured warehouse limit (rows or bytes read, memory, execution time); the warehouse is up, and the same read fails again until the data or the limits change. */
  | 'WAREHOUSE_LIMIT'
  /** The analytics warehouse could not be reached or timed out. */
  | 'WAREHOUSE_UNAVAILABLE';

/** One event, as in the POST /v1/events wire format. */
export type EventInput = {
  /** Event name (1–200 characters); $flag_exposure marks an exposure. */
  event: string;
  /** Idempotency key; derived from the event's content when absent. */
  eventId?: string | null | undefined;
  /** The flag (required for exposures); at most 200 characters. */
  featureName?: string | null | undefined;
  /** Subject id; events without one never count in experiment results. */
  identifier?: string | null | undefined;
  /** JSON object of event metadata (filters read metadata.<key>); at most 64 KiB, 32 levels. */
  metadata?: unknown;
  /** Client time, epoch milliseconds, at most 24 h ahead of and 30 days behind receive time (configurable); receive time when absent. */
  timestamp?: number | null | undefined;
  /** JSON object of subject traits (filters read traits.<key>); at most 64 KiB, 32 levels. */
  traits?: unknown;
  /** Number or string: decimal strings such as "99.5" count as numbers for SUM/MEAN, other strings are kept as sent; the variant key for exposure events. */
  value?: unknown;
};

/** One side of a ratio: an event, how a subject's matching events aggregate, and filters. */
export type EventMeasureInput = {
  /** COUNT, SUM, MEAN or OCCURRENCE (VALIDATION otherwise). */
  aggregation: MetricAggregation;
  /** Event name (1–200 characters). */
  event: string;
  /** At most 20 filters; all must hold. */
  filters?: Array<PropertyFilterInput>;
};

/** A metric over ingested events. */
export type EventMetricInput = {
  /** Event name to count, e.g. purchase (1–200 characters). */
  event: string;
  /** Conditions each event must meet (all of them); at most 20. */
  filters?: Array<PropertyFilterInput>;
};

/** How the experiment is expected to move the metric; with the metric's polarity it decides the verdict. */
export type ExpectedDirection =
  /** Expected to go down. Judged like INCREASE: by polarity. */
  | 'DECREASE'
  /** Expected to go up. Verdicts are judged by polarity: an improvement is a WIN, a degradation a LOSS (GUARDRAIL_BREACH for a guardrail). */
  | 'INCREASE'
  /** Expected to hold (two-sided): any significant move is a LOSS, or a GUARDRAIL_BREACH for a guardrail. */
  | 'NO_CHANGE';

/** Lifecycle status: DRAFT → ACTIVE → WINNER_DECLARED → ENDED → ARCHIVED (also ACTIVE → ENDED, DRAFT → ARCHIVED). */
export type ExperimentStatus =
  /** Live: assigning subjects by the active cohort's splits, sticky per subject. */
  | 'ACTIVE'
  /** Ended and hidden from default lists. */
  | 'ARCHIVED'
  /** Exists but is not live; no assignments. */
  | 'DRAFT'
  /** Over: no assignments are made or returned. */
  | 'ENDED'
  /** Every subject receives the winning variant. */
  | 'WINNER_DECLARED';

/** A fact metric: one operand (the metric's aggregation is the operand's), or a RATIO of a numerator and a denominator. */
export type FactMetricInput = {
  /** The denominator of a RATIO (aggregation RATIO); may use another fact table. */
  denominator?: FactOperandInput | null | undefined;
  /** The operand, or the numerator of a RATIO. */
  numerator: FactOperandInput;
};

/** One side of a fact metric: a fact table of the metric's environment, aggregated per subject. */
export type FactOperandInput = {
  /** COUNT, SUM, MEAN, COUNT_DISTINCT or OCCURRENCE (not RATIO). */
  aggregation: MetricAggregation;
  /** A column of the fact table: required for SUM / MEAN (NUMBER or BOOLEAN) and COUNT_DISTINCT, absent for COUNT and OCCURRENCE. */
  column?: string | null | undefined;
  /** Global id of the fact table. */
  factTableId: string | number;
  /** Names of the fact table's row filters to apply together (at most 20). */
  rowFilters?: Array<string>;
};

/** How a property filter compares. Values are compared as text (a JSON number as its text, e.g. "100"), except GT/GTE/LT/LTE, which compare numbers. */
export type FilterOperator =
  /** The property is present and its text contains the one non-empty value (case-sensitive). */
  | 'CONTAINS'
  /** The property is present and equals the one value. */
  | 'EQ'
  /** The property is present (even with a null value). No values. */
  | 'EXISTS'
  /** The property reads as a number (a JSON number or a numeric string) greater than the one numeric value; others never match. */
  | 'GT'
  /** Like GT, greater than or equal. */
  | 'GTE'
  /** The property is present and equals one of the values (one or more). */
  | 'IN'
  /** Like GT, less than. */
  | 'LT'
  /** Like GT, less than or equal. */
  | 'LTE'
  /** Not EQ: events without the property match too. One value. */
  | 'NEQ'
  /** Not IN: events without the property match too. One or more values. */
  | 'NOT_IN';

/** A named link (design doc, dashboard, ticket). */
export type LinkInput = {
  /** 1–200 characters. */
  name: string;
  /** An absolute http or https URL of at most 2000 characters. */
  url: string;
};

/** How a metric aggregates its events (or fact rows) per subject. */
export type MetricAggregation =
  /** Number of matching events per subject. */
  | 'COUNT'
  /** Distinct values of a column per subject (fact metrics). */
  | 'COUNT_DISTINCT'
  /** Mean of event values per subject (subjects without events are excluded). */
  | 'MEAN'
  /** 1 if the subject has at least one matching event, else 0 (conversion). */
  | 'OCCURRENCE'
  /** Numerator over denominator, both aggregated per variant (fact metrics). */
  | 'RATIO'
  /** Sum of event values per subject. */
  | 'SUM';

/** Exactly one of event / ratio / fact. */
export type MetricDefinitionInput =
  {   /** A metric over ingested events. */
  event: EventMetricInput; fact?: never; ratio?: never; }
  |  { event?: never;   /** A metric over fact tables (one operand, or a RATIO of two). */
  fact: FactMetricInput; ratio?: never; }
  |  { event?: never; fact?: never;   /** A ratio of two event measures (aggregation RATIO). */
  ratio: RatioEventMetricInput; };

/** Which direction of the metric is good. */
export type MetricPolarity =
  /** An increase is an improvement (revenue, conversion). */
  | 'HIGHER_IS_BETTER'
  /** A decrease is an improvement (latency, errors). */
  | 'LOWER_IS_BETTER';

/** A proper Gaussian prior on the relative lift (BAYESIAN analyses). */
export type MetricPriorInput = {
  /** Prior mean of the relative lift, within ±1000. */
  mean: number;
  /** Prior standard deviation of the relative lift, in (0, 1000]. */
  stddev: number;
};

/** What a metric attached to an experiment is for. */
export type MetricRole =
  /** Must not get worse: a significant bad move is GUARDRAIL_BREACH. */
  | 'GUARDRAIL'
  /** The metric the experiment is meant to move. */
  | 'PRIMARY'
  /** Watched for insight; does not decide. */
  | 'SECONDARY';

/** Catalog status of a metric; any status may follow any other. */
export type MetricStatus =
  /** In use: attachable and, with monitoring on, evaluated by the scheduler. */
  | 'ACTIVE'
  /** Retired: stays attached where it is, cannot be attached anew, not monitored. */
  | 'ARCHIVED'
  /** Being defined: attachable, not monitored. */
  | 'DRAFT';

/** Anomaly monitoring settings of a metric. */
export type MonitoringInput = {
  /** Evaluate the metric for anomalies. */
  enabled: boolean;
  /** Bucket length to evaluate; default DAY. */
  interval?: BucketInterval;
  /** Threshold in robust standard deviations (default 3.5); lower flags more. */
  sensitivity?: number;
};

/** A condition on traits.<key> or metadata.<key> of each event. */
export type PropertyFilterInput = {
  /** How to compare; decides how many values are allowed. */
  operator: FilterOperator;
  /** traits.<key> or metadata.<key>; no control characters. */
  property: string;
  /** Values to compare with (see the operator); at most 1,000, each at most 1,000 characters. */
  values?: Array<string>;
};

/** A ratio EVENT metric (createMetric aggregation must be RATIO); filter values of both sides total at most 100,000 characters. */
export type RatioEventMetricInput = {
  /** Per-subject denominator, e.g. COUNT of purchases. */
  denominator: EventMeasureInput;
  /** Per-subject numerator, e.g. SUM of purchase values. */
  numerator: EventMeasureInput;
};

/** A batch of events for one environment. */
export type TrackEventsInput = {
  /** Key of the environment. */
  environmentKey: string;
  /** The events; at most LIFTGATE_MAX_EVENTS_PER_BATCH. */
  events: Array<EventInput>;
};

/** A lifecycle transition of an experiment. */
export type TransitionInput = {
  /** The experiment's current resourceVersion; otherwise STALE_VERSION. */
  expectedResourceVersion: number;
  /** Global id of the experiment. */
  experimentId: string | number;
};

/** One variant of an experiment, as created or as the complete list of updateExperiment. */
export type VariantInput = {
  /** At most 10000 characters. */
  description?: string | null | undefined;
  /** Marks the control; exactly one variant must be it. */
  isControl?: boolean;
  /** Case-insensitive [A-Za-z0-9._-], stored upper-case; unique within the experiment. */
  key: string;
  /** Display name, 1–200 characters. */
  name: string;
};

/** Judgement of a comparison (or of a metric: the worst of its comparisons). */
export type Verdict =
  /** A guardrail metric moved significantly in the bad direction. */
  | 'GUARDRAIL_BREACH'
  /** Not significant at alpha. */
  | 'INCONCLUSIVE'
  /** Significant in the bad direction. */
  | 'LOSS'
  /** Significant in the good direction (by polarity and expected direction). */
  | 'WIN';

export type IntegratorCreateEnvironmentMutationVariables = Exact<{
  input: CreateEnvironmentInput;
}>;


export type IntegratorCreateEnvironmentMutation = { createEnvironment: { environment: { id: string, key: string } | null, errors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type IntegratorCreateMetricMutationVariables = Exact<{
  input: CreateMetricInput;
}>;


export type IntegratorCreateMetricMutation = { createMetric: { metric: { id: string, name: string, aggregation: MetricAggregation } | null, errors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type IntegratorCreateExperimentMutationVariables = Exact<{
  input: CreateExperimentInput;
}>;


export type IntegratorCreateExperimentMutation = { createExperiment: { experiment: { id: string, key: string, status: ExperimentStatus, resourceVersion: number } | null, errors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type IntegratorAttachMetricMutationVariables = Exact<{
  input: AttachMetricInput;
}>;


export type IntegratorAttachMetricMutation = { attachMetric: { experimentMetric: { role: MetricRole, experiment: { resourceVersion: number } } | null, errors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type IntegratorStartExperimentMutationVariables = Exact<{
  input: TransitionInput;
}>;


export type IntegratorStartExperimentMutation = { startExperiment: { experiment: { status: ExperimentStatus, resourceVersion: number, startedAt: string | null } | null, errors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type IntegratorAssignSubjectMutationVariables = Exact<{
  input: AssignSubjectInput;
}>;


export type IntegratorAssignSubjectMutation = { assignSubject: { assignment: { reason: AssignmentReason, cohortIndex: number | null, variant: { key: string } | null } | null, errors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type IntegratorTrackEventsMutationVariables = Exact<{
  input: TrackEventsInput;
}>;


export type IntegratorTrackEventsMutation = { trackEvents: { accepted: number, duplicates: number, rejected: Array<{ index: number, reason: string }>, errors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type IntegratorResultsQueryVariables = Exact<{
  environmentKey: string;
  key: string;
  alpha?: number | null | undefined;
}>;


export type IntegratorResultsQuery = { experiment: { key: string, status: ExperimentStatus, results: { computedAt: string, exposures: Array<{ subjects: number, observedShare: number, variant: { key: string } }>, metrics: Array<{ verdict: Verdict, metric: { name: string }, variants: Array<{ n: number, mean: number, variant: { key: string } }>, comparisons: Array<{ pValue: number, variant: { key: string }, absoluteLift: { estimate: number, ciLower: number, ciUpper: number } }> }> } | null } | null };


export const IntegratorCreateEnvironmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IntegratorCreateEnvironment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateEnvironmentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createEnvironment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"environment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<IntegratorCreateEnvironmentMutation, IntegratorCreateEnvironmentMutationVariables>;
export const IntegratorCreateMetricDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IntegratorCreateMetric"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateMetricInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createMetric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"aggregation"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<IntegratorCreateMetricMutation, IntegratorCreateMetricMutationVariables>;
export const IntegratorCreateExperimentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IntegratorCreateExperiment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateExperimentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createExperiment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"resourceVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<IntegratorCreateExperimentMutation, IntegratorCreateExperimentMutationVariables>;
export const IntegratorAttachMetricDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IntegratorAttachMetric"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AttachMetricInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attachMetric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experimentMetric"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resourceVersion"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<IntegratorAttachMetricMutation, IntegratorAttachMetricMutationVariables>;
export const IntegratorStartExperimentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IntegratorStartExperiment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TransitionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startExperiment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"resourceVersion"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<IntegratorStartExperimentMutation, IntegratorStartExperimentMutationVariables>;
export const IntegratorAssignSubjectDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IntegratorAssignSubject"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssignSubjectInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignSubject"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"variant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"cohortIndex"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<IntegratorAssignSubjectMutation, IntegratorAssignSubjectMutationVariables>;
export const IntegratorTrackEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IntegratorTrackEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TrackEventsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accepted"}},{"kind":"Field","name":{"kind":"Name","value":"duplicates"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<IntegratorTrackEventsMutation, IntegratorTrackEventsMutationVariables>;
export const IntegratorResultsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IntegratorResults"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"environmentKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alpha"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experiment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"environmentKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"environmentKey"}}},{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"results"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"alpha"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alpha"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"computedAt"}},{"kind":"Field","name":{"kind":"Name","value":"exposures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"variant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subjects"}},{"kind":"Field","name":{"kind":"Name","value":"observedShare"}}]}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"variants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"variant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}},{"kind":"Field","name":{"kind":"Name","value":"n"}},{"kind":"Field","name":{"kind":"Name","value":"mean"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comparisons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"variant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pValue"}},{"kind":"Field","name":{"kind":"Name","value":"absoluteLift"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"estimate"}},{"kind":"Field","name":{"kind":"Name","value":"ciLower"}},{"kind":"Field","name":{"kind":"Name","value":"ciUpper"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<IntegratorResultsQuery, IntegratorResultsQueryVariables>;