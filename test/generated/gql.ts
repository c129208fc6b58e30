/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation DemoCreateEnvironment($input: CreateEnvironmentInput!) {\n  createEnvironment(input: $input) {\n    environment {\n      id\n      key\n      name\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoCreateMetric($input: CreateMetricInput!) {\n  createMetric(input: $input) {\n    metric {\n      id\n      name\n      aggregation\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoCreateExperiment($input: CreateExperimentInput!) {\n  createExperiment(input: $input) {\n    experiment {\n      ...DemoExperimentState\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoAttachMetric($input: AttachMetricInput!) {\n  attachMetric(input: $input) {\n    experimentMetric {\n      role\n      metric {\n        id\n        name\n      }\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoStartExperiment($input: TransitionInput!) {\n  startExperiment(input: $input) {\n    experiment {\n      ...DemoExperimentState\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nquery DemoExperiment($environmentKey: String!, $key: String!) {\n  experiment(environmentKey: $environmentKey, key: $key) {\n    ...DemoExperimentState\n  }\n}\n\nquery DemoExperimentResults($environmentKey: String!, $key: String!) {\n  experiment(environmentKey: $environmentKey, key: $key) {\n    key\n    status\n    results {\n      exposures {\n        variant {\n          key\n        }\n        subjects\n        observedShare\n        expectedShare\n      }\n      multipleExposures\n      sampleRatioMismatch {\n        pValue\n        mismatch\n      }\n      metrics {\n        metric {\n          name\n        }\n        variants {\n          variant {\n            key\n          }\n          n\n          mean\n          variance\n          sum\n        }\n        comparisons {\n          variant {\n            key\n          }\n          absoluteLift {\n            estimate\n            ciLower\n            ciUpper\n          }\n          relativeLift {\n            estimate\n            ciLower\n            ciUpper\n          }\n          pValue\n          significant\n          verdict\n        }\n      }\n    }\n  }\n}\n\nfragment DemoExperimentState on Experiment {\n  id\n  key\n  status\n  featureName\n  resourceVersion\n  variants {\n    key\n    isControl\n  }\n  metrics {\n    role\n    metric {\n      id\n      name\n      aggregation\n      definition {\n        ... on EventMetricDefinition {\n          event\n        }\n      }\n    }\n  }\n}\n\nfragment DemoUserError on UserError {\n  code\n  message\n  field\n}": typeof types.DemoCreateEnvironmentDocument,
    "subscription LiveExperimentResults($environmentKey: String!, $experimentKey: String!, $alpha: Float) {\n  experimentResults(\n    environmentKey: $environmentKey\n    experimentKey: $experimentKey\n    alpha: $alpha\n  ) {\n    computedAt\n    frozen\n    alpha\n    exposures {\n      variant {\n        key\n      }\n      subjects\n    }\n    metrics {\n      metric {\n        id\n        name\n      }\n      verdict\n      comparisons {\n        variant {\n          key\n        }\n        absoluteLift {\n          estimate\n          ciLower\n          ciUpper\n        }\n        pValue\n      }\n    }\n  }\n}\n\nsubscription LiveAnomalySignals($environmentKey: String!, $metricIds: [ID!]) {\n  anomalySignals(environmentKey: $environmentKey, metricIds: $metricIds) {\n    id\n    metric {\n      id\n      name\n    }\n    bucket\n    observed\n    expected\n    lower\n    upper\n    score\n    direction\n    severity\n    status\n    detectedAt\n  }\n}": typeof types.LiveExperimentResultsDocument,
    "\n  mutation PreviewFactTable($input: PreviewFactTableInput!) {\n    previewFactTable(input: $input) { preview { columns { name type warehouseType } rows } errors { code message field } }\n  }\n": typeof types.PreviewFactTableDocument,
    "\n  mutation CreateFactTable($input: CreateFactTableInput!) {\n    createFactTable(input: $input) {\n      factTable { id name sql timestampColumn identifierColumns columns { name type warehouseType } rowFilters { name sql } }\n      errors { code message field }\n    }\n  }\n": typeof types.CreateFactTableDocument,
    "\n  mutation UpdateFactTable($input: UpdateFactTableInput!) {\n    updateFactTable(input: $input) { factTable { id name sql columns { name type } rowFilters { name sql } } errors { code message field } }\n  }\n": typeof types.UpdateFactTableDocument,
    "\n  mutation DeleteFactTable($id: ID!) { deleteFactTable(id: $id) { deletedId errors { code message field } } }\n": typeof types.DeleteFactTableDocument,
    "query EnvironmentId($key: String!) { environment(key: $key) { id } }": typeof types.EnvironmentIdDocument,
    "\n  mutation FixtureCreateEnvironment($input: CreateEnvironmentInput!) {\n    createEnvironment(input: $input) { environment { id key } errors { code message field } }\n  }\n": typeof types.FixtureCreateEnvironmentDocument,
    "\n  mutation FixtureCreateMetric($input: CreateMetricInput!) {\n    createMetric(input: $input) { metric { id name } errors { code message field } }\n  }\n": typeof types.FixtureCreateMetricDocument,
    "\n  mutation FixtureCreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) { experiment { id key status resourceVersion } errors { code message field } }\n  }\n": typeof types.FixtureCreateExperimentDocument,
    "\n  mutation FixtureAttachMetric($input: AttachMetricInput!) {\n    attachMetric(input: $input) { experimentMetric { role } errors { code message field } }\n  }\n": typeof types.FixtureAttachMetricDocument,
    "\n  query FixtureExperimentVersion($id: ID!) {\n    node(id: $id) { ... on Experiment { resourceVersion } }\n  }\n": typeof types.FixtureExperimentVersionDocument,
    "\n  mutation FixtureArchiveExperiment($input: TransitionInput!) {\n    r: archiveExperiment(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n": typeof types.FixtureArchiveExperimentDocument,
    "\n  mutation FixtureDeclareWinner($input: DeclareWinnerInput!) {\n    r: declareWinner(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n": typeof types.FixtureDeclareWinnerDocument,
    "\n  mutation FixtureEndExperiment($input: EndExperimentInput!) {\n    r: endExperiment(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n": typeof types.FixtureEndExperimentDocument,
    "\n  mutation FixtureAddCohort($input: AddCohortInput!) {\n    r: addCohort(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n": typeof types.FixtureAddCohortDocument,
    "\n  mutation FixtureStartExperiment($input: TransitionInput!) {\n    r: startExperiment(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n": typeof types.FixtureStartExperimentDocument,
    "\n  mutation FixtureCreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) { token errors { code message field } }\n  }\n": typeof types.FixtureCreateApiTokenDocument,
    "mutation RulesCreateExperiment($input: CreateExperimentInput!) {\n  createExperiment(input: $input) { experiment { id key resourceVersion status cohorts { index createdAt allocations { variant { key } split } } } errors { code message field } } }": typeof types.RulesCreateExperimentDocument,
    "mutation RulesCreateMetric($input: CreateMetricInput!) { createMetric(input: $input) { metric { id name } errors { code message field } } }": typeof types.RulesCreateMetricDocument,
    "mutation RulesStart($input: TransitionInput!) { startExperiment(input: $input) { experiment { status resourceVersion startedAt } errors { code message field } } }": typeof types.RulesStartDocument,
    "mutation RulesAddCohort($input: AddCohortInput!) { addCohort(input: $input) { experiment { resourceVersion activeCohort { index } cohorts { index createdAt allocations { variant { key } split } } } errors { code message field } } }": typeof types.RulesAddCohortDocument,
    "mutation RulesAttach($input: AttachMetricInput!) { attachMetric(input: $input) { experimentMetric { role expectedDirection } errors { code message field } } }": typeof types.RulesAttachDocument,
    "mutation RulesTrack($input: TrackEventsInput!) { trackEvents(input: $input) { accepted duplicates rejected { index reason } errors { code message } } }": typeof types.RulesTrackDocument,
    "query RulesEnvironments { environments { key } }": typeof types.RulesEnvironmentsDocument,
    "mutation RulesCreateToken($input: CreateApiTokenInput!) {\n  createApiToken(input: $input) { token apiToken { name grants { role environment { key } } } errors { code } }\n}": typeof types.RulesCreateTokenDocument,
    "query RulesViewer { viewer { tokenName grants { role environment { key } } } environments { key } }": typeof types.RulesViewerDocument,
    "query RulesEnvironment($key: String!) { environment(key: $key) { key } }": typeof types.RulesEnvironmentDocument,
    "mutation RulesCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { environment { key } errors { code } } }": typeof types.RulesCreateEnvironmentDocument,
    "query RulesExperimentKey($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { key } }": typeof types.RulesExperimentKeyDocument,
    "query RulesExperimentNode($id: ID!) { node(id: $id) { ... on Experiment { key resourceVersion metrics { metric { name } } } } }": typeof types.RulesExperimentNodeDocument,
    "query RulesResultsAlpha($env: String!, $key: String!, $alpha: Float) { experiment(environmentKey: $env, key: $key) { results(alpha: $alpha) { alpha } } }": typeof types.RulesResultsAlphaDocument,
    "query RulesResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results { multipleExposures } } }": typeof types.RulesResultsDocument,
    "fragment AssignmentFields on Assignment { subjectId variant { key } cohortIndex assignedAt reason }": typeof types.AssignmentFieldsFragmentDoc,
    "mutation AssignmentAssign($input: AssignSubjectInput!) {\n  assignSubject(input: $input) { assignment { ...AssignmentFields } errors { code message field } }\n}": typeof types.AssignmentAssignDocument,
    "query AssignmentGet($env: String!, $key: String!, $subject: String!) {\n  assignment(environmentKey: $env, experimentKey: $key, subjectId: $subject) { ...AssignmentFields }\n}": typeof types.AssignmentGetDocument,
    "query AssignmentWithExperiment($env: String!, $key: String!, $subject: String!) {\n  assignment(environmentKey: $env, experimentKey: $key, subjectId: $subject) { variant { key } experiment { key name hypothesis } }\n}": typeof types.AssignmentWithExperimentDocument,
    "mutation AssignmentTrack($input: TrackEventsInput!) { trackEvents(input: $input) { errors { code message field } } }": typeof types.AssignmentTrackDocument,
    "query AssignmentExposures($env: String!, $key: String!) {\n    experiment(environmentKey: $env, key: $key) { results { exposures { variant { key } subjects } } }\n  }": typeof types.AssignmentExposuresDocument,
    "query AuditLogPage($env: String!, $type: AuditEntityType, $entity: ID, $first: Int, $after: String) {\n  auditLog(environmentKey: $env, entityType: $type, entityId: $entity, first: $first, after: $after) {\n    totalCount\n    pageInfo { hasNextPage endCursor }\n    edges { node { sequence actorKind actorName entityType entityId action before after createdAt } }\n  } }": typeof types.AuditLogPageDocument,
    "mutation AuditCreateToken($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }": typeof types.AuditCreateTokenDocument,
    "mutation AuditStart($id: ID!, $version: Int!) {\n  startExperiment(input: { experimentId: $id, expectedResourceVersion: $version }) { experiment { resourceVersion } errors { code } }\n}": typeof types.AuditStartDocument,
    "query BootstrapViewer { viewer { tokenName grants { role environment { key } } } }": typeof types.BootstrapViewerDocument,
    "query BootstrapEnvironments { environments { key } }": typeof types.BootstrapEnvironmentsDocument,
    "fragment LifecycleExperiment on Experiment {\n  id key name description hypothesis links { name url } status resourceVersion endedReason startedAt endedAt createdAt updatedAt\n  variants { id key name description isControl } control { key } winningVariant { key }\n  cohorts { index createdAt allocations { variant { key } split } } activeCohort { index }\n}": typeof types.LifecycleExperimentFragmentDoc,
    "fragment LifecycleErrors on UserError { code message field }": typeof types.LifecycleErrorsFragmentDoc,
    "mutation LifecycleCreate($input: CreateExperimentInput!) { r: createExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": typeof types.LifecycleCreateDocument,
    "mutation LifecycleUpdate($input: UpdateExperimentInput!) { r: updateExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": typeof types.LifecycleUpdateDocument,
    "mutation LifecycleAddCohort($input: AddCohortInput!) { r: addCohort(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": typeof types.LifecycleAddCohortDocument,
    "mutation LifecycleStart($input: TransitionInput!) { r: startExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": typeof types.LifecycleStartDocument,
    "mutation LifecycleDeclareWinner($input: DeclareWinnerInput!) { r: declareWinner(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": typeof types.LifecycleDeclareWinnerDocument,
    "mutation LifecycleEnd($input: EndExperimentInput!) { r: endExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": typeof types.LifecycleEndDocument,
    "mutation LifecycleArchive($input: TransitionInput!) { r: archiveExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": typeof types.LifecycleArchiveDocument,
    "query LifecycleNode($id: ID!) { node(id: $id) { ... on Experiment { ...LifecycleExperiment } } }": typeof types.LifecycleNodeDocument,
    "query LifecycleAudit($env: String!, $id: ID!) { auditLog(environmentKey: $env, entityId: $id, first: 100) {\n  totalCount edges { node { action actorName before after createdAt } } } }": typeof types.LifecycleAuditDocument,
    "query LifecycleByKey($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { id } }": typeof types.LifecycleByKeyDocument,
    "mutation LifecycleCreateToken($input: CreateApiTokenInput!) { createApiToken(input: $input) { token errors { code } } }": typeof types.LifecycleCreateTokenDocument,
    "query ExperimentListPage($env: String!, $status: ExperimentStatus, $first: Int, $after: String) {\n  environment(key: $env) { experiments(status: $status, first: $first, after: $after) {\n    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id key status } } } } }": typeof types.ExperimentListPageDocument,
    "query ExperimentListNode($id: ID!) { node(id: $id) { __typename id ... on Experiment { key status environment { key } } } }": typeof types.ExperimentListNodeDocument,
    "query FactResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results { frozen\n  metrics { metric { name kind aggregation } variants { variant { key } n mean variance sum } } } } }": typeof types.FactResultsDocument,
    "query FactResultsOverTime($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) {\n  resultsOverTime(interval: HOUR) { bucketEnd results { metrics { metric { name } variants { variant { key } n sum } } } } } }": typeof types.FactResultsOverTimeDocument,
    "query FactMetricDefinition($id: ID!) { node(id: $id) { ... on Metric { kind aggregation definition {\n  ... on FactMetricDefinition { numerator { factTable { name } aggregation column rowFilters } denominator { factTable { name } aggregation column rowFilters } } } } } }": typeof types.FactMetricDefinitionDocument,
    "query EnvironmentFactTables($key: String!) { environment(key: $key) { factTables(first: 10) { totalCount edges { node { name metrics { name } } } } } }": typeof types.EnvironmentFactTablesDocument,
    "query FactExperimentId($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { id } }": typeof types.FactExperimentIdDocument,
    "mutation UpdateFactMetric($input: UpdateMetricInput!) { updateMetric(input: $input) { metric { id } errors { code message field } } }": typeof types.UpdateFactMetricDocument,
    "mutation DeleteFactMetric($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message } } }": typeof types.DeleteFactMetricDocument,
    "query FrozenResults($env: String!, $key: String!, $alpha: Float) { experiment(environmentKey: $env, key: $key) {\n  status resourceVersion\n  results(alpha: $alpha) {\n    frozen alpha computedAt multipleExposures\n    exposures { variant { key } subjects expectedShare observedShare }\n    sampleRatioMismatch { chiSquare pValue mismatch }\n    metrics { metric { name } variants { variant { key } n mean variance sum }\n      comparisons { variant { key } pValue significant absoluteLift { estimate ciLower ciUpper } } }\n  } } }": typeof types.FrozenResultsDocument,
    "query FrozenExperiment($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { id status resourceVersion winningVariant { key } endedReason }\n}": typeof types.FrozenExperimentDocument,
    "query FrozenAudit($env: String!, $id: ID!) {\n  auditLog(environmentKey: $env, entityId: $id) { edges { node { action after } } }\n}": typeof types.FrozenAuditDocument,
    "mutation LimitsTrack($input: TrackEventsInput!) { trackEvents(input: $input) { accepted errors { code } } }": typeof types.LimitsTrackDocument,
    "mutation LimitsAssign($s: String!) {\n  assignSubject(input: { environmentKey: \"limit-e\", experimentKey: \"rl-exp\", subjectId: $s }) { assignment { reason } errors { code } }\n}": typeof types.LimitsAssignDocument,
    "query IngestionResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    results { multipleExposures exposures { variant { key } subjects }\n      metrics { metric { name } variants { variant { key } n sum mean } } }\n  }\n}": typeof types.IngestionResultsDocument,
    "mutation IngestionTrack($input: TrackEventsInput!) {\n  trackEvents(input: $input) { accepted duplicates rejected { index reason } errors { code message field } }\n}": typeof types.IngestionTrackDocument,
    "\n  mutation BoundsCreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) { experiment { id resourceVersion } errors { code message field } }\n  }\n": typeof types.BoundsCreateExperimentDocument,
    "\n  mutation BoundsUpdateExperiment($input: UpdateExperimentInput!) {\n    updateExperiment(input: $input) { experiment { id resourceVersion } errors { code message field } }\n  }\n": typeof types.BoundsUpdateExperimentDocument,
    "\n  mutation BoundsAddCohort($input: AddCohortInput!) {\n    addCohort(input: $input) { experiment { resourceVersion } errors { code message field } }\n  }\n": typeof types.BoundsAddCohortDocument,
    "\n  mutation BoundsStartExperiment($input: TransitionInput!) {\n    startExperiment(input: $input) { experiment { status } errors { code message field } }\n  }\n": typeof types.BoundsStartExperimentDocument,
    "\n  mutation BoundsAssignSubject($input: AssignSubjectInput!) {\n    assignSubject(input: $input) { assignment { reason } errors { code message field } }\n  }\n": typeof types.BoundsAssignSubjectDocument,
    "\n  mutation BoundsCreateMetric($input: CreateMetricInput!) {\n    createMetric(input: $input) { metric { id } errors { code message field } }\n  }\n": typeof types.BoundsCreateMetricDocument,
    "\n  mutation BoundsUpdateMetric($input: UpdateMetricInput!) {\n    updateMetric(input: $input) { metric { id } errors { code message field } }\n  }\n": typeof types.BoundsUpdateMetricDocument,
    "\n  query BoundsExperimentsPage($key: String!, $first: Int) {\n    environment(key: $key) { experiments(first: $first) { edges { node { id } } } }\n  }\n": typeof types.BoundsExperimentsPageDocument,
    "\n  query BoundsMetricsPage($key: String!, $last: Int) {\n    environment(key: $key) { metrics(last: $last, before: \"x\") { edges { node { id } } } }\n  }\n": typeof types.BoundsMetricsPageDocument,
    "\n  query BoundsAuditPage($key: String!, $first: Int) {\n    auditLog(environmentKey: $key, first: $first) { edges { node { action } } }\n  }\n": typeof types.BoundsAuditPageDocument,
    "\n  query BoundsTokensPage($first: Int) {\n    apiTokens(first: $first) { edges { node { name } } }\n  }\n": typeof types.BoundsTokensPageDocument,
    "fragment CatalogMetric on Metric {\n  id name description kind aggregation polarity status windowHours createdAt\n  monitoring { enabled interval sensitivity }\n  definition { ... on EventMetricDefinition { event filters { property operator values } } }\n}": typeof types.CatalogMetricFragmentDoc,
    "mutation CatalogCreate($input: CreateMetricInput!) { createMetric(input: $input) { metric { ...CatalogMetric } errors { code message field } } }": typeof types.CatalogCreateDocument,
    "mutation CatalogUpdate($input: UpdateMetricInput!) { updateMetric(input: $input) { metric { ...CatalogMetric } errors { code message field } } }": typeof types.CatalogUpdateDocument,
    "mutation CatalogDelete($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message field } } }": typeof types.CatalogDeleteDocument,
    "mutation CatalogAttach($input: AttachMetricInput!) { attachMetric(input: $input) {\n  experimentMetric { role expectedDirection metric { name } experiment { key resourceVersion } } errors { code message field } } }": typeof types.CatalogAttachDocument,
    "mutation CatalogDetach($input: DetachMetricInput!) { detachMetric(input: $input) {\n  experiment { id key resourceVersion metrics { metric { name } } } errors { code message field } } }": typeof types.CatalogDetachDocument,
    "query CatalogList($env: String!, $status: MetricStatus, $first: Int, $after: String) {\n  environment(key: $env) { metrics(status: $status, first: $first, after: $after) {\n    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name status } } } } }": typeof types.CatalogListDocument,
    "query CatalogAudit($env: String!, $entity: ID) { auditLog(environmentKey: $env, entityId: $entity) {\n  edges { node { entityType entityId action before after actorName } } } }": typeof types.CatalogAuditDocument,
    "query CatalogNodeId($id: ID!) { node(id: $id) { id } }": typeof types.CatalogNodeIdDocument,
    "query CatalogVersion($id: ID!) { node(id: $id) { ... on Experiment { resourceVersion } } }": typeof types.CatalogVersionDocument,
    "query CatalogExperimentMetrics($id: ID!) { node(id: $id) { ... on Experiment { metrics { metric { name status } } } } }": typeof types.CatalogExperimentMetricsDocument,
    "query CatalogMetricAttachments($id: ID!) {\n  node(id: $id) { ... on Metric { name attachments { role expectedDirection experiment { key } metric { name } } } }\n}": typeof types.CatalogMetricAttachmentsDocument,
    "query MetricResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results {\n  metrics { metric { name } role verdict variants { variant { key } n mean variance sum }\n    comparisons { variant { key } significant verdict absoluteLift { estimate } } } } } }": typeof types.MetricResultsDocument,
    "query MetricResultVerdicts($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { metrics { metric { name } result { verdict } } }\n}": typeof types.MetricResultVerdictsDocument,
    "\n  query MonitoringSeries($id: ID!, $from: DateTime!, $to: DateTime!) {\n    node(id: $id) {\n      ... on Metric {\n        name\n        hourly: series(from: $from, to: $to, interval: HOUR) { bucket value anomaly { id } }\n        daily: series(from: $from, to: $to, interval: DAY) { bucket value }\n      }\n    }\n  }\n": typeof types.MonitoringSeriesDocument,
    "\n  query MonitoringAllSeries($env: String!, $from: DateTime!, $to: DateTime!) {\n    environment(key: $env) {\n      metrics(first: 5) { edges { node { name series(from: $from, to: $to, interval: DAY) { value } again: series(from: $from, to: $to, interval: HOUR) { value anomaly { id } } } } }\n    }\n  }\n": typeof types.MonitoringAllSeriesDocument,
    "\n  query MonitoringSignals($env: String!, $status: AnomalyStatus) {\n    environment(key: $env) {\n      anomalySignals(first: 20, status: $status) {\n        totalCount\n        edges { node { id bucket observed expected lower upper score direction severity status interval detectedAt acknowledgedAt resolvedAt metric { name } } }\n      }\n    }\n  }\n": typeof types.MonitoringSignalsDocument,
    "\n  query MonitoringMetricSignals($id: ID!, $from: DateTime!, $to: DateTime!) {\n    node(id: $id) {\n      ... on Metric {\n        anomalySignals(first: 5) { totalCount edges { node { id status } } }\n        series(from: $from, to: $to, interval: HOUR) { bucket value anomaly { id direction } }\n      }\n    }\n  }\n": typeof types.MonitoringMetricSignalsDocument,
    "\n  mutation MonitoringAcknowledge($id: ID!) {\n    acknowledgeAnomaly(id: $id) { anomalySignal { id status acknowledgedAt } errors { code message field } }\n  }\n": typeof types.MonitoringAcknowledgeDocument,
    "\n  query MonitoringSignalNode($id: ID!) { node(id: $id) { id ... on AnomalySignal { status metric { name } } } }\n": typeof types.MonitoringSignalNodeDocument,
    "\n  query MonitoringSignalAudit($env: String!) {\n    auditLog(environmentKey: $env, entityType: ANOMALY_SIGNAL, first: 5) { edges { node { action entityId actorName before after } } }\n  }\n": typeof types.MonitoringSignalAuditDocument,
    "\n  mutation MonitoringDeleteMetric($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message } } }\n": typeof types.MonitoringDeleteMetricDocument,
    "\n  query CountsOneResults($env: String!, $key: String!) {\n    experiment(environmentKey: $env, key: $key) { results { multipleExposures metrics { variants { n } } } }\n  }\n": typeof types.CountsOneResultsDocument,
    "\n  query CountsManyResults($env: String!, $key: String!) {\n    experiment(environmentKey: $env, key: $key) {\n      results { frozen exposures { subjects } metrics { metric { name } variants { n mean } } }\n      strict: results(alpha: 0.01) { alpha metrics { comparisons { significant } } }\n      loose: results(alpha: 0.2) { alpha sampleRatioMismatch { pValue } }\n      metrics { role metric { name } result { verdict variants { sum } } again: result { comparisons { pValue } } }\n    }\n  }\n": typeof types.CountsManyResultsDocument,
    "\n  query CountsTwoExperiments($env: String!, $a: String!, $b: String!) {\n    a: experiment(environmentKey: $env, key: $a) { results { metrics { verdict } } metrics { result { verdict } } }\n    b: experiment(environmentKey: $env, key: $b) { results { metrics { verdict } } again: results(alpha: 0.1) { alpha } }\n  }\n": typeof types.CountsTwoExperimentsDocument,
    "\n  query CountsMetadata($env: String!) {\n    environment(key: $env) {\n      experiments(first: 20, status: ACTIVE) {\n        totalCount\n        edges { node { id key name status resourceVersion featureName\n          variants { key name isControl }\n          activeCohort { index allocations { split variant { key } } }\n          winningVariant { key } } }\n      }\n    }\n  }\n": typeof types.CountsMetadataDocument,
    "\n  mutation CountsAssign($input: AssignSubjectInput!) {\n    assignSubject(input: $input) { assignment { subjectId reason variant { key } } errors { code message } }\n  }\n": typeof types.CountsAssignDocument,
    "query EngineLimitsResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    id resourceVersion\n    results { frozen exposures { variant { key } subjects } metrics { metric { name } variants { variant { key } n sum mean } } }\n  }\n}": typeof types.EngineLimitsResultsDocument,
    "query EngineLimitsExperiment($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { id resourceVersion }\n}": typeof types.EngineLimitsExperimentDocument,
    "query EngineResults($env: String!, $key: String!, $analysis: ResultsAnalysisInput) {\n  experiment(environmentKey: $env, key: $key) {\n    results(analysis: $analysis) {\n      frozen\n      analysis { alpha method correction cuped }\n      exposures { variant { key } subjects }\n      health {\n        sampleRatioMismatch { chiSquare degreesOfFreedom pValue mismatch cohorts }\n        multipleExposures { subjects share warning }\n        lowData { variant { key } subjects minimum }\n        guardrailBreaches { metric { name } variant { key } }\n      }\n      metrics { metric { name } role verdict variants { variant { key } n mean variance sum } }\n    }\n  }\n}": typeof types.EngineResultsDocument,
    "query EngineComparisons($env: String!, $key: String!, $analysis: ResultsAnalysisInput) {\n  experiment(environmentKey: $env, key: $key) {\n    results(analysis: $analysis) {\n      metrics { metric { name } role\n        comparisons { pValue relativePValue significant chanceToWin risk { control } adjustedPValue notComputable\n          absoluteLift { estimate ciLower ciUpper }\n          cuped { theta varianceReduction unadjusted { absoluteLift { estimate ciLower ciUpper } } } }\n      }\n    }\n  }\n}": typeof types.EngineComparisonsDocument,
    "query EngineTwoAnalyses($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    a: results(analysis: { cuped: true, correction: HOLM }) { metrics { comparisons { pValue } } }\n    b: results(analysis: { method: BAYESIAN }) { metrics { comparisons { chanceToWin } } }\n    c: resultsOverTime(interval: DAY) { bucketEnd results { exposures { subjects } } }\n  }\n}": typeof types.EngineTwoAnalysesDocument,
    "query EngineOverTime($env: String!, $key: String!, $interval: BucketInterval) {\n  experiment(environmentKey: $env, key: $key) {\n    resultsOverTime(interval: $interval) { bucketEnd results { exposures { variant { key } subjects }\n      metrics { metric { name } variants { variant { key } n sum } comparisons { absoluteLift { estimate ciLower ciUpper } } } } }\n  }\n}": typeof types.EngineOverTimeDocument,
    "query EngineSnapshots($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    id resourceVersion\n    snapshots(first: 3) { totalCount edges { node { trigger slot takenAt settings { alpha method correction cuped }\n      results { frozen computedAt metrics { metric { name } variants { variant { key } n mean variance sum } } } } } }\n  }\n}": typeof types.EngineSnapshotsDocument,
    "mutation EngineUpdateMetric($input: UpdateMetricInput!) {\n  updateMetric(input: $input) { metric { id } errors { code field } } }": typeof types.EngineUpdateMetricDocument,
    "query EngineMetric($id: ID!) {\n  node(id: $id) { ... on Metric { aggregation cuped { preExposureDays } prior { mean stddev }\n    definition { __typename ... on RatioEventMetricDefinition { numerator { event aggregation } denominator { event aggregation } } } } }\n}": typeof types.EngineMetricDocument,
    "query E2eResults($env: String!, $key: String!, $alpha: Float) {\n  experiment(environmentKey: $env, key: $key) {\n    results(alpha: $alpha) {\n      alpha frozen multipleExposures computedAt\n      exposures { variant { key } subjects expectedShare observedShare }\n      sampleRatioMismatch { chiSquare pValue mismatch }\n      metrics {\n        metric { name } role verdict\n        variants { variant { key } n mean variance sum }\n        comparisons { variant { key } pValue significant verdict\n          absoluteLift { estimate ciLower ciUpper } relativeLift { estimate ciLower ciUpper } }\n      }\n    }\n  }\n}": typeof types.E2eResultsDocument,
    "query E2eMetricResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    results { metrics { metric { name } verdict variants { n mean } } }\n    metrics { role metric { name } result { metric { name } verdict variants { n mean } } }\n  }\n}": typeof types.E2eMetricResultsDocument,
    "\n  mutation LiveSignalsCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) { token apiToken { id } errors { code message } }\n  }\n": typeof types.LiveSignalsCreateTokenDocument,
    "\n  mutation LiveSignalsRevokeToken($id: ID!) { revokeApiToken(id: $id) { errors { code message } } }\n": typeof types.LiveSignalsRevokeTokenDocument,
    "\n  mutation LiveSignalsAcknowledge($id: ID!) { acknowledgeAnomaly(id: $id) { errors { code message } } }\n": typeof types.LiveSignalsAcknowledgeDocument,
    "subscription LiveAnalysis($environmentKey: String!, $experimentKey: String!, $analysis: ResultsAnalysisInput) {\n  experimentResults(environmentKey: $environmentKey, experimentKey: $experimentKey, analysis: $analysis) {\n    analysis { method correction cuped }\n    metrics { comparisons { chanceToWin relativePValue } }\n  }\n}": typeof types.LiveAnalysisDocument,
    "\n  mutation LiveCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) { token apiToken { id } errors { code message } }\n  }\n": typeof types.LiveCreateTokenDocument,
    "\n  mutation LiveRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) { errors { code message } }\n  }\n": typeof types.LiveRevokeTokenDocument,
    "query ReadLimitsResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { status resourceVersion results { metrics { variants { n sum } } } }\n}": typeof types.ReadLimitsResultsDocument,
    "query ReadLimitsVersion($env: String!, $key: String!) {\n      experiment(environmentKey: $env, key: $key) { resourceVersion }\n    }": typeof types.ReadLimitsVersionDocument,
};
const documents: Documents = {
    "mutation DemoCreateEnvironment($input: CreateEnvironmentInput!) {\n  createEnvironment(input: $input) {\n    environment {\n      id\n      key\n      name\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoCreateMetric($input: CreateMetricInput!) {\n  createMetric(input: $input) {\n    metric {\n      id\n      name\n      aggregation\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoCreateExperiment($input: CreateExperimentInput!) {\n  createExperiment(input: $input) {\n    experiment {\n      ...DemoExperimentState\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoAttachMetric($input: AttachMetricInput!) {\n  attachMetric(input: $input) {\n    experimentMetric {\n      role\n      metric {\n        id\n        name\n      }\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoStartExperiment($input: TransitionInput!) {\n  startExperiment(input: $input) {\n    experiment {\n      ...DemoExperimentState\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nquery DemoExperiment($environmentKey: String!, $key: String!) {\n  experiment(environmentKey: $environmentKey, key: $key) {\n    ...DemoExperimentState\n  }\n}\n\nquery DemoExperimentResults($environmentKey: String!, $key: String!) {\n  experiment(environmentKey: $environmentKey, key: $key) {\n    key\n    status\n    results {\n      exposures {\n        variant {\n          key\n        }\n        subjects\n        observedShare\n        expectedShare\n      }\n      multipleExposures\n      sampleRatioMismatch {\n        pValue\n        mismatch\n      }\n      metrics {\n        metric {\n          name\n        }\n        variants {\n          variant {\n            key\n          }\n          n\n          mean\n          variance\n          sum\n        }\n        comparisons {\n          variant {\n            key\n          }\n          absoluteLift {\n            estimate\n            ciLower\n            ciUpper\n          }\n          relativeLift {\n            estimate\n            ciLower\n            ciUpper\n          }\n          pValue\n          significant\n          verdict\n        }\n      }\n    }\n  }\n}\n\nfragment DemoExperimentState on Experiment {\n  id\n  key\n  status\n  featureName\n  resourceVersion\n  variants {\n    key\n    isControl\n  }\n  metrics {\n    role\n    metric {\n      id\n      name\n      aggregation\n      definition {\n        ... on EventMetricDefinition {\n          event\n        }\n      }\n    }\n  }\n}\n\nfragment DemoUserError on UserError {\n  code\n  message\n  field\n}": types.DemoCreateEnvironmentDocument,
    "subscription LiveExperimentResults($environmentKey: String!, $experimentKey: String!, $alpha: Float) {\n  experimentResults(\n    environmentKey: $environmentKey\n    experimentKey: $experimentKey\n    alpha: $alpha\n  ) {\n    computedAt\n    frozen\n    alpha\n    exposures {\n      variant {\n        key\n      }\n      subjects\n    }\n    metrics {\n      metric {\n        id\n        name\n      }\n      verdict\n      comparisons {\n        variant {\n          key\n        }\n        absoluteLift {\n          estimate\n          ciLower\n          ciUpper\n        }\n        pValue\n      }\n    }\n  }\n}\n\nsubscription LiveAnomalySignals($environmentKey: String!, $metricIds: [ID!]) {\n  anomalySignals(environmentKey: $environmentKey, metricIds: $metricIds) {\n    id\n    metric {\n      id\n      name\n    }\n    bucket\n    observed\n    expected\n    lower\n    upper\n    score\n    direction\n    severity\n    status\n    detectedAt\n  }\n}": types.LiveExperimentResultsDocument,
    "\n  mutation PreviewFactTable($input: PreviewFactTableInput!) {\n    previewFactTable(input: $input) { preview { columns { name type warehouseType } rows } errors { code message field } }\n  }\n": types.PreviewFactTableDocument,
    "\n  mutation CreateFactTable($input: CreateFactTableInput!) {\n    createFactTable(input: $input) {\n      factTable { id name sql timestampColumn identifierColumns columns { name type warehouseType } rowFilters { name sql } }\n      errors { code message field }\n    }\n  }\n": types.CreateFactTableDocument,
    "\n  mutation UpdateFactTable($input: UpdateFactTableInput!) {\n    updateFactTable(input: $input) { factTable { id name sql columns { name type } rowFilters { name sql } } errors { code message field } }\n  }\n": types.UpdateFactTableDocument,
    "\n  mutation DeleteFactTable($id: ID!) { deleteFactTable(id: $id) { deletedId errors { code message field } } }\n": types.DeleteFactTableDocument,
    "query EnvironmentId($key: String!) { environment(key: $key) { id } }": types.EnvironmentIdDocument,
    "\n  mutation FixtureCreateEnvironment($input: CreateEnvironmentInput!) {\n    createEnvironment(input: $input) { environment { id key } errors { code message field } }\n  }\n": types.FixtureCreateEnvironmentDocument,
    "\n  mutation FixtureCreateMetric($input: CreateMetricInput!) {\n    createMetric(input: $input) { metric { id name } errors { code message field } }\n  }\n": types.FixtureCreateMetricDocument,
    "\n  mutation FixtureCreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) { experiment { id key status resourceVersion } errors { code message field } }\n  }\n": types.FixtureCreateExperimentDocument,
    "\n  mutation FixtureAttachMetric($input: AttachMetricInput!) {\n    attachMetric(input: $input) { experimentMetric { role } errors { code message field } }\n  }\n": types.FixtureAttachMetricDocument,
    "\n  query FixtureExperimentVersion($id: ID!) {\n    node(id: $id) { ... on Experiment { resourceVersion } }\n  }\n": types.FixtureExperimentVersionDocument,
    "\n  mutation FixtureArchiveExperiment($input: TransitionInput!) {\n    r: archiveExperiment(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n": types.FixtureArchiveExperimentDocument,
    "\n  mutation FixtureDeclareWinner($input: DeclareWinnerInput!) {\n    r: declareWinner(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n": types.FixtureDeclareWinnerDocument,
    "\n  mutation FixtureEndExperiment($input: EndExperimentInput!) {\n    r: endExperiment(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n": types.FixtureEndExperimentDocument,
    "\n  mutation FixtureAddCohort($input: AddCohortInput!) {\n    r: addCohort(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n": types.FixtureAddCohortDocument,
    "\n  mutation FixtureStartExperiment($input: TransitionInput!) {\n    r: startExperiment(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n": types.FixtureStartExperimentDocument,
    "\n  mutation FixtureCreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) { token errors { code message field } }\n  }\n": types.FixtureCreateApiTokenDocument,
    "mutation RulesCreateExperiment($input: CreateExperimentInput!) {\n  createExperiment(input: $input) { experiment { id key resourceVersion status cohorts { index createdAt allocations { variant { key } split } } } errors { code message field } } }": types.RulesCreateExperimentDocument,
    "mutation RulesCreateMetric($input: CreateMetricInput!) { createMetric(input: $input) { metric { id name } errors { code message field } } }": types.RulesCreateMetricDocument,
    "mutation RulesStart($input: TransitionInput!) { startExperiment(input: $input) { experiment { status resourceVersion startedAt } errors { code message field } } }": types.RulesStartDocument,
    "mutation RulesAddCohort($input: AddCohortInput!) { addCohort(input: $input) { experiment { resourceVersion activeCohort { index } cohorts { index createdAt allocations { variant { key } split } } } errors { code message field } } }": types.RulesAddCohortDocument,
    "mutation RulesAttach($input: AttachMetricInput!) { attachMetric(input: $input) { experimentMetric { role expectedDirection } errors { code message field } } }": types.RulesAttachDocument,
    "mutation RulesTrack($input: TrackEventsInput!) { trackEvents(input: $input) { accepted duplicates rejected { index reason } errors { code message } } }": types.RulesTrackDocument,
    "query RulesEnvironments { environments { key } }": types.RulesEnvironmentsDocument,
    "mutation RulesCreateToken($input: CreateApiTokenInput!) {\n  createApiToken(input: $input) { token apiToken { name grants { role environment { key } } } errors { code } }\n}": types.RulesCreateTokenDocument,
    "query RulesViewer { viewer { tokenName grants { role environment { key } } } environments { key } }": types.RulesViewerDocument,
    "query RulesEnvironment($key: String!) { environment(key: $key) { key } }": types.RulesEnvironmentDocument,
    "mutation RulesCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { environment { key } errors { code } } }": types.RulesCreateEnvironmentDocument,
    "query RulesExperimentKey($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { key } }": types.RulesExperimentKeyDocument,
    "query RulesExperimentNode($id: ID!) { node(id: $id) { ... on Experiment { key resourceVersion metrics { metric { name } } } } }": types.RulesExperimentNodeDocument,
    "query RulesResultsAlpha($env: String!, $key: String!, $alpha: Float) { experiment(environmentKey: $env, key: $key) { results(alpha: $alpha) { alpha } } }": types.RulesResultsAlphaDocument,
    "query RulesResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results { multipleExposures } } }": types.RulesResultsDocument,
    "fragment AssignmentFields on Assignment { subjectId variant { key } cohortIndex assignedAt reason }": types.AssignmentFieldsFragmentDoc,
    "mutation AssignmentAssign($input: AssignSubjectInput!) {\n  assignSubject(input: $input) { assignment { ...AssignmentFields } errors { code message field } }\n}": types.AssignmentAssignDocument,
    "query AssignmentGet($env: String!, $key: String!, $subject: String!) {\n  assignment(environmentKey: $env, experimentKey: $key, subjectId: $subject) { ...AssignmentFields }\n}": types.AssignmentGetDocument,
    "query AssignmentWithExperiment($env: String!, $key: String!, $subject: String!) {\n  assignment(environmentKey: $env, experimentKey: $key, subjectId: $subject) { variant { key } experiment { key name hypothesis } }\n}": types.AssignmentWithExperimentDocument,
    "mutation AssignmentTrack($input: TrackEventsInput!) { trackEvents(input: $input) { errors { code message field } } }": types.AssignmentTrackDocument,
    "query AssignmentExposures($env: String!, $key: String!) {\n    experiment(environmentKey: $env, key: $key) { results { exposures { variant { key } subjects } } }\n  }": types.AssignmentExposuresDocument,
    "query AuditLogPage($env: String!, $type: AuditEntityType, $entity: ID, $first: Int, $after: String) {\n  auditLog(environmentKey: $env, entityType: $type, entityId: $entity, first: $first, after: $after) {\n    totalCount\n    pageInfo { hasNextPage endCursor }\n    edges { node { sequence actorKind actorName entityType entityId action before after createdAt } }\n  } }": types.AuditLogPageDocument,
    "mutation AuditCreateToken($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }": types.AuditCreateTokenDocument,
    "mutation AuditStart($id: ID!, $version: Int!) {\n  startExperiment(input: { experimentId: $id, expectedResourceVersion: $version }) { experiment { resourceVersion } errors { code } }\n}": types.AuditStartDocument,
    "query BootstrapViewer { viewer { tokenName grants { role environment { key } } } }": types.BootstrapViewerDocument,
    "query BootstrapEnvironments { environments { key } }": types.BootstrapEnvironmentsDocument,
    "fragment LifecycleExperiment on Experiment {\n  id key name description hypothesis links { name url } status resourceVersion endedReason startedAt endedAt createdAt updatedAt\n  variants { id key name description isControl } control { key } winningVariant { key }\n  cohorts { index createdAt allocations { variant { key } split } } activeCohort { index }\n}": types.LifecycleExperimentFragmentDoc,
    "fragment LifecycleErrors on UserError { code message field }": types.LifecycleErrorsFragmentDoc,
    "mutation LifecycleCreate($input: CreateExperimentInput!) { r: createExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": types.LifecycleCreateDocument,
    "mutation LifecycleUpdate($input: UpdateExperimentInput!) { r: updateExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": types.LifecycleUpdateDocument,
    "mutation LifecycleAddCohort($input: AddCohortInput!) { r: addCohort(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": types.LifecycleAddCohortDocument,
    "mutation LifecycleStart($input: TransitionInput!) { r: startExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": types.LifecycleStartDocument,
    "mutation LifecycleDeclareWinner($input: DeclareWinnerInput!) { r: declareWinner(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": types.LifecycleDeclareWinnerDocument,
    "mutation LifecycleEnd($input: EndExperimentInput!) { r: endExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": types.LifecycleEndDocument,
    "mutation LifecycleArchive($input: TransitionInput!) { r: archiveExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }": types.LifecycleArchiveDocument,
    "query LifecycleNode($id: ID!) { node(id: $id) { ... on Experiment { ...LifecycleExperiment } } }": types.LifecycleNodeDocument,
    "query LifecycleAudit($env: String!, $id: ID!) { auditLog(environmentKey: $env, entityId: $id, first: 100) {\n  totalCount edges { node { action actorName before after createdAt } } } }": types.LifecycleAuditDocument,
    "query LifecycleByKey($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { id } }": types.LifecycleByKeyDocument,
    "mutation LifecycleCreateToken($input: CreateApiTokenInput!) { createApiToken(input: $input) { token errors { code } } }": types.LifecycleCreateTokenDocument,
    "query ExperimentListPage($env: String!, $status: ExperimentStatus, $first: Int, $after: String) {\n  environment(key: $env) { experiments(status: $status, first: $first, after: $after) {\n    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id key status } } } } }": types.ExperimentListPageDocument,
    "query ExperimentListNode($id: ID!) { node(id: $id) { __typename id ... on Experiment { key status environment { key } } } }": types.ExperimentListNodeDocument,
    "query FactResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results { frozen\n  metrics { metric { name kind aggregation } variants { variant { key } n mean variance sum } } } } }": types.FactResultsDocument,
    "query FactResultsOverTime($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) {\n  resultsOverTime(interval: HOUR) { bucketEnd results { metrics { metric { name } variants { variant { key } n sum } } } } } }": types.FactResultsOverTimeDocument,
    "query FactMetricDefinition($id: ID!) { node(id: $id) { ... on Metric { kind aggregation definition {\n  ... on FactMetricDefinition { numerator { factTable { name } aggregation column rowFilters } denominator { factTable { name } aggregation column rowFilters } } } } } }": types.FactMetricDefinitionDocument,
    "query EnvironmentFactTables($key: String!) { environment(key: $key) { factTables(first: 10) { totalCount edges { node { name metrics { name } } } } } }": types.EnvironmentFactTablesDocument,
    "query FactExperimentId($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { id } }": types.FactExperimentIdDocument,
    "mutation UpdateFactMetric($input: UpdateMetricInput!) { updateMetric(input: $input) { metric { id } errors { code message field } } }": types.UpdateFactMetricDocument,
    "mutation DeleteFactMetric($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message } } }": types.DeleteFactMetricDocument,
    "query FrozenResults($env: String!, $key: String!, $alpha: Float) { experiment(environmentKey: $env, key: $key) {\n  status resourceVersion\n  results(alpha: $alpha) {\n    frozen alpha computedAt multipleExposures\n    exposures { variant { key } subjects expectedShare observedShare }\n    sampleRatioMismatch { chiSquare pValue mismatch }\n    metrics { metric { name } variants { variant { key } n mean variance sum }\n      comparisons { variant { key } pValue significant absoluteLift { estimate ciLower ciUpper } } }\n  } } }": types.FrozenResultsDocument,
    "query FrozenExperiment($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { id status resourceVersion winningVariant { key } endedReason }\n}": types.FrozenExperimentDocument,
    "query FrozenAudit($env: String!, $id: ID!) {\n  auditLog(environmentKey: $env, entityId: $id) { edges { node { action after } } }\n}": types.FrozenAuditDocument,
    "mutation LimitsTrack($input: TrackEventsInput!) { trackEvents(input: $input) { accepted errors { code } } }": types.LimitsTrackDocument,
    "mutation LimitsAssign($s: String!) {\n  assignSubject(input: { environmentKey: \"limit-e\", experimentKey: \"rl-exp\", subjectId: $s }) { assignment { reason } errors { code } }\n}": types.LimitsAssignDocument,
    "query IngestionResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    results { multipleExposures exposures { variant { key } subjects }\n      metrics { metric { name } variants { variant { key } n sum mean } } }\n  }\n}": types.IngestionResultsDocument,
    "mutation IngestionTrack($input: TrackEventsInput!) {\n  trackEvents(input: $input) { accepted duplicates rejected { index reason } errors { code message field } }\n}": types.IngestionTrackDocument,
    "\n  mutation BoundsCreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) { experiment { id resourceVersion } errors { code message field } }\n  }\n": types.BoundsCreateExperimentDocument,
    "\n  mutation BoundsUpdateExperiment($input: UpdateExperimentInput!) {\n    updateExperiment(input: $input) { experiment { id resourceVersion } errors { code message field } }\n  }\n": types.BoundsUpdateExperimentDocument,
    "\n  mutation BoundsAddCohort($input: AddCohortInput!) {\n    addCohort(input: $input) { experiment { resourceVersion } errors { code message field } }\n  }\n": types.BoundsAddCohortDocument,
    "\n  mutation BoundsStartExperiment($input: TransitionInput!) {\n    startExperiment(input: $input) { experiment { status } errors { code message field } }\n  }\n": types.BoundsStartExperimentDocument,
    "\n  mutation BoundsAssignSubject($input: AssignSubjectInput!) {\n    assignSubject(input: $input) { assignment { reason } errors { code message field } }\n  }\n": types.BoundsAssignSubjectDocument,
    "\n  mutation BoundsCreateMetric($input: CreateMetricInput!) {\n    createMetric(input: $input) { metric { id } errors { code message field } }\n  }\n": types.BoundsCreateMetricDocument,
    "\n  mutation BoundsUpdateMetric($input: UpdateMetricInput!) {\n    updateMetric(input: $input) { metric { id } errors { code message field } }\n  }\n": types.BoundsUpdateMetricDocument,
    "\n  query BoundsExperimentsPage($key: String!, $first: Int) {\n    environment(key: $key) { experiments(first: $first) { edges { node { id } } } }\n  }\n": types.BoundsExperimentsPageDocument,
    "\n  query BoundsMetricsPage($key: String!, $last: Int) {\n    environment(key: $key) { metrics(last: $last, before: \"x\") { edges { node { id } } } }\n  }\n": types.BoundsMetricsPageDocument,
    "\n  query BoundsAuditPage($key: String!, $first: Int) {\n    auditLog(environmentKey: $key, first: $first) { edges { node { action } } }\n  }\n": types.BoundsAuditPageDocument,
    "\n  query BoundsTokensPage($first: Int) {\n    apiTokens(first: $first) { edges { node { name } } }\n  }\n": types.BoundsTokensPageDocument,
    "fragment CatalogMetric on Metric {\n  id name description kind aggregation polarity status windowHours createdAt\n  monitoring { enabled interval sensitivity }\n  definition { ... on EventMetricDefinition { event filters { property operator values } } }\n}": types.CatalogMetricFragmentDoc,
    "mutation CatalogCreate($input: CreateMetricInput!) { createMetric(input: $input) { metric { ...CatalogMetric } errors { code message field } } }": types.CatalogCreateDocument,
    "mutation CatalogUpdate($input: UpdateMetricInput!) { updateMetric(input: $input) { metric { ...CatalogMetric } errors { code message field } } }": types.CatalogUpdateDocument,
    "mutation CatalogDelete($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message field } } }": types.CatalogDeleteDocument,
    "mutation CatalogAttach($input: AttachMetricInput!) { attachMetric(input: $input) {\n  experimentMetric { role expectedDirection metric { name } experiment { key resourceVersion } } errors { code message field } } }": types.CatalogAttachDocument,
    "mutation CatalogDetach($input: DetachMetricInput!) { detachMetric(input: $input) {\n  experiment { id key resourceVersion metrics { metric { name } } } errors { code message field } } }": types.CatalogDetachDocument,
    "query CatalogList($env: String!, $status: MetricStatus, $first: Int, $after: String) {\n  environment(key: $env) { metrics(status: $status, first: $first, after: $after) {\n    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name status } } } } }": types.CatalogListDocument,
    "query CatalogAudit($env: String!, $entity: ID) { auditLog(environmentKey: $env, entityId: $entity) {\n  edges { node { entityType entityId action before after actorName } } } }": types.CatalogAuditDocument,
    "query CatalogNodeId($id: ID!) { node(id: $id) { id } }": types.CatalogNodeIdDocument,
    "query CatalogVersion($id: ID!) { node(id: $id) { ... on Experiment { resourceVersion } } }": types.CatalogVersionDocument,
    "query CatalogExperimentMetrics($id: ID!) { node(id: $id) { ... on Experiment { metrics { metric { name status } } } } }": types.CatalogExperimentMetricsDocument,
    "query CatalogMetricAttachments($id: ID!) {\n  node(id: $id) { ... on Metric { name attachments { role expectedDirection experiment { key } metric { name } } } }\n}": types.CatalogMetricAttachmentsDocument,
    "query MetricResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results {\n  metrics { metric { name } role verdict variants { variant { key } n mean variance sum }\n    comparisons { variant { key } significant verdict absoluteLift { estimate } } } } } }": types.MetricResultsDocument,
    "query MetricResultVerdicts($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { metrics { metric { name } result { verdict } } }\n}": types.MetricResultVerdictsDocument,
    "\n  query MonitoringSeries($id: ID!, $from: DateTime!, $to: DateTime!) {\n    node(id: $id) {\n      ... on Metric {\n        name\n        hourly: series(from: $from, to: $to, interval: HOUR) { bucket value anomaly { id } }\n        daily: series(from: $from, to: $to, interval: DAY) { bucket value }\n      }\n    }\n  }\n": types.MonitoringSeriesDocument,
    "\n  query MonitoringAllSeries($env: String!, $from: DateTime!, $to: DateTime!) {\n    environment(key: $env) {\n      metrics(first: 5) { edges { node { name series(from: $from, to: $to, interval: DAY) { value } again: series(from: $from, to: $to, interval: HOUR) { value anomaly { id } } } } }\n    }\n  }\n": types.MonitoringAllSeriesDocument,
    "\n  query MonitoringSignals($env: String!, $status: AnomalyStatus) {\n    environment(key: $env) {\n      anomalySignals(first: 20, status: $status) {\n        totalCount\n        edges { node { id bucket observed expected lower upper score direction severity status interval detectedAt acknowledgedAt resolvedAt metric { name } } }\n      }\n    }\n  }\n": types.MonitoringSignalsDocument,
    "\n  query MonitoringMetricSignals($id: ID!, $from: DateTime!, $to: DateTime!) {\n    node(id: $id) {\n      ... on Metric {\n        anomalySignals(first: 5) { totalCount edges { node { id status } } }\n        series(from: $from, to: $to, interval: HOUR) { bucket value anomaly { id direction } }\n      }\n    }\n  }\n": types.MonitoringMetricSignalsDocument,
    "\n  mutation MonitoringAcknowledge($id: ID!) {\n    acknowledgeAnomaly(id: $id) { anomalySignal { id status acknowledgedAt } errors { code message field } }\n  }\n": types.MonitoringAcknowledgeDocument,
    "\n  query MonitoringSignalNode($id: ID!) { node(id: $id) { id ... on AnomalySignal { status metric { name } } } }\n": types.MonitoringSignalNodeDocument,
    "\n  query MonitoringSignalAudit($env: String!) {\n    auditLog(environmentKey: $env, entityType: ANOMALY_SIGNAL, first: 5) { edges { node { action entityId actorName before after } } }\n  }\n": types.MonitoringSignalAuditDocument,
    "\n  mutation MonitoringDeleteMetric($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message } } }\n": types.MonitoringDeleteMetricDocument,
    "\n  query CountsOneResults($env: String!, $key: String!) {\n    experiment(environmentKey: $env, key: $key) { results { multipleExposures metrics { variants { n } } } }\n  }\n": types.CountsOneResultsDocument,
    "\n  query CountsManyResults($env: String!, $key: String!) {\n    experiment(environmentKey: $env, key: $key) {\n      results { frozen exposures { subjects } metrics { metric { name } variants { n mean } } }\n      strict: results(alpha: 0.01) { alpha metrics { comparisons { significant } } }\n      loose: results(alpha: 0.2) { alpha sampleRatioMismatch { pValue } }\n      metrics { role metric { name } result { verdict variants { sum } } again: result { comparisons { pValue } } }\n    }\n  }\n": types.CountsManyResultsDocument,
    "\n  query CountsTwoExperiments($env: String!, $a: String!, $b: String!) {\n    a: experiment(environmentKey: $env, key: $a) { results { metrics { verdict } } metrics { result { verdict } } }\n    b: experiment(environmentKey: $env, key: $b) { results { metrics { verdict } } again: results(alpha: 0.1) { alpha } }\n  }\n": types.CountsTwoExperimentsDocument,
    "\n  query CountsMetadata($env: String!) {\n    environment(key: $env) {\n      experiments(first: 20, status: ACTIVE) {\n        totalCount\n        edges { node { id key name status resourceVersion featureName\n          variants { key name isControl }\n          activeCohort { index allocations { split variant { key } } }\n          winningVariant { key } } }\n      }\n    }\n  }\n": types.CountsMetadataDocument,
    "\n  mutation CountsAssign($input: AssignSubjectInput!) {\n    assignSubject(input: $input) { assignment { subjectId reason variant { key } } errors { code message } }\n  }\n": types.CountsAssignDocument,
    "query EngineLimitsResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    id resourceVersion\n    results { frozen exposures { variant { key } subjects } metrics { metric { name } variants { variant { key } n sum mean } } }\n  }\n}": types.EngineLimitsResultsDocument,
    "query EngineLimitsExperiment($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { id resourceVersion }\n}": types.EngineLimitsExperimentDocument,
    "query EngineResults($env: String!, $key: String!, $analysis: ResultsAnalysisInput) {\n  experiment(environmentKey: $env, key: $key) {\n    results(analysis: $analysis) {\n      frozen\n      analysis { alpha method correction cuped }\n      exposures { variant { key } subjects }\n      health {\n        sampleRatioMismatch { chiSquare degreesOfFreedom pValue mismatch cohorts }\n        multipleExposures { subjects share warning }\n        lowData { variant { key } subjects minimum }\n        guardrailBreaches { metric { name } variant { key } }\n      }\n      metrics { metric { name } role verdict variants { variant { key } n mean variance sum } }\n    }\n  }\n}": types.EngineResultsDocument,
    "query EngineComparisons($env: String!, $key: String!, $analysis: ResultsAnalysisInput) {\n  experiment(environmentKey: $env, key: $key) {\n    results(analysis: $analysis) {\n      metrics { metric { name } role\n        comparisons { pValue relativePValue significant chanceToWin risk { control } adjustedPValue notComputable\n          absoluteLift { estimate ciLower ciUpper }\n          cuped { theta varianceReduction unadjusted { absoluteLift { estimate ciLower ciUpper } } } }\n      }\n    }\n  }\n}": types.EngineComparisonsDocument,
    "query EngineTwoAnalyses($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    a: results(analysis: { cuped: true, correction: HOLM }) { metrics { comparisons { pValue } } }\n    b: results(analysis: { method: BAYESIAN }) { metrics { comparisons { chanceToWin } } }\n    c: resultsOverTime(interval: DAY) { bucketEnd results { exposures { subjects } } }\n  }\n}": types.EngineTwoAnalysesDocument,
    "query EngineOverTime($env: String!, $key: String!, $interval: BucketInterval) {\n  experiment(environmentKey: $env, key: $key) {\n    resultsOverTime(interval: $interval) { bucketEnd results { exposures { variant { key } subjects }\n      metrics { metric { name } variants { variant { key } n sum } comparisons { absoluteLift { estimate ciLower ciUpper } } } } }\n  }\n}": types.EngineOverTimeDocument,
    "query EngineSnapshots($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    id resourceVersion\n    snapshots(first: 3) { totalCount edges { node { trigger slot takenAt settings { alpha method correction cuped }\n      results { frozen computedAt metrics { metric { name } variants { variant { key } n mean variance sum } } } } } }\n  }\n}": types.EngineSnapshotsDocument,
    "mutation EngineUpdateMetric($input: UpdateMetricInput!) {\n  updateMetric(input: $input) { metric { id } errors { code field } } }": types.EngineUpdateMetricDocument,
    "query EngineMetric($id: ID!) {\n  node(id: $id) { ... on Metric { aggregation cuped { preExposureDays } prior { mean stddev }\n    definition { __typename ... on RatioEventMetricDefinition { numerator { event aggregation } denominator { event aggregation } } } } }\n}": types.EngineMetricDocument,
    "query E2eResults($env: String!, $key: String!, $alpha: Float) {\n  experiment(environmentKey: $env, key: $key) {\n    results(alpha: $alpha) {\n      alpha frozen multipleExposures computedAt\n      exposures { variant { key } subjects expectedShare observedShare }\n      sampleRatioMismatch { chiSquare pValue mismatch }\n      metrics {\n        metric { name } role verdict\n        variants { variant { key } n mean variance sum }\n        comparisons { variant { key } pValue significant verdict\n          absoluteLift { estimate ciLower ciUpper } relativeLift { estimate ciLower ciUpper } }\n      }\n    }\n  }\n}": types.E2eResultsDocument,
    "query E2eMetricResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    results { metrics { metric { name } verdict variants { n mean } } }\n    metrics { role metric { name } result { metric { name } verdict variants { n mean } } }\n  }\n}": types.E2eMetricResultsDocument,
    "\n  mutation LiveSignalsCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) { token apiToken { id } errors { code message } }\n  }\n": types.LiveSignalsCreateTokenDocument,
    "\n  mutation LiveSignalsRevokeToken($id: ID!) { revokeApiToken(id: $id) { errors { code message } } }\n": types.LiveSignalsRevokeTokenDocument,
    "\n  mutation LiveSignalsAcknowledge($id: ID!) { acknowledgeAnomaly(id: $id) { errors { code message } } }\n": types.LiveSignalsAcknowledgeDocument,
    "subscription LiveAnalysis($environmentKey: String!, $experimentKey: String!, $analysis: ResultsAnalysisInput) {\n  experimentResults(environmentKey: $environmentKey, experimentKey: $experimentKey, analysis: $analysis) {\n    analysis { method correction cuped }\n    metrics { comparisons { chanceToWin relativePValue } }\n  }\n}": types.LiveAnalysisDocument,
    "\n  mutation LiveCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) { token apiToken { id } errors { code message } }\n  }\n": types.LiveCreateTokenDocument,
    "\n  mutation LiveRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) { errors { code message } }\n  }\n": types.LiveRevokeTokenDocument,
    "query ReadLimitsResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { status resourceVersion results { metrics { variants { n sum } } } }\n}": types.ReadLimitsResultsDocument,
    "query ReadLimitsVersion($env: String!, $key: String!) {\n      experiment(environmentKey: $env, key: $key) { resourceVersion }\n    }": types.ReadLimitsVersionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DemoCreateEnvironment($input: CreateEnvironmentInput!) {\n  createEnvironment(input: $input) {\n    environment {\n      id\n      key\n      name\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoCreateMetric($input: CreateMetricInput!) {\n  createMetric(input: $input) {\n    metric {\n      id\n      name\n      aggregation\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoCreateExperiment($input: CreateExperimentInput!) {\n  createExperiment(input: $input) {\n    experiment {\n      ...DemoExperimentState\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoAttachMetric($input: AttachMetricInput!) {\n  attachMetric(input: $input) {\n    experimentMetric {\n      role\n      metric {\n        id\n        name\n      }\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoStartExperiment($input: TransitionInput!) {\n  startExperiment(input: $input) {\n    experiment {\n      ...DemoExperimentState\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nquery DemoExperiment($environmentKey: String!, $key: String!) {\n  experiment(environmentKey: $environmentKey, key: $key) {\n    ...DemoExperimentState\n  }\n}\n\nquery DemoExperimentResults($environmentKey: String!, $key: String!) {\n  experiment(environmentKey: $environmentKey, key: $key) {\n    key\n    status\n    results {\n      exposures {\n        variant {\n          key\n        }\n        subjects\n        observedShare\n        expectedShare\n      }\n      multipleExposures\n      sampleRatioMismatch {\n        pValue\n        mismatch\n      }\n      metrics {\n        metric {\n          name\n        }\n        variants {\n          variant {\n            key\n          }\n          n\n          mean\n          variance\n          sum\n        }\n        comparisons {\n          variant {\n            key\n          }\n          absoluteLift {\n            estimate\n            ciLower\n            ciUpper\n          }\n          relativeLift {\n            estimate\n            ciLower\n            ciUpper\n          }\n          pValue\n          significant\n          verdict\n        }\n      }\n    }\n  }\n}\n\nfragment DemoExperimentState on Experiment {\n  id\n  key\n  status\n  featureName\n  resourceVersion\n  variants {\n    key\n    isControl\n  }\n  metrics {\n    role\n    metric {\n      id\n      name\n      aggregation\n      definition {\n        ... on EventMetricDefinition {\n          event\n        }\n      }\n    }\n  }\n}\n\nfragment DemoUserError on UserError {\n  code\n  message\n  field\n}"): (typeof documents)["mutation DemoCreateEnvironment($input: CreateEnvironmentInput!) {\n  createEnvironment(input: $input) {\n    environment {\n      id\n      key\n      name\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoCreateMetric($input: CreateMetricInput!) {\n  createMetric(input: $input) {\n    metric {\n      id\n      name\n      aggregation\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoCreateExperiment($input: CreateExperimentInput!) {\n  createExperiment(input: $input) {\n    experiment {\n      ...DemoExperimentState\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoAttachMetric($input: AttachMetricInput!) {\n  attachMetric(input: $input) {\n    experimentMetric {\n      role\n      metric {\n        id\n        name\n      }\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nmutation DemoStartExperiment($input: TransitionInput!) {\n  startExperiment(input: $input) {\n    experiment {\n      ...DemoExperimentState\n    }\n    errors {\n      ...DemoUserError\n    }\n  }\n}\n\nquery DemoExperiment($environmentKey: String!, $key: String!) {\n  experiment(environmentKey: $environmentKey, key: $key) {\n    ...DemoExperimentState\n  }\n}\n\nquery DemoExperimentResults($environmentKey: String!, $key: String!) {\n  experiment(environmentKey: $environmentKey, key: $key) {\n    key\n    status\n    results {\n      exposures {\n        variant {\n          key\n        }\n        subjects\n        observedShare\n        expectedShare\n      }\n      multipleExposures\n      sampleRatioMismatch {\n        pValue\n        mismatch\n      }\n      metrics {\n        metric {\n          name\n        }\n        variants {\n          variant {\n            key\n          }\n          n\n          mean\n          variance\n          sum\n        }\n        comparisons {\n          variant {\n            key\n          }\n          absoluteLift {\n            estimate\n            ciLower\n            ciUpper\n          }\n          relativeLift {\n            estimate\n            ciLower\n            ciUpper\n          }\n          pValue\n          significant\n          verdict\n        }\n      }\n    }\n  }\n}\n\nfragment DemoExperimentState on Experiment {\n  id\n  key\n  status\n  featureName\n  resourceVersion\n  variants {\n    key\n    isControl\n  }\n  metrics {\n    role\n    metric {\n      id\n      name\n      aggregation\n      definition {\n        ... on EventMetricDefinition {\n          event\n        }\n      }\n    }\n  }\n}\n\nfragment DemoUserError on UserError {\n  code\n  message\n  field\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription LiveExperimentResults($environmentKey: String!, $experimentKey: String!, $alpha: Float) {\n  experimentResults(\n    environmentKey: $environmentKey\n    experimentKey: $experimentKey\n    alpha: $alpha\n  ) {\n    computedAt\n    frozen\n    alpha\n    exposures {\n      variant {\n        key\n      }\n      subjects\n    }\n    metrics {\n      metric {\n        id\n        name\n      }\n      verdict\n      comparisons {\n        variant {\n          key\n        }\n        absoluteLift {\n          estimate\n          ciLower\n          ciUpper\n        }\n        pValue\n      }\n    }\n  }\n}\n\nsubscription LiveAnomalySignals($environmentKey: String!, $metricIds: [ID!]) {\n  anomalySignals(environmentKey: $environmentKey, metricIds: $metricIds) {\n    id\n    metric {\n      id\n      name\n    }\n    bucket\n    observed\n    expected\n    lower\n    upper\n    score\n    direction\n    severity\n    status\n    detectedAt\n  }\n}"): (typeof documents)["subscription LiveExperimentResults($environmentKey: String!, $experimentKey: String!, $alpha: Float) {\n  experimentResults(\n    environmentKey: $environmentKey\n    experimentKey: $experimentKey\n    alpha: $alpha\n  ) {\n    computedAt\n    frozen\n    alpha\n    exposures {\n      variant {\n        key\n      }\n      subjects\n    }\n    metrics {\n      metric {\n        id\n        name\n      }\n      verdict\n      comparisons {\n        variant {\n          key\n        }\n        absoluteLift {\n          estimate\n          ciLower\n          ciUpper\n        }\n        pValue\n      }\n    }\n  }\n}\n\nsubscription LiveAnomalySignals($environmentKey: String!, $metricIds: [ID!]) {\n  anomalySignals(environmentKey: $environmentKey, metricIds: $metricIds) {\n    id\n    metric {\n      id\n      name\n    }\n    bucket\n    observed\n    expected\n    lower\n    upper\n    score\n    direction\n    severity\n    status\n    detectedAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PreviewFactTable($input: PreviewFactTableInput!) {\n    previewFactTable(input: $input) { preview { columns { name type warehouseType } rows } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation PreviewFactTable($input: PreviewFactTableInput!) {\n    previewFactTable(input: $input) { preview { columns { name type warehouseType } rows } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateFactTable($input: CreateFactTableInput!) {\n    createFactTable(input: $input) {\n      factTable { id name sql timestampColumn identifierColumns columns { name type warehouseType } rowFilters { name sql } }\n      errors { code message field }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateFactTable($input: CreateFactTableInput!) {\n    createFactTable(input: $input) {\n      factTable { id name sql timestampColumn identifierColumns columns { name type warehouseType } rowFilters { name sql } }\n      errors { code message field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateFactTable($input: UpdateFactTableInput!) {\n    updateFactTable(input: $input) { factTable { id name sql columns { name type } rowFilters { name sql } } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation UpdateFactTable($input: UpdateFactTableInput!) {\n    updateFactTable(input: $input) { factTable { id name sql columns { name type } rowFilters { name sql } } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteFactTable($id: ID!) { deleteFactTable(id: $id) { deletedId errors { code message field } } }\n"): (typeof documents)["\n  mutation DeleteFactTable($id: ID!) { deleteFactTable(id: $id) { deletedId errors { code message field } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EnvironmentId($key: String!) { environment(key: $key) { id } }"): (typeof documents)["query EnvironmentId($key: String!) { environment(key: $key) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateEnvironment($input: CreateEnvironmentInput!) {\n    createEnvironment(input: $input) { environment { id key } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation FixtureCreateEnvironment($input: CreateEnvironmentInput!) {\n    createEnvironment(input: $input) { environment { id key } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateMetric($input: CreateMetricInput!) {\n    createMetric(input: $input) { metric { id name } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation FixtureCreateMetric($input: CreateMetricInput!) {\n    createMetric(input: $input) { metric { id name } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) { experiment { id key status resourceVersion } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation FixtureCreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) { experiment { id key status resourceVersion } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureAttachMetric($input: AttachMetricInput!) {\n    attachMetric(input: $input) { experimentMetric { role } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation FixtureAttachMetric($input: AttachMetricInput!) {\n    attachMetric(input: $input) { experimentMetric { role } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FixtureExperimentVersion($id: ID!) {\n    node(id: $id) { ... on Experiment { resourceVersion } }\n  }\n"): (typeof documents)["\n  query FixtureExperimentVersion($id: ID!) {\n    node(id: $id) { ... on Experiment { resourceVersion } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureArchiveExperiment($input: TransitionInput!) {\n    r: archiveExperiment(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation FixtureArchiveExperiment($input: TransitionInput!) {\n    r: archiveExperiment(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureDeclareWinner($input: DeclareWinnerInput!) {\n    r: declareWinner(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation FixtureDeclareWinner($input: DeclareWinnerInput!) {\n    r: declareWinner(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureEndExperiment($input: EndExperimentInput!) {\n    r: endExperiment(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation FixtureEndExperiment($input: EndExperimentInput!) {\n    r: endExperiment(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureAddCohort($input: AddCohortInput!) {\n    r: addCohort(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation FixtureAddCohort($input: AddCohortInput!) {\n    r: addCohort(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureStartExperiment($input: TransitionInput!) {\n    r: startExperiment(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation FixtureStartExperiment($input: TransitionInput!) {\n    r: startExperiment(input: $input) { experiment { id status resourceVersion } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) { token errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation FixtureCreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) { token errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RulesCreateExperiment($input: CreateExperimentInput!) {\n  createExperiment(input: $input) { experiment { id key resourceVersion status cohorts { index createdAt allocations { variant { key } split } } } errors { code message field } } }"): (typeof documents)["mutation RulesCreateExperiment($input: CreateExperimentInput!) {\n  createExperiment(input: $input) { experiment { id key resourceVersion status cohorts { index createdAt allocations { variant { key } split } } } errors { code message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RulesCreateMetric($input: CreateMetricInput!) { createMetric(input: $input) { metric { id name } errors { code message field } } }"): (typeof documents)["mutation RulesCreateMetric($input: CreateMetricInput!) { createMetric(input: $input) { metric { id name } errors { code message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RulesStart($input: TransitionInput!) { startExperiment(input: $input) { experiment { status resourceVersion startedAt } errors { code message field } } }"): (typeof documents)["mutation RulesStart($input: TransitionInput!) { startExperiment(input: $input) { experiment { status resourceVersion startedAt } errors { code message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RulesAddCohort($input: AddCohortInput!) { addCohort(input: $input) { experiment { resourceVersion activeCohort { index } cohorts { index createdAt allocations { variant { key } split } } } errors { code message field } } }"): (typeof documents)["mutation RulesAddCohort($input: AddCohortInput!) { addCohort(input: $input) { experiment { resourceVersion activeCohort { index } cohorts { index createdAt allocations { variant { key } split } } } errors { code message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RulesAttach($input: AttachMetricInput!) { attachMetric(input: $input) { experimentMetric { role expectedDirection } errors { code message field } } }"): (typeof documents)["mutation RulesAttach($input: AttachMetricInput!) { attachMetric(input: $input) { experimentMetric { role expectedDirection } errors { code message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RulesTrack($input: TrackEventsInput!) { trackEvents(input: $input) { accepted duplicates rejected { index reason } errors { code message } } }"): (typeof documents)["mutation RulesTrack($input: TrackEventsInput!) { trackEvents(input: $input) { accepted duplicates rejected { index reason } errors { code message } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RulesEnvironments { environments { key } }"): (typeof documents)["query RulesEnvironments { environments { key } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RulesCreateToken($input: CreateApiTokenInput!) {\n  createApiToken(input: $input) { token apiToken { name grants { role environment { key } } } errors { code } }\n}"): (typeof documents)["mutation RulesCreateToken($input: CreateApiTokenInput!) {\n  createApiToken(input: $input) { token apiToken { name grants { role environment { key } } } errors { code } }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RulesViewer { viewer { tokenName grants { role environment { key } } } environments { key } }"): (typeof documents)["query RulesViewer { viewer { tokenName grants { role environment { key } } } environments { key } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RulesEnvironment($key: String!) { environment(key: $key) { key } }"): (typeof documents)["query RulesEnvironment($key: String!) { environment(key: $key) { key } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RulesCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { environment { key } errors { code } } }"): (typeof documents)["mutation RulesCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { environment { key } errors { code } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RulesExperimentKey($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { key } }"): (typeof documents)["query RulesExperimentKey($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { key } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RulesExperimentNode($id: ID!) { node(id: $id) { ... on Experiment { key resourceVersion metrics { metric { name } } } } }"): (typeof documents)["query RulesExperimentNode($id: ID!) { node(id: $id) { ... on Experiment { key resourceVersion metrics { metric { name } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RulesResultsAlpha($env: String!, $key: String!, $alpha: Float) { experiment(environmentKey: $env, key: $key) { results(alpha: $alpha) { alpha } } }"): (typeof documents)["query RulesResultsAlpha($env: String!, $key: String!, $alpha: Float) { experiment(environmentKey: $env, key: $key) { results(alpha: $alpha) { alpha } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RulesResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results { multipleExposures } } }"): (typeof documents)["query RulesResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results { multipleExposures } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment AssignmentFields on Assignment { subjectId variant { key } cohortIndex assignedAt reason }"): (typeof documents)["fragment AssignmentFields on Assignment { subjectId variant { key } cohortIndex assignedAt reason }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AssignmentAssign($input: AssignSubjectInput!) {\n  assignSubject(input: $input) { assignment { ...AssignmentFields } errors { code message field } }\n}"): (typeof documents)["mutation AssignmentAssign($input: AssignSubjectInput!) {\n  assignSubject(input: $input) { assignment { ...AssignmentFields } errors { code message field } }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AssignmentGet($env: String!, $key: String!, $subject: String!) {\n  assignment(environmentKey: $env, experimentKey: $key, subjectId: $subject) { ...AssignmentFields }\n}"): (typeof documents)["query AssignmentGet($env: String!, $key: String!, $subject: String!) {\n  assignment(environmentKey: $env, experimentKey: $key, subjectId: $subject) { ...AssignmentFields }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AssignmentWithExperiment($env: String!, $key: String!, $subject: String!) {\n  assignment(environmentKey: $env, experimentKey: $key, subjectId: $subject) { variant { key } experiment { key name hypothesis } }\n}"): (typeof documents)["query AssignmentWithExperiment($env: String!, $key: String!, $subject: String!) {\n  assignment(environmentKey: $env, experimentKey: $key, subjectId: $subject) { variant { key } experiment { key name hypothesis } }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AssignmentTrack($input: TrackEventsInput!) { trackEvents(input: $input) { errors { code message field } } }"): (typeof documents)["mutation AssignmentTrack($input: TrackEventsInput!) { trackEvents(input: $input) { errors { code message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AssignmentExposures($env: String!, $key: String!) {\n    experiment(environmentKey: $env, key: $key) { results { exposures { variant { key } subjects } } }\n  }"): (typeof documents)["query AssignmentExposures($env: String!, $key: String!) {\n    experiment(environmentKey: $env, key: $key) { results { exposures { variant { key } subjects } } }\n  }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AuditLogPage($env: String!, $type: AuditEntityType, $entity: ID, $first: Int, $after: String) {\n  auditLog(environmentKey: $env, entityType: $type, entityId: $entity, first: $first, after: $after) {\n    totalCount\n    pageInfo { hasNextPage endCursor }\n    edges { node { sequence actorKind actorName entityType entityId action before after createdAt } }\n  } }"): (typeof documents)["query AuditLogPage($env: String!, $type: AuditEntityType, $entity: ID, $first: Int, $after: String) {\n  auditLog(environmentKey: $env, entityType: $type, entityId: $entity, first: $first, after: $after) {\n    totalCount\n    pageInfo { hasNextPage endCursor }\n    edges { node { sequence actorKind actorName entityType entityId action before after createdAt } }\n  } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AuditCreateToken($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }"): (typeof documents)["mutation AuditCreateToken($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AuditStart($id: ID!, $version: Int!) {\n  startExperiment(input: { experimentId: $id, expectedResourceVersion: $version }) { experiment { resourceVersion } errors { code } }\n}"): (typeof documents)["mutation AuditStart($id: ID!, $version: Int!) {\n  startExperiment(input: { experimentId: $id, expectedResourceVersion: $version }) { experiment { resourceVersion } errors { code } }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query BootstrapViewer { viewer { tokenName grants { role environment { key } } } }"): (typeof documents)["query BootstrapViewer { viewer { tokenName grants { role environment { key } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query BootstrapEnvironments { environments { key } }"): (typeof documents)["query BootstrapEnvironments { environments { key } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment LifecycleExperiment on Experiment {\n  id key name description hypothesis links { name url } status resourceVersion endedReason startedAt endedAt createdAt updatedAt\n  variants { id key name description isControl } control { key } winningVariant { key }\n  cohorts { index createdAt allocations { variant { key } split } } activeCohort { index }\n}"): (typeof documents)["fragment LifecycleExperiment on Experiment {\n  id key name description hypothesis links { name url } status resourceVersion endedReason startedAt endedAt createdAt updatedAt\n  variants { id key name description isControl } control { key } winningVariant { key }\n  cohorts { index createdAt allocations { variant { key } split } } activeCohort { index }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment LifecycleErrors on UserError { code message field }"): (typeof documents)["fragment LifecycleErrors on UserError { code message field }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LifecycleCreate($input: CreateExperimentInput!) { r: createExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"): (typeof documents)["mutation LifecycleCreate($input: CreateExperimentInput!) { r: createExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LifecycleUpdate($input: UpdateExperimentInput!) { r: updateExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"): (typeof documents)["mutation LifecycleUpdate($input: UpdateExperimentInput!) { r: updateExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LifecycleAddCohort($input: AddCohortInput!) { r: addCohort(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"): (typeof documents)["mutation LifecycleAddCohort($input: AddCohortInput!) { r: addCohort(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LifecycleStart($input: TransitionInput!) { r: startExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"): (typeof documents)["mutation LifecycleStart($input: TransitionInput!) { r: startExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LifecycleDeclareWinner($input: DeclareWinnerInput!) { r: declareWinner(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"): (typeof documents)["mutation LifecycleDeclareWinner($input: DeclareWinnerInput!) { r: declareWinner(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LifecycleEnd($input: EndExperimentInput!) { r: endExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"): (typeof documents)["mutation LifecycleEnd($input: EndExperimentInput!) { r: endExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LifecycleArchive($input: TransitionInput!) { r: archiveExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"): (typeof documents)["mutation LifecycleArchive($input: TransitionInput!) { r: archiveExperiment(input: $input) { experiment { ...LifecycleExperiment } errors { ...LifecycleErrors } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LifecycleNode($id: ID!) { node(id: $id) { ... on Experiment { ...LifecycleExperiment } } }"): (typeof documents)["query LifecycleNode($id: ID!) { node(id: $id) { ... on Experiment { ...LifecycleExperiment } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LifecycleAudit($env: String!, $id: ID!) { auditLog(environmentKey: $env, entityId: $id, first: 100) {\n  totalCount edges { node { action actorName before after createdAt } } } }"): (typeof documents)["query LifecycleAudit($env: String!, $id: ID!) { auditLog(environmentKey: $env, entityId: $id, first: 100) {\n  totalCount edges { node { action actorName before after createdAt } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LifecycleByKey($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { id } }"): (typeof documents)["query LifecycleByKey($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LifecycleCreateToken($input: CreateApiTokenInput!) { createApiToken(input: $input) { token errors { code } } }"): (typeof documents)["mutation LifecycleCreateToken($input: CreateApiTokenInput!) { createApiToken(input: $input) { token errors { code } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ExperimentListPage($env: String!, $status: ExperimentStatus, $first: Int, $after: String) {\n  environment(key: $env) { experiments(status: $status, first: $first, after: $after) {\n    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id key status } } } } }"): (typeof documents)["query ExperimentListPage($env: String!, $status: ExperimentStatus, $first: Int, $after: String) {\n  environment(key: $env) { experiments(status: $status, first: $first, after: $after) {\n    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id key status } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ExperimentListNode($id: ID!) { node(id: $id) { __typename id ... on Experiment { key status environment { key } } } }"): (typeof documents)["query ExperimentListNode($id: ID!) { node(id: $id) { __typename id ... on Experiment { key status environment { key } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FactResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results { frozen\n  metrics { metric { name kind aggregation } variants { variant { key } n mean variance sum } } } } }"): (typeof documents)["query FactResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results { frozen\n  metrics { metric { name kind aggregation } variants { variant { key } n mean variance sum } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FactResultsOverTime($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) {\n  resultsOverTime(interval: HOUR) { bucketEnd results { metrics { metric { name } variants { variant { key } n sum } } } } } }"): (typeof documents)["query FactResultsOverTime($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) {\n  resultsOverTime(interval: HOUR) { bucketEnd results { metrics { metric { name } variants { variant { key } n sum } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FactMetricDefinition($id: ID!) { node(id: $id) { ... on Metric { kind aggregation definition {\n  ... on FactMetricDefinition { numerator { factTable { name } aggregation column rowFilters } denominator { factTable { name } aggregation column rowFilters } } } } } }"): (typeof documents)["query FactMetricDefinition($id: ID!) { node(id: $id) { ... on Metric { kind aggregation definition {\n  ... on FactMetricDefinition { numerator { factTable { name } aggregation column rowFilters } denominator { factTable { name } aggregation column rowFilters } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EnvironmentFactTables($key: String!) { environment(key: $key) { factTables(first: 10) { totalCount edges { node { name metrics { name } } } } } }"): (typeof documents)["query EnvironmentFactTables($key: String!) { environment(key: $key) { factTables(first: 10) { totalCount edges { node { name metrics { name } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FactExperimentId($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { id } }"): (typeof documents)["query FactExperimentId($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateFactMetric($input: UpdateMetricInput!) { updateMetric(input: $input) { metric { id } errors { code message field } } }"): (typeof documents)["mutation UpdateFactMetric($input: UpdateMetricInput!) { updateMetric(input: $input) { metric { id } errors { code message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteFactMetric($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message } } }"): (typeof documents)["mutation DeleteFactMetric($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FrozenResults($env: String!, $key: String!, $alpha: Float) { experiment(environmentKey: $env, key: $key) {\n  status resourceVersion\n  results(alpha: $alpha) {\n    frozen alpha computedAt multipleExposures\n    exposures { variant { key } subjects expectedShare observedShare }\n    sampleRatioMismatch { chiSquare pValue mismatch }\n    metrics { metric { name } variants { variant { key } n mean variance sum }\n      comparisons { variant { key } pValue significant absoluteLift { estimate ciLower ciUpper } } }\n  } } }"): (typeof documents)["query FrozenResults($env: String!, $key: String!, $alpha: Float) { experiment(environmentKey: $env, key: $key) {\n  status resourceVersion\n  results(alpha: $alpha) {\n    frozen alpha computedAt multipleExposures\n    exposures { variant { key } subjects expectedShare observedShare }\n    sampleRatioMismatch { chiSquare pValue mismatch }\n    metrics { metric { name } variants { variant { key } n mean variance sum }\n      comparisons { variant { key } pValue significant absoluteLift { estimate ciLower ciUpper } } }\n  } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FrozenExperiment($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { id status resourceVersion winningVariant { key } endedReason }\n}"): (typeof documents)["query FrozenExperiment($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { id status resourceVersion winningVariant { key } endedReason }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FrozenAudit($env: String!, $id: ID!) {\n  auditLog(environmentKey: $env, entityId: $id) { edges { node { action after } } }\n}"): (typeof documents)["query FrozenAudit($env: String!, $id: ID!) {\n  auditLog(environmentKey: $env, entityId: $id) { edges { node { action after } } }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LimitsTrack($input: TrackEventsInput!) { trackEvents(input: $input) { accepted errors { code } } }"): (typeof documents)["mutation LimitsTrack($input: TrackEventsInput!) { trackEvents(input: $input) { accepted errors { code } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LimitsAssign($s: String!) {\n  assignSubject(input: { environmentKey: \"limit-e\", experimentKey: \"rl-exp\", subjectId: $s }) { assignment { reason } errors { code } }\n}"): (typeof documents)["mutation LimitsAssign($s: String!) {\n  assignSubject(input: { environmentKey: \"limit-e\", experimentKey: \"rl-exp\", subjectId: $s }) { assignment { reason } errors { code } }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query IngestionResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    results { multipleExposures exposures { variant { key } subjects }\n      metrics { metric { name } variants { variant { key } n sum mean } } }\n  }\n}"): (typeof documents)["query IngestionResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    results { multipleExposures exposures { variant { key } subjects }\n      metrics { metric { name } variants { variant { key } n sum mean } } }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation IngestionTrack($input: TrackEventsInput!) {\n  trackEvents(input: $input) { accepted duplicates rejected { index reason } errors { code message field } }\n}"): (typeof documents)["mutation IngestionTrack($input: TrackEventsInput!) {\n  trackEvents(input: $input) { accepted duplicates rejected { index reason } errors { code message field } }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoundsCreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) { experiment { id resourceVersion } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation BoundsCreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) { experiment { id resourceVersion } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoundsUpdateExperiment($input: UpdateExperimentInput!) {\n    updateExperiment(input: $input) { experiment { id resourceVersion } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation BoundsUpdateExperiment($input: UpdateExperimentInput!) {\n    updateExperiment(input: $input) { experiment { id resourceVersion } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoundsAddCohort($input: AddCohortInput!) {\n    addCohort(input: $input) { experiment { resourceVersion } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation BoundsAddCohort($input: AddCohortInput!) {\n    addCohort(input: $input) { experiment { resourceVersion } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoundsStartExperiment($input: TransitionInput!) {\n    startExperiment(input: $input) { experiment { status } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation BoundsStartExperiment($input: TransitionInput!) {\n    startExperiment(input: $input) { experiment { status } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoundsAssignSubject($input: AssignSubjectInput!) {\n    assignSubject(input: $input) { assignment { reason } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation BoundsAssignSubject($input: AssignSubjectInput!) {\n    assignSubject(input: $input) { assignment { reason } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoundsCreateMetric($input: CreateMetricInput!) {\n    createMetric(input: $input) { metric { id } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation BoundsCreateMetric($input: CreateMetricInput!) {\n    createMetric(input: $input) { metric { id } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoundsUpdateMetric($input: UpdateMetricInput!) {\n    updateMetric(input: $input) { metric { id } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation BoundsUpdateMetric($input: UpdateMetricInput!) {\n    updateMetric(input: $input) { metric { id } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoundsExperimentsPage($key: String!, $first: Int) {\n    environment(key: $key) { experiments(first: $first) { edges { node { id } } } }\n  }\n"): (typeof documents)["\n  query BoundsExperimentsPage($key: String!, $first: Int) {\n    environment(key: $key) { experiments(first: $first) { edges { node { id } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoundsMetricsPage($key: String!, $last: Int) {\n    environment(key: $key) { metrics(last: $last, before: \"x\") { edges { node { id } } } }\n  }\n"): (typeof documents)["\n  query BoundsMetricsPage($key: String!, $last: Int) {\n    environment(key: $key) { metrics(last: $last, before: \"x\") { edges { node { id } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoundsAuditPage($key: String!, $first: Int) {\n    auditLog(environmentKey: $key, first: $first) { edges { node { action } } }\n  }\n"): (typeof documents)["\n  query BoundsAuditPage($key: String!, $first: Int) {\n    auditLog(environmentKey: $key, first: $first) { edges { node { action } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoundsTokensPage($first: Int) {\n    apiTokens(first: $first) { edges { node { name } } }\n  }\n"): (typeof documents)["\n  query BoundsTokensPage($first: Int) {\n    apiTokens(first: $first) { edges { node { name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment CatalogMetric on Metric {\n  id name description kind aggregation polarity status windowHours createdAt\n  monitoring { enabled interval sensitivity }\n  definition { ... on EventMetricDefinition { event filters { property operator values } } }\n}"): (typeof documents)["fragment CatalogMetric on Metric {\n  id name description kind aggregation polarity status windowHours createdAt\n  monitoring { enabled interval sensitivity }\n  definition { ... on EventMetricDefinition { event filters { property operator values } } }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CatalogCreate($input: CreateMetricInput!) { createMetric(input: $input) { metric { ...CatalogMetric } errors { code message field } } }"): (typeof documents)["mutation CatalogCreate($input: CreateMetricInput!) { createMetric(input: $input) { metric { ...CatalogMetric } errors { code message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CatalogUpdate($input: UpdateMetricInput!) { updateMetric(input: $input) { metric { ...CatalogMetric } errors { code message field } } }"): (typeof documents)["mutation CatalogUpdate($input: UpdateMetricInput!) { updateMetric(input: $input) { metric { ...CatalogMetric } errors { code message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CatalogDelete($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message field } } }"): (typeof documents)["mutation CatalogDelete($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CatalogAttach($input: AttachMetricInput!) { attachMetric(input: $input) {\n  experimentMetric { role expectedDirection metric { name } experiment { key resourceVersion } } errors { code message field } } }"): (typeof documents)["mutation CatalogAttach($input: AttachMetricInput!) { attachMetric(input: $input) {\n  experimentMetric { role expectedDirection metric { name } experiment { key resourceVersion } } errors { code message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CatalogDetach($input: DetachMetricInput!) { detachMetric(input: $input) {\n  experiment { id key resourceVersion metrics { metric { name } } } errors { code message field } } }"): (typeof documents)["mutation CatalogDetach($input: DetachMetricInput!) { detachMetric(input: $input) {\n  experiment { id key resourceVersion metrics { metric { name } } } errors { code message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CatalogList($env: String!, $status: MetricStatus, $first: Int, $after: String) {\n  environment(key: $env) { metrics(status: $status, first: $first, after: $after) {\n    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name status } } } } }"): (typeof documents)["query CatalogList($env: String!, $status: MetricStatus, $first: Int, $after: String) {\n  environment(key: $env) { metrics(status: $status, first: $first, after: $after) {\n    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name status } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CatalogAudit($env: String!, $entity: ID) { auditLog(environmentKey: $env, entityId: $entity) {\n  edges { node { entityType entityId action before after actorName } } } }"): (typeof documents)["query CatalogAudit($env: String!, $entity: ID) { auditLog(environmentKey: $env, entityId: $entity) {\n  edges { node { entityType entityId action before after actorName } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CatalogNodeId($id: ID!) { node(id: $id) { id } }"): (typeof documents)["query CatalogNodeId($id: ID!) { node(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CatalogVersion($id: ID!) { node(id: $id) { ... on Experiment { resourceVersion } } }"): (typeof documents)["query CatalogVersion($id: ID!) { node(id: $id) { ... on Experiment { resourceVersion } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CatalogExperimentMetrics($id: ID!) { node(id: $id) { ... on Experiment { metrics { metric { name status } } } } }"): (typeof documents)["query CatalogExperimentMetrics($id: ID!) { node(id: $id) { ... on Experiment { metrics { metric { name status } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CatalogMetricAttachments($id: ID!) {\n  node(id: $id) { ... on Metric { name attachments { role expectedDirection experiment { key } metric { name } } } }\n}"): (typeof documents)["query CatalogMetricAttachments($id: ID!) {\n  node(id: $id) { ... on Metric { name attachments { role expectedDirection experiment { key } metric { name } } } }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MetricResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results {\n  metrics { metric { name } role verdict variants { variant { key } n mean variance sum }\n    comparisons { variant { key } significant verdict absoluteLift { estimate } } } } } }"): (typeof documents)["query MetricResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results {\n  metrics { metric { name } role verdict variants { variant { key } n mean variance sum }\n    comparisons { variant { key } significant verdict absoluteLift { estimate } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MetricResultVerdicts($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { metrics { metric { name } result { verdict } } }\n}"): (typeof documents)["query MetricResultVerdicts($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { metrics { metric { name } result { verdict } } }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MonitoringSeries($id: ID!, $from: DateTime!, $to: DateTime!) {\n    node(id: $id) {\n      ... on Metric {\n        name\n        hourly: series(from: $from, to: $to, interval: HOUR) { bucket value anomaly { id } }\n        daily: series(from: $from, to: $to, interval: DAY) { bucket value }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MonitoringSeries($id: ID!, $from: DateTime!, $to: DateTime!) {\n    node(id: $id) {\n      ... on Metric {\n        name\n        hourly: series(from: $from, to: $to, interval: HOUR) { bucket value anomaly { id } }\n        daily: series(from: $from, to: $to, interval: DAY) { bucket value }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MonitoringAllSeries($env: String!, $from: DateTime!, $to: DateTime!) {\n    environment(key: $env) {\n      metrics(first: 5) { edges { node { name series(from: $from, to: $to, interval: DAY) { value } again: series(from: $from, to: $to, interval: HOUR) { value anomaly { id } } } } }\n    }\n  }\n"): (typeof documents)["\n  query MonitoringAllSeries($env: String!, $from: DateTime!, $to: DateTime!) {\n    environment(key: $env) {\n      metrics(first: 5) { edges { node { name series(from: $from, to: $to, interval: DAY) { value } again: series(from: $from, to: $to, interval: HOUR) { value anomaly { id } } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MonitoringSignals($env: String!, $status: AnomalyStatus) {\n    environment(key: $env) {\n      anomalySignals(first: 20, status: $status) {\n        totalCount\n        edges { node { id bucket observed expected lower upper score direction severity status interval detectedAt acknowledgedAt resolvedAt metric { name } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MonitoringSignals($env: String!, $status: AnomalyStatus) {\n    environment(key: $env) {\n      anomalySignals(first: 20, status: $status) {\n        totalCount\n        edges { node { id bucket observed expected lower upper score direction severity status interval detectedAt acknowledgedAt resolvedAt metric { name } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MonitoringMetricSignals($id: ID!, $from: DateTime!, $to: DateTime!) {\n    node(id: $id) {\n      ... on Metric {\n        anomalySignals(first: 5) { totalCount edges { node { id status } } }\n        series(from: $from, to: $to, interval: HOUR) { bucket value anomaly { id direction } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MonitoringMetricSignals($id: ID!, $from: DateTime!, $to: DateTime!) {\n    node(id: $id) {\n      ... on Metric {\n        anomalySignals(first: 5) { totalCount edges { node { id status } } }\n        series(from: $from, to: $to, interval: HOUR) { bucket value anomaly { id direction } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MonitoringAcknowledge($id: ID!) {\n    acknowledgeAnomaly(id: $id) { anomalySignal { id status acknowledgedAt } errors { code message field } }\n  }\n"): (typeof documents)["\n  mutation MonitoringAcknowledge($id: ID!) {\n    acknowledgeAnomaly(id: $id) { anomalySignal { id status acknowledgedAt } errors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MonitoringSignalNode($id: ID!) { node(id: $id) { id ... on AnomalySignal { status metric { name } } } }\n"): (typeof documents)["\n  query MonitoringSignalNode($id: ID!) { node(id: $id) { id ... on AnomalySignal { status metric { name } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MonitoringSignalAudit($env: String!) {\n    auditLog(environmentKey: $env, entityType: ANOMALY_SIGNAL, first: 5) { edges { node { action entityId actorName before after } } }\n  }\n"): (typeof documents)["\n  query MonitoringSignalAudit($env: String!) {\n    auditLog(environmentKey: $env, entityType: ANOMALY_SIGNAL, first: 5) { edges { node { action entityId actorName before after } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MonitoringDeleteMetric($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message } } }\n"): (typeof documents)["\n  mutation MonitoringDeleteMetric($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountsOneResults($env: String!, $key: String!) {\n    experiment(environmentKey: $env, key: $key) { results { multipleExposures metrics { variants { n } } } }\n  }\n"): (typeof documents)["\n  query CountsOneResults($env: String!, $key: String!) {\n    experiment(environmentKey: $env, key: $key) { results { multipleExposures metrics { variants { n } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountsManyResults($env: String!, $key: String!) {\n    experiment(environmentKey: $env, key: $key) {\n      results { frozen exposures { subjects } metrics { metric { name } variants { n mean } } }\n      strict: results(alpha: 0.01) { alpha metrics { comparisons { significant } } }\n      loose: results(alpha: 0.2) { alpha sampleRatioMismatch { pValue } }\n      metrics { role metric { name } result { verdict variants { sum } } again: result { comparisons { pValue } } }\n    }\n  }\n"): (typeof documents)["\n  query CountsManyResults($env: String!, $key: String!) {\n    experiment(environmentKey: $env, key: $key) {\n      results { frozen exposures { subjects } metrics { metric { name } variants { n mean } } }\n      strict: results(alpha: 0.01) { alpha metrics { comparisons { significant } } }\n      loose: results(alpha: 0.2) { alpha sampleRatioMismatch { pValue } }\n      metrics { role metric { name } result { verdict variants { sum } } again: result { comparisons { pValue } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountsTwoExperiments($env: String!, $a: String!, $b: String!) {\n    a: experiment(environmentKey: $env, key: $a) { results { metrics { verdict } } metrics { result { verdict } } }\n    b: experiment(environmentKey: $env, key: $b) { results { metrics { verdict } } again: results(alpha: 0.1) { alpha } }\n  }\n"): (typeof documents)["\n  query CountsTwoExperiments($env: String!, $a: String!, $b: String!) {\n    a: experiment(environmentKey: $env, key: $a) { results { metrics { verdict } } metrics { result { verdict } } }\n    b: experiment(environmentKey: $env, key: $b) { results { metrics { verdict } } again: results(alpha: 0.1) { alpha } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountsMetadata($env: String!) {\n    environment(key: $env) {\n      experiments(first: 20, status: ACTIVE) {\n        totalCount\n        edges { node { id key name status resourceVersion featureName\n          variants { key name isControl }\n          activeCohort { index allocations { split variant { key } } }\n          winningVariant { key } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CountsMetadata($env: String!) {\n    environment(key: $env) {\n      experiments(first: 20, status: ACTIVE) {\n        totalCount\n        edges { node { id key name status resourceVersion featureName\n          variants { key name isControl }\n          activeCohort { index allocations { split variant { key } } }\n          winningVariant { key } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CountsAssign($input: AssignSubjectInput!) {\n    assignSubject(input: $input) { assignment { subjectId reason variant { key } } errors { code message } }\n  }\n"): (typeof documents)["\n  mutation CountsAssign($input: AssignSubjectInput!) {\n    assignSubject(input: $input) { assignment { subjectId reason variant { key } } errors { code message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EngineLimitsResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    id resourceVersion\n    results { frozen exposures { variant { key } subjects } metrics { metric { name } variants { variant { key } n sum mean } } }\n  }\n}"): (typeof documents)["query EngineLimitsResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    id resourceVersion\n    results { frozen exposures { variant { key } subjects } metrics { metric { name } variants { variant { key } n sum mean } } }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EngineLimitsExperiment($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { id resourceVersion }\n}"): (typeof documents)["query EngineLimitsExperiment($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { id resourceVersion }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EngineResults($env: String!, $key: String!, $analysis: ResultsAnalysisInput) {\n  experiment(environmentKey: $env, key: $key) {\n    results(analysis: $analysis) {\n      frozen\n      analysis { alpha method correction cuped }\n      exposures { variant { key } subjects }\n      health {\n        sampleRatioMismatch { chiSquare degreesOfFreedom pValue mismatch cohorts }\n        multipleExposures { subjects share warning }\n        lowData { variant { key } subjects minimum }\n        guardrailBreaches { metric { name } variant { key } }\n      }\n      metrics { metric { name } role verdict variants { variant { key } n mean variance sum } }\n    }\n  }\n}"): (typeof documents)["query EngineResults($env: String!, $key: String!, $analysis: ResultsAnalysisInput) {\n  experiment(environmentKey: $env, key: $key) {\n    results(analysis: $analysis) {\n      frozen\n      analysis { alpha method correction cuped }\n      exposures { variant { key } subjects }\n      health {\n        sampleRatioMismatch { chiSquare degreesOfFreedom pValue mismatch cohorts }\n        multipleExposures { subjects share warning }\n        lowData { variant { key } subjects minimum }\n        guardrailBreaches { metric { name } variant { key } }\n      }\n      metrics { metric { name } role verdict variants { variant { key } n mean variance sum } }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EngineComparisons($env: String!, $key: String!, $analysis: ResultsAnalysisInput) {\n  experiment(environmentKey: $env, key: $key) {\n    results(analysis: $analysis) {\n      metrics { metric { name } role\n        comparisons { pValue relativePValue significant chanceToWin risk { control } adjustedPValue notComputable\n          absoluteLift { estimate ciLower ciUpper }\n          cuped { theta varianceReduction unadjusted { absoluteLift { estimate ciLower ciUpper } } } }\n      }\n    }\n  }\n}"): (typeof documents)["query EngineComparisons($env: String!, $key: String!, $analysis: ResultsAnalysisInput) {\n  experiment(environmentKey: $env, key: $key) {\n    results(analysis: $analysis) {\n      metrics { metric { name } role\n        comparisons { pValue relativePValue significant chanceToWin risk { control } adjustedPValue notComputable\n          absoluteLift { estimate ciLower ciUpper }\n          cuped { theta varianceReduction unadjusted { absoluteLift { estimate ciLower ciUpper } } } }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EngineTwoAnalyses($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    a: results(analysis: { cuped: true, correction: HOLM }) { metrics { comparisons { pValue } } }\n    b: results(analysis: { method: BAYESIAN }) { metrics { comparisons { chanceToWin } } }\n    c: resultsOverTime(interval: DAY) { bucketEnd results { exposures { subjects } } }\n  }\n}"): (typeof documents)["query EngineTwoAnalyses($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    a: results(analysis: { cuped: true, correction: HOLM }) { metrics { comparisons { pValue } } }\n    b: results(analysis: { method: BAYESIAN }) { metrics { comparisons { chanceToWin } } }\n    c: resultsOverTime(interval: DAY) { bucketEnd results { exposures { subjects } } }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EngineOverTime($env: String!, $key: String!, $interval: BucketInterval) {\n  experiment(environmentKey: $env, key: $key) {\n    resultsOverTime(interval: $interval) { bucketEnd results { exposures { variant { key } subjects }\n      metrics { metric { name } variants { variant { key } n sum } comparisons { absoluteLift { estimate ciLower ciUpper } } } } }\n  }\n}"): (typeof documents)["query EngineOverTime($env: String!, $key: String!, $interval: BucketInterval) {\n  experiment(environmentKey: $env, key: $key) {\n    resultsOverTime(interval: $interval) { bucketEnd results { exposures { variant { key } subjects }\n      metrics { metric { name } variants { variant { key } n sum } comparisons { absoluteLift { estimate ciLower ciUpper } } } } }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EngineSnapshots($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    id resourceVersion\n    snapshots(first: 3) { totalCount edges { node { trigger slot takenAt settings { alpha method correction cuped }\n      results { frozen computedAt metrics { metric { name } variants { variant { key } n mean variance sum } } } } } }\n  }\n}"): (typeof documents)["query EngineSnapshots($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    id resourceVersion\n    snapshots(first: 3) { totalCount edges { node { trigger slot takenAt settings { alpha method correction cuped }\n      results { frozen computedAt metrics { metric { name } variants { variant { key } n mean variance sum } } } } } }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation EngineUpdateMetric($input: UpdateMetricInput!) {\n  updateMetric(input: $input) { metric { id } errors { code field } } }"): (typeof documents)["mutation EngineUpdateMetric($input: UpdateMetricInput!) {\n  updateMetric(input: $input) { metric { id } errors { code field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EngineMetric($id: ID!) {\n  node(id: $id) { ... on Metric { aggregation cuped { preExposureDays } prior { mean stddev }\n    definition { __typename ... on RatioEventMetricDefinition { numerator { event aggregation } denominator { event aggregation } } } } }\n}"): (typeof documents)["query EngineMetric($id: ID!) {\n  node(id: $id) { ... on Metric { aggregation cuped { preExposureDays } prior { mean stddev }\n    definition { __typename ... on RatioEventMetricDefinition { numerator { event aggregation } denominator { event aggregation } } } } }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query E2eResults($env: String!, $key: String!, $alpha: Float) {\n  experiment(environmentKey: $env, key: $key) {\n    results(alpha: $alpha) {\n      alpha frozen multipleExposures computedAt\n      exposures { variant { key } subjects expectedShare observedShare }\n      sampleRatioMismatch { chiSquare pValue mismatch }\n      metrics {\n        metric { name } role verdict\n        variants { variant { key } n mean variance sum }\n        comparisons { variant { key } pValue significant verdict\n          absoluteLift { estimate ciLower ciUpper } relativeLift { estimate ciLower ciUpper } }\n      }\n    }\n  }\n}"): (typeof documents)["query E2eResults($env: String!, $key: String!, $alpha: Float) {\n  experiment(environmentKey: $env, key: $key) {\n    results(alpha: $alpha) {\n      alpha frozen multipleExposures computedAt\n      exposures { variant { key } subjects expectedShare observedShare }\n      sampleRatioMismatch { chiSquare pValue mismatch }\n      metrics {\n        metric { name } role verdict\n        variants { variant { key } n mean variance sum }\n        comparisons { variant { key } pValue significant verdict\n          absoluteLift { estimate ciLower ciUpper } relativeLift { estimate ciLower ciUpper } }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query E2eMetricResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    results { metrics { metric { name } verdict variants { n mean } } }\n    metrics { role metric { name } result { metric { name } verdict variants { n mean } } }\n  }\n}"): (typeof documents)["query E2eMetricResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) {\n    results { metrics { metric { name } verdict variants { n mean } } }\n    metrics { role metric { name } result { metric { name } verdict variants { n mean } } }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LiveSignalsCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) { token apiToken { id } errors { code message } }\n  }\n"): (typeof documents)["\n  mutation LiveSignalsCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) { token apiToken { id } errors { code message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LiveSignalsRevokeToken($id: ID!) { revokeApiToken(id: $id) { errors { code message } } }\n"): (typeof documents)["\n  mutation LiveSignalsRevokeToken($id: ID!) { revokeApiToken(id: $id) { errors { code message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LiveSignalsAcknowledge($id: ID!) { acknowledgeAnomaly(id: $id) { errors { code message } } }\n"): (typeof documents)["\n  mutation LiveSignalsAcknowledge($id: ID!) { acknowledgeAnomaly(id: $id) { errors { code message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription LiveAnalysis($environmentKey: String!, $experimentKey: String!, $analysis: ResultsAnalysisInput) {\n  experimentResults(environmentKey: $environmentKey, experimentKey: $experimentKey, analysis: $analysis) {\n    analysis { method correction cuped }\n    metrics { comparisons { chanceToWin relativePValue } }\n  }\n}"): (typeof documents)["subscription LiveAnalysis($environmentKey: String!, $experimentKey: String!, $analysis: ResultsAnalysisInput) {\n  experimentResults(environmentKey: $environmentKey, experimentKey: $experimentKey, analysis: $analysis) {\n    analysis { method correction cuped }\n    metrics { comparisons { chanceToWin relativePValue } }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LiveCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) { token apiToken { id } errors { code message } }\n  }\n"): (typeof documents)["\n  mutation LiveCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) { token apiToken { id } errors { code message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LiveRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) { errors { code message } }\n  }\n"): (typeof documents)["\n  mutation LiveRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) { errors { code message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReadLimitsResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { status resourceVersion results { metrics { variants { n sum } } } }\n}"): (typeof documents)["query ReadLimitsResults($env: String!, $key: String!) {\n  experiment(environmentKey: $env, key: $key) { status resourceVersion results { metrics { variants { n sum } } } }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReadLimitsVersion($env: String!, $key: String!) {\n      experiment(environmentKey: $env, key: $key) { resourceVersion }\n    }"): (typeof documents)["query ReadLimitsVersion($env: String!, $key: String!) {\n      experiment(environmentKey: $env, key: $key) { resourceVersion }\n    }"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;