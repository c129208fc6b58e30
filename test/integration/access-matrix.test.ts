/**
 * The access matrix, generated from the schema: every root field of Query, Mutation and (when the
 * schema has one) Subscription is called by every kind of caller against its own environment and
 * against another one, and the outcome is checked against TABLE below, which is the spec.
 *
 * Adding a root field without a TABLE row and a FIXTURES entry fails the completeness test, so
 * the table stays complete: a new field needs one line in each (see `viewer` or `trackEvents`).
 *
 * The operations are generated at run time from the schema, so they are inherently untyped: they
 * go through the plain `gql` helper rather than typed documents.
 *
 * Outcomes:
 * - allow: the field answered (a payload with `errors: []`, or a non-null value that shows the
 *   target environment);
 * - deny: a top-level error whose extensions.code is UNAUTHENTICATED, FORBIDDEN or NOT_FOUND; a
 *   payload whose errors are all FORBIDDEN or NOT_FOUND; or `null` / a list without the target
 *   for reads that hide what the caller cannot see;
 * - anything else (a masked error, VALIDATION, a payload error of another code) fails the test:
 *   the fixture or the server is wrong.
 */
import {
  getNamedType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaClient } from '../../src/db/prisma-ref.js';
import { schema } from '../../src/graphql/schema.js';
import { twoVariantExperiment } from '../fixtures/experiments.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

type Verdict = 'allow' | 'deny';
/**
 * A caller, relative to the target environment: no credentials; an unknown bearer token; the
 * bootstrap token (ADMIN in every environment); a token with that role in the target; a token
 * with any role in another environment only; the target's environment key; another
 * environment's key.
 */
type Caller = 'none' | 'invalid' | 'globalAdmin' | 'ADMIN' | 'EDITOR' | 'VIEWER' | 'otherEnvToken' | 'envKey' | 'otherEnvKey';

/**
 * The spec. One row per root field (`node(Type)` rows: node with an id of that type). Reads that
 * hide invisible objects answer `null` (or leave them out of a list): that counts as deny.
 */
const TABLE: Record<string, Record<Caller, Verdict>> = {
  // Query
  assignment: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'allow', otherEnvToken: 'deny', envKey: 'allow', otherEnvKey: 'deny' },
  auditLog: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'deny', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  environment: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'allow', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  environments: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'allow', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  experiment: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'allow', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  'node(Experiment)': { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'allow', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  'node(Metric)': { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'allow', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  'node(Environment)': { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'allow', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  // A token is visible to itself, to global ADMINs and to ADMINs of every environment it is granted.
  'node(ApiToken)': { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'deny', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  'node(FactTable)': { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'allow', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  'node(AnomalySignal)': { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'allow', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  apiTokens: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'deny', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  viewer: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'allow', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  // Mutation
  acknowledgeAnomaly: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  addCohort: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  archiveExperiment: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  assignSubject: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'allow', otherEnvKey: 'deny' },
  attachMetric: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  createApiToken: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'deny', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  createEnvironment: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'deny', EDITOR: 'deny', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  createExperiment: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  createFactTable: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  updateFactTable: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  deleteFactTable: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'deny', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  previewFactTable: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  createMetric: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  declareWinner: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  deleteExperiment: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'deny', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  revokeApiToken: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'deny', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  deleteMetric: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'deny', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  detachMetric: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  endExperiment: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  startExperiment: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  trackEvents: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'allow', otherEnvKey: 'deny' },
  updateExperiment: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  updateMetric: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'deny', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  // Subscription (over SSE here; graphql-ws refuses all but tokens at connect, test/integration/subscriptions.test.ts)
  anomalySignals: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'allow', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
  experimentResults: { none: 'deny', invalid: 'deny', globalAdmin: 'allow', ADMIN: 'allow', EDITOR: 'allow', VIEWER: 'allow', otherEnvToken: 'deny', envKey: 'deny', otherEnvKey: 'deny' },
};

/** One environment of the matrix, with the objects the fixtures point at (made by the bootstrap token). */
interface Target {
  key: string;
  id: string;
  /** ACTIVE experiment with one assigned subject (ASSIGNED_SUBJECT). */
  active: { id: string; key: string };
  /** ACTIVE metric, attachable. */
  metricId: string;
  /** A VIEWER token granted in this environment only (not one of the callers). */
  apiTokenId: string;
  /** A fact table over the environment's events. */
  factTableId: string;
}

interface Fixture {
  /** Argument values for the target (a fresh object per call where the call changes it). */
  args(target: Target): Promise<Record<string, unknown>>;
  /** Selection replacing the generated one (`{ __typename }`, plus `errors { code }` for payloads). */
  select?: string;
  /** For reads that answer without an error: whether the answer shows the target (else deny). */
  shows?(data: any, target: Target): boolean;
}

const ASSIGNED_SUBJECT = 'matrix-subject';
let serial = 0;
/** A fresh name for objects created by fixtures (unique within the run). */
const fresh = (prefix: string) => `${prefix}-${++serial}`;

const FIXTURES: Record<string, Fixture> = {
  assignment: { args: async (t) => ({ environmentKey: t.key, experimentKey: t.active.key, subjectId: ASSIGNED_SUBJECT }) },
  auditLog: { args: async (t) => ({ environmentKey: t.key }) },
  environment: { args: async (t) => ({ key: t.key }) },
  environments: { args: async () => ({}), select: '{ key }', shows: (list: { key: string }[], t) => list.some((e) => e.key === t.key) },
  experiment: { args: async (t) => ({ environmentKey: t.key, key: t.active.key }) },
  'node(Experiment)': { args: async (t) => ({ id: t.active.id }) },
  'node(Metric)': { args: async (t) => ({ id: t.metricId }) },
  'node(Environment)': { args: async (t) => ({ id: t.id }) },
  'node(ApiToken)': { args: async (t) => ({ id: t.apiTokenId }) },
  'node(AnomalySignal)': { args: async (t) => ({ id: await createSignal(t) }) },
  'node(FactTable)': { args: async (t) => ({ id: t.factTableId }) },
  createFactTable: { args: async (t) => ({ input: factTableInput(t.key) }) },
  updateFactTable: { args: async (t) => ({ input: { id: t.factTableId, description: fresh('description') } }) },
  deleteFactTable: { args: async (t) => ({ id: await createFactTable(t.key) }) },
  previewFactTable: { args: async (t) => ({ input: { environmentKey: t.key, sql: 'SELECT event FROM events', limit: 1 } }) },
  acknowledgeAnomaly: { args: async (t) => ({ id: await createSignal(t) }) },
  apiTokens: {
    args: async () => ({}),
    select: '{ edges { node { id } } }',
    shows: (c: { edges: { node: { id: string } }[] }, t) => c.edges.some((e) => e.node.id === t.apiTokenId),
  },
  viewer: {
    args: async () => ({}),
    select: '{ grants { environment { key } } }',
    shows: (v: { grants: { environment: { key: string } }[] }, t) => v.grants.some((g) => g.environment.key === t.key),
  },
  addCohort: {
    args: async (t) => {
      const e = await createExperiment(t.key);
      return { input: { experimentId: e.id, expectedResourceVersion: e.resourceVersion, allocations: ALLOCATIONS } };
    },
  },
  archiveExperiment: { args: async (t) => ({ input: await transition(await createExperiment(t.key)) }) },
  assignSubject: {
    args: async (t) => ({ input: { environmentKey: t.key, experimentKey: t.active.key, subjectId: fresh('subject'), trackExposure: false } }),
  },
  attachMetric: {
    args: async (t) => ({ input: { experimentId: (await createExperiment(t.key)).id, metricId: t.metricId } }),
  },
  createApiToken: { args: async (t) => ({ input: { name: fresh('token'), grants: [{ environmentKey: t.key, role: 'VIEWER' }] } }) },
  createEnvironment: { args: async () => ({ input: { name: fresh('env'), key: fresh('matrix-new') } }) },
  createExperiment: { args: async (t) => ({ input: twoVariantExperiment(t.key, fresh('EXP')) }) },
  createMetric: {
    args: async (t) => ({ input: { environmentKey: t.key, name: fresh('metric'), aggregation: 'COUNT', definition: { event: { event: 'purchase' } } } }),
  },
  declareWinner: {
    args: async (t) => ({ input: { ...(await transition(await createExperiment(t.key, { start: true }))), variantKey: 'TREATMENT' } }),
  },
  deleteMetric: { args: async (t) => ({ id: await createMetric(t.key) }) },
  deleteExperiment: { args: async (t) => ({ id: (await createExperiment(t.key)).id }) },
  revokeApiToken: { args: async (t) => ({ id: (await createToken(t.key, 'VIEWER')).id }) },
  detachMetric: {
    args: async (t) => {
      const e = await createExperiment(t.key);
      await ok('attachMetric', 'mutation($input: AttachMetricInput!) { attachMetric(input: $input) { errors { code message } } }', {
        input: { experimentId: e.id, metricId: t.metricId },
      });
      return { input: { experimentId: e.id, metricId: t.metricId } };
    },
  },
  endExperiment: {
    args: async (t) => ({ input: { ...(await transition(await createExperiment(t.key, { start: true }))), reason: 'OTHER' } }),
  },
  startExperiment: { args: async (t) => ({ input: await transition(await createExperiment(t.key)) }) },
  trackEvents: { args: async (t) => ({ input: { environmentKey: t.key, events: [{ event: 'matrix', identifier: fresh('u') }] } }) },
  updateExperiment: {
    args: async (t) => {
      const e = await createExperiment(t.key);
      return { input: { id: e.id, expectedResourceVersion: e.resourceVersion, name: 'Renamed' } };
    },
  },
  updateMetric: { args: async (t) => ({ input: { id: t.metricId, description: fresh('description') } }) },
  anomalySignals: {
    // The first event of an allowed subscriber is a signal: one is announced (as the monitoring
    // service announces it) every 500 ms for a few seconds, so the SSE stream has one to send.
    args: async (t) => {
      const id = decodeGlobalID(await createSignal(t)).id;
      const signal = await prismaClient().anomalySignal.findUniqueOrThrow({ where: { id } });
      let n = 0;
      const timer = setInterval(() => {
        if (++n > 16) clearInterval(timer);
        else app().services.realtime.bus.publish('signalChanged', { id, environmentId: signal.environmentId, metricId: signal.metricId });
      }, 500);
      return { environmentKey: t.key };
    },
  },
  experimentResults: { args: async (t) => ({ environmentKey: t.key, experimentKey: t.active.key }) },
};

/** The app under test (set in beforeAll). */
const app = () => t.app;

const ALLOCATIONS = [
  { variantKey: 'CONTROL', split: 0.3 },
  { variantKey: 'TREATMENT', split: 0.7 },
];

// ---------------------------------------------------------------------------------------------
// Generation: one operation per TABLE row, from the schema.

type OperationKind = 'query' | 'mutation' | 'subscription';

interface RootField {
  kind: OperationKind;
  field: GraphQLField<unknown, unknown>;
}

/** Every root field of the schema, by name (Subscription included when the schema has one). */
function rootFields(): Map<string, RootField> {
  const roots: [OperationKind, GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  const fields = new Map<string, RootField>();
  for (const [kind, type] of roots) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      // Rows are keyed by field name alone: a name on two roots would make the table ambiguous.
      if (fields.has(field.name)) throw new Error(`root field ${field.name} is on two root types`);
      fields.set(field.name, { kind, field });
    }
  }
  return fields;
}

const ROOTS = rootFields();
const fieldOf = (row: string) => row.replace(/\(.*\)$/, '');

/** Whether a field returns a mutation payload (an object with `errors: [UserError!]!`). */
function isPayload(field: GraphQLField<unknown, unknown>): boolean {
  const type = getNamedType(field.type);
  return isObjectType(type) && getNamedType(type.getFields().errors?.type)?.name === 'UserError';
}

/**
 * `__typename`, plus `errors { code }` for payloads and `pageInfo { hasNextPage }` for
 * connections: Pothos' prismaConnection does not call its resolver (nor its access check) for a
 * selection of `__typename` alone, so that would answer for anyone without reading anything.
 */
function defaultSelection(field: GraphQLField<unknown, unknown>): string {
  const type = getNamedType(field.type);
  if (isPayload(field)) return '{ __typename errors { code } }';
  if (isObjectType(type) && type.getFields().edges && type.getFields().pageInfo) return '{ __typename pageInfo { hasNextPage } }';
  return '{ __typename }';
}

/**
 * The operation for a row: every argument the fixture gives becomes a variable of the argument's
 * type; a required argument without a value is a fixture error.
 */
function operation(row: string, args: Record<string, unknown>): string {
  const { kind, field } = ROOTS.get(fieldOf(row))!;
  for (const arg of field.args) {
    if (isNonNullType(arg.type) && arg.defaultValue === undefined && !(arg.name in args)) {
      throw new Error(`FIXTURES.${row} gives no value for the required argument ${arg.name}`);
    }
  }
  const given = field.args.filter((a) => a.name in args);
  const unknown = Object.keys(args).filter((name) => !field.args.some((a) => a.name === name));
  if (unknown.length) throw new Error(`FIXTURES.${row} gives arguments ${unknown.join(', ')} that ${field.name} does not have`);
  const variables = given.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const passed = given.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = FIXTURES[row]!.select ?? defaultSelection(field);
  return `${kind} Matrix${variables ? `(${variables})` : ''} { ${field.name}${passed ? `(${passed})` : ''} ${selection} }`;
}

// ---------------------------------------------------------------------------------------------
// Execution and classification.

type Credentials = { token: string | null; environmentKey?: string };
interface Outcome {
  verdict: Verdict | 'unexpected';
  detail: string;
}

let t: TestApp;
const targets: Target[] = [];
/** The callers for a target: its class in TABLE and the credentials sent. */
const callers = new Map<string, { caller: Caller; name: string; credentials: Credentials }[]>();

/** Runs an operation (queries and mutations as POST; subscriptions over SSE, first event only). */
async function execute(kind: OperationKind, query: string, variables: Record<string, unknown>, credentials: Credentials) {
  const headers = credentials.environmentKey ? { 'x-environment-key': credentials.environmentKey } : undefined;
  if (kind !== 'subscription') return t.gql(query, variables, { token: credentials.token, headers });
  return firstSseEvent(query, variables, credentials);
}

/**
 * The first result of an operation served as Server-Sent Events (how Yoga serves subscriptions
 * over HTTP); the stream is then closed.
 */
async function firstSseEvent(query: string, variables: Record<string, unknown>, credentials: Credentials): Promise<{ data?: any; errors?: any[] }> {
  const abort = new AbortController();
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    signal: abort.signal,
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(credentials.token ? { authorization: `Bearer ${credentials.token}` } : {}),
      ...(credentials.environmentKey ? { 'x-environment-key': credentials.environmentKey } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  if (!(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) return res.json();
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  const timer = setTimeout(() => abort.abort(), 10_000);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('event stream ended without a result');
      buffered += value;
      const data = /(?:^|\n)event: next\ndata: (.*)\n\n/.exec(buffered)?.[1];
      if (data) return JSON.parse(data);
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

const DENY_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);

/** Classifies a response of the root field `name` (see the file comment). */
function classify(row: string, result: { data?: any; errors?: any[] }, target: Target): Outcome {
  const { field } = ROOTS.get(fieldOf(row))!;
  const value = result.data?.[field.name];
  if (result.errors?.length) {
    const codes = result.errors.map((e) => e.extensions?.code ?? `no code: ${e.message}`);
    const denied = codes.every((c) => DENY_CODES.has(c)) && value == null;
    return { verdict: denied ? 'deny' : 'unexpected', detail: `top-level ${codes.join(', ')}` };
  }
  if (isPayload(field)) {
    const codes: string[] = value.errors.map((e: { code: string }) => e.code);
    if (codes.length === 0) return { verdict: 'allow', detail: 'payload without errors' };
    return { verdict: codes.every((c) => DENY_CODES.has(c)) ? 'deny' : 'unexpected', detail: `payload ${codes.join(', ')}` };
  }
  if (value == null) return { verdict: 'deny', detail: 'null' };
  const shows = FIXTURES[row]!.shows;
  if (shows && !shows(value, target)) return { verdict: 'deny', detail: 'answer without the target environment' };
  return { verdict: 'allow', detail: 'answered' };
}

// ---------------------------------------------------------------------------------------------
// Set-up helpers (bootstrap token).

/** Runs an operation with the bootstrap token and returns data[field]; throws on any error. */
async function ok(field: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const r = await t.gql(query, variables);
  const value = r.data?.[field];
  if (r.errors?.length || !value || value.errors?.length) throw new Error(`${field}: ${JSON.stringify(r)}`);
  return value;
}

async function createExperiment(environmentKey: string, opts: { start?: boolean } = {}) {
  const { experiment } = await ok(
    'createExperiment',
    'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { experiment { id key resourceVersion } errors { code message } } }',
    { input: twoVariantExperiment(environmentKey, fresh('EXP')) },
  );
  if (!opts.start) return experiment as { id: string; key: string; resourceVersion: number };
  const started = await ok(
    'startExperiment',
    'mutation($input: TransitionInput!) { startExperiment(input: $input) { experiment { id key resourceVersion } errors { code message } } }',
    { input: await transition(experiment) },
  );
  return started.experiment as { id: string; key: string; resourceVersion: number };
}

async function transition(e: { id: string; resourceVersion: number }) {
  return { experimentId: e.id, expectedResourceVersion: e.resourceVersion };
}

/** An OPEN anomaly signal on the target's metric (stored directly: detection has its own tests); its global id. */
async function createSignal(t: Target): Promise<string> {
  const metricId = decodeGlobalID(t.metricId).id;
  const metric = await prismaClient().metric.findUniqueOrThrow({ where: { id: metricId } });
  const signal = await prismaClient().anomalySignal.create({
    data: {
      environmentId: metric.environmentId, metricId, interval: 'HOUR', bucket: new Date(Date.UTC(2026, 0, 1) + ++serial * 3_600_000),
      observed: 100, expected: 10, lower: 5, upper: 15, score: 9, direction: 'UP', severity: 'HIGH',
    },
  });
  return encodeGlobalID('AnomalySignal', signal.id);
}

async function createMetric(environmentKey: string): Promise<string> {
  const { metric } = await ok(
    'createMetric',
    'mutation($input: CreateMetricInput!) { createMetric(input: $input) { metric { id } errors { code message } } }',
    { input: { environmentKey, name: fresh('metric'), aggregation: 'COUNT', definition: { event: { event: 'purchase' } } } },
  );
  return metric.id;
}

/** A fact table over the environment's own events (no loaded table needed). */
function factTableInput(environmentKey: string) {
  return { environmentKey, name: fresh('facts'), sql: 'SELECT identifier, timestamp FROM events', timestampColumn: 'timestamp', identifierColumns: ['identifier'] };
}

async function createFactTable(environmentKey: string): Promise<string> {
  const { factTable } = await ok(
    'createFactTable',
    'mutation($input: CreateFactTableInput!) { createFactTable(input: $input) { factTable { id } errors { code message } } }',
    { input: factTableInput(environmentKey) },
  );
  return factTable.id;
}

async function createToken(environmentKey: string, role: string): Promise<{ id: string; secret: string }> {
  const r = await ok(
    'createApiToken',
    'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } errors { code message } } }',
    { input: { name: fresh(`${environmentKey}-${role}`), grants: [{ environmentKey, role }] } },
  );
  return { id: r.apiToken.id, secret: r.token };
}

/** Runs `tasks` with at most `width` at a time, in order of start. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

beforeAll(async () => {
  // The `invalid` caller fails authentication ~50 times: per-client failed-auth throttling (where
  // the server has it; tested on its own) would then answer every later call 429.
  t = await createTestApp({ env: { LIFTGATE_AUTH_FAILURES_PER_WINDOW: '0' } });
  const keys = ['matrix-a', 'matrix-b'];
  await t.createEnvironments(...keys);
  const roles: Record<string, Record<string, string>> = {};
  for (const key of keys) {
    const env = await ok('environment', 'query($k: String!) { environment(key: $k) { id } }', { k: key });
    const active = await createExperiment(key, { start: true });
    await ok(
      'assignSubject',
      'mutation($input: AssignSubjectInput!) { assignSubject(input: $input) { errors { code message } } }',
      { input: { environmentKey: key, experimentKey: active.key, subjectId: ASSIGNED_SUBJECT, trackExposure: false } },
    );
    const apiToken = await createToken(key, 'VIEWER');
    targets.push({ key, id: env.id, active, metricId: await createMetric(key), apiTokenId: apiToken.id, factTableId: await createFactTable(key) });
    roles[key] = {};
    for (const role of ['ADMIN', 'EDITOR', 'VIEWER']) roles[key][role] = (await createToken(key, role)).secret;
  }
  for (const target of targets) {
    const other = targets.find((o) => o !== target)!;
    callers.set(target.key, [
      { caller: 'none', name: 'no credentials', credentials: { token: null } },
      { caller: 'invalid', name: 'unknown bearer token', credentials: { token: 'lg_not_a_token_0123456789abcdef' } },
      { caller: 'globalAdmin', name: 'bootstrap token', credentials: { token: t.token } },
      ...(['ADMIN', 'EDITOR', 'VIEWER'] as const).map((role) => ({ caller: role, name: `${role} token`, credentials: { token: roles[target.key]![role]! } })),
      ...(['ADMIN', 'EDITOR', 'VIEWER'] as const).map((role) => ({
        caller: 'otherEnvToken' as const,
        name: `${role} token of ${other.key}`,
        credentials: { token: roles[other.key]![role]! },
      })),
      { caller: 'envKey', name: 'environment key', credentials: { token: null, environmentKey: target.key } },
      { caller: 'otherEnvKey', name: `environment key of ${other.key}`, credentials: { token: null, environmentKey: other.key } },
    ]);
  }
});

afterAll(async () => {
  await t?.stop();
});

describe('access matrix', () => {
  it('has a TABLE row and a fixture for every root field, and nothing else', () => {
    const covered = new Set(Object.keys(TABLE).map(fieldOf));
    expect([...ROOTS.keys()].filter((name) => !covered.has(name)), 'root fields without a TABLE row').toEqual([]);
    expect(Object.keys(TABLE).filter((row) => !ROOTS.has(fieldOf(row))), 'TABLE rows naming no root field').toEqual([]);
    expect(Object.keys(TABLE).filter((row) => !FIXTURES[row]), 'TABLE rows without a fixture').toEqual([]);
    expect(Object.keys(FIXTURES).filter((row) => !TABLE[row]), 'fixtures without a TABLE row').toEqual([]);
  });

  it('never lets a caller reach another environment', () => {
    const crossing = Object.entries(TABLE).filter(([, rule]) => rule.otherEnvToken !== 'deny' || rule.otherEnvKey !== 'deny');
    expect(crossing.map(([row]) => row)).toEqual([]);
  });

  it('reads subscriptions over the SSE transport it would use for them', async () => {
    // A query over SSE too: keeps the SSE path of execute() honest whatever the subscriptions do.
    const r = await firstSseEvent('query { environments { key } }', {}, { token: t.token });
    expect(r.data.environments.map((e: { key: string }) => e.key)).toEqual(expect.arrayContaining(['matrix-a', 'matrix-b']));
  });

  it.each(Object.keys(TABLE))('%s', async (row) => {
    const { kind } = ROOTS.get(fieldOf(row))!;
    const calls = targets.flatMap((target) => callers.get(target.key)!.map((c) => ({ target, ...c })));
    const mismatches = await pool(
      calls.map(({ target, caller, name, credentials }) => async () => {
        const args = await FIXTURES[row]!.args(target);
        const outcome = classify(row, await execute(kind, operation(row, args), args, credentials), target);
        const expected = TABLE[row]![caller];
        return outcome.verdict === expected ? null : `${name} (${caller}) on ${target.key}: expected ${expected}, got ${outcome.verdict} (${outcome.detail})`;
      }),
      4,
    );
    expect(mismatches.filter(Boolean)).toEqual([]);
  });
});
