/**
 * Shared by `npm run demo` (scripts/demo.ts) and `npm run bench` (bench/run.ts): a small GraphQL
 * client over the named operations of schema/operations/demo.graphql, the CHECKOUT-REDESIGN
 * set-up (environment, metrics, experiment, start), a seeded generator of SDK traffic shaped
 * exactly as the Flagsmith python SDK sends it, a concurrent sender for `POST /v1/events`, and
 * the printing of the results table.
 */
import { createHash } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import {
  DemoAttachMetricDocument, DemoCreateEnvironmentDocument, DemoCreateExperimentDocument, DemoCreateMetricDocument,
  DemoExperimentDocument, DemoExperimentResultsDocument, DemoStartExperimentDocument,
} from '../test/generated/graphql.js';

// ---------------------------------------------------------------------------------------------
// Demo constants
// ---------------------------------------------------------------------------------------------

export const DEMO = {
  environmentKey: 'demo',
  environmentName: 'Demo',
  experimentKey: 'CHECKOUT-REDESIGN',
  experimentName: 'Checkout redesign',
  featureName: 'checkout_redesign',
  purchaseEvent: 'purchase',
  subjects: 20_000,
  seed: 20_260_101,
  /** Events per request: the SDK flushes its buffer at this size. */
  batchSize: 1_000,
  /** Concurrent requests in flight. */
  concurrency: 4,
  /** True conversion rates; purchase values have the same distribution in both variants. */
  conversion: { CONTROL: 0.1, TREATMENT: 0.12 } as Record<VariantKey, number>,
  sdkVersion: '6.1.0',
} as const;

export type VariantKey = 'CONTROL' | 'TREATMENT';

// ---------------------------------------------------------------------------------------------
// GraphQL client
// ---------------------------------------------------------------------------------------------

// Requests are the typed documents GraphQL Code Generator makes of schema/operations/demo.graphql
// (`npm run codegen`, output in test/generated/): variables and answers are checked by tsc.

/** A transport failure, a non-200 answer or a GraphQL `errors` entry; `body` is the raw answer. */
export class GraphQLRequestError extends Error {
  constructor(message: string, readonly body?: string) {
    super(body ? `${message}\n${body}` : message);
    this.name = 'GraphQLRequestError';
  }
}

/** A mutation payload's `errors` that the caller did not expect. */
export class UserErrorsError extends Error {
  constructor(what: string, readonly errors: UserError[]) {
    super(`${what} failed: ${errors.map((e) => `${e.code} ${e.message}${e.field ? ` (${e.field.join('.')})` : ''}`).join('; ')}`);
    this.name = 'UserErrorsError';
  }
}

export interface UserError {
  code: string;
  message: string;
  field: string[] | null;
}

export class GraphQLClient {
  readonly endpoint: string;

  constructor(baseUrl: string, private readonly token: string) {
    this.endpoint = `${baseUrl.replace(/\/+$/, '')}/graphql`;
  }

  /** Runs a typed document (an operation of demo.graphql); throws GraphQLRequestError on any GraphQL error. */
  async request<T, V>(document: TypedDocumentNode<T, V>, variables: V): Promise<T> {
    const operationName = operationNameOf(document);
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${this.token}`,
        },
        body: JSON.stringify({ query: print(document), operationName, variables }),
      });
    } catch (err) {
      throw new GraphQLRequestError(`${operationName}: cannot reach ${this.endpoint} (${describe(err)})`);
    }
    const text = await response.text();
    let body: { data?: T | null; errors?: unknown[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new GraphQLRequestError(`${operationName}: HTTP ${response.status}, not JSON`, text);
    }
    if (body.errors?.length) {
      throw new GraphQLRequestError(`${operationName}: GraphQL error (HTTP ${response.status})`, JSON.stringify(body.errors, null, 2));
    }
    if (!response.ok || body.data == null) {
      throw new GraphQLRequestError(`${operationName}: HTTP ${response.status} without data`, text);
    }
    return body.data;
  }
}

/** The name of a document's (single) operation, for messages. */
function operationNameOf(document: DocumentNode): string {
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
  return operation && 'name' in operation && operation.name ? operation.name.value : 'anonymous operation';
}

/**
 * One ad-hoc GraphQL operation POSTed to `<baseUrl>/graphql` with `headers` (benches' set-up);
 * returns `data`, throws with the errors' JSON when the answer has any.
 */
export async function postGraphQL(baseUrl: string, headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

// ---------------------------------------------------------------------------------------------
// Set-up: environment, metrics, experiment
// ---------------------------------------------------------------------------------------------

export interface MetricRef {
  id: string;
  name: string;
  aggregation: string;
}

export interface ExperimentState {
  id: string;
  key: string;
  status: string;
  featureName: string;
  resourceVersion: number;
  variants: { key: string; isControl: boolean }[];
  metrics: { role: string; metric: MetricRef & { definition: { event?: string } } }[];
}


type Log = (line: string) => void;

/** Creates the environment; reuses it when the key is taken (CONFLICT). Returns whether it was created. */
export async function ensureEnvironment(client: GraphQLClient, key: string, name: string, log: Log): Promise<boolean> {
  const data = await client.request(DemoCreateEnvironmentDocument,
    { input: { key, name } },
  );
  const { errors } = data.createEnvironment;
  if (errors.length === 0) {
    log(`created environment ${key}`);
    return true;
  }
  if (errors.every((e) => e.code === 'CONFLICT')) {
    log(`environment ${key} exists: reusing it`);
    return false;
  }
  throw new UserErrorsError(`createEnvironment ${key}`, errors);
}

/** The experiment with this key, or null. */
export async function findExperiment(client: GraphQLClient, environmentKey: string, key: string): Promise<ExperimentState | null> {
  const data = await client.request(DemoExperimentDocument, { environmentKey, key });
  return data.experiment;
}

export interface DemoMetricSpec {
  name: string;
  aggregation: 'OCCURRENCE' | 'SUM' | 'COUNT' | 'MEAN';
  event: string;
  description: string;
}

export const CONVERSION_METRIC: DemoMetricSpec = {
  name: 'Purchase conversion',
  aggregation: 'OCCURRENCE',
  event: DEMO.purchaseEvent,
  description: 'Share of exposed subjects with at least one purchase.',
};

export const REVENUE_METRIC: DemoMetricSpec = {
  name: 'Revenue',
  aggregation: 'SUM',
  event: DEMO.purchaseEvent,
  description: 'Sum of purchase values per exposed subject.',
};

/**
 * Creates a metric. The API cannot look metrics up by name yet, so when the name is taken
 * (CONFLICT) the metric is created again under a suffixed name.
 */
export async function createMetric(client: GraphQLClient, environmentKey: string, spec: DemoMetricSpec, log: Log): Promise<MetricRef> {
  const suffix = Date.now().toString(36);
  for (const name of [spec.name, `${spec.name} (${suffix})`]) {
    const data = await client.request(DemoCreateMetricDocument, {
      input: {
        environmentKey,
        name,
        description: spec.description,
        aggregation: spec.aggregation,
        polarity: 'HIGHER_IS_BETTER',
        definition: { event: { event: spec.event } },
      },
    });
    const { metric, errors } = data.createMetric;
    if (metric && errors.length === 0) {
      log(`created metric "${metric.name}" (${spec.aggregation} of ${spec.event})`);
      return metric;
    }
    if (!errors.every((e) => e.code === 'CONFLICT')) throw new UserErrorsError(`createMetric "${name}"`, errors);
    log(`metric name "${name}" is taken (CONFLICT): creating it under a suffixed name`);
  }
  throw new Error(`createMetric "${spec.name}": both the name and the suffixed name are taken`);
}

export interface ExperimentSpec {
  environmentKey: string;
  key: string;
  name: string;
  featureName: string;
  /** Metrics to attach, in order. */
  metrics: { metric: MetricRef; role: 'PRIMARY' | 'SECONDARY' | 'GUARDRAIL' }[];
}

/**
 * Creates the experiment (CONTROL + TREATMENT, 50/50, first cohort), attaches the metrics and
 * starts it. An existing DRAFT experiment (an interrupted earlier run) is completed instead:
 * missing metrics are attached and it is started.
 */
export async function createAndStartExperiment(client: GraphQLClient, spec: ExperimentSpec, log: Log): Promise<ExperimentState> {
  let experiment = await findExperiment(client, spec.environmentKey, spec.key);
  if (experiment && experiment.status !== 'DRAFT') {
    throw new Error(`experiment ${spec.key} exists already with status ${experiment.status}`);
  }
  if (experiment) {
    log(`experiment ${experiment.key} exists as DRAFT (interrupted run): completing its set-up`);
  } else {
    const data = await client.request(DemoCreateExperimentDocument,
      {
        input: {
          environmentKey: spec.environmentKey,
          key: spec.key,
          name: spec.name,
          hypothesis: 'The redesigned checkout converts more visitors into buyers.',
          featureName: spec.featureName,
          variants: [
            { key: 'CONTROL', name: 'Current checkout', isControl: true },
            { key: 'TREATMENT', name: 'Redesigned checkout', isControl: false },
          ],
          allocations: [
            { variantKey: 'CONTROL', split: 0.5 },
            { variantKey: 'TREATMENT', split: 0.5 },
          ],
        },
      },
    );
    const { experiment: created, errors } = data.createExperiment;
    if (!created || errors.length) throw new UserErrorsError(`createExperiment ${spec.key}`, errors);
    experiment = created;
    log(`created experiment ${created.key} (feature ${created.featureName}, CONTROL/TREATMENT 50/50)`);
  }

  const attached = new Set(experiment.metrics.map((m) => m.metric.id));
  for (const { metric, role } of spec.metrics) {
    if (attached.has(metric.id)) continue;
    const data = await client.request(DemoAttachMetricDocument, {
      input: { experimentId: experiment.id, metricId: metric.id, role, expectedDirection: 'INCREASE' },
    });
    if (data.attachMetric.errors.length) throw new UserErrorsError(`attachMetric "${metric.name}"`, data.attachMetric.errors);
    log(`attached "${metric.name}" as ${role}`);
  }

  // Attaching bumps resourceVersion: read it again before the transition.
  const current = await findExperiment(client, spec.environmentKey, spec.key);
  if (!current) throw new Error(`experiment ${spec.key} vanished during set-up`);
  const data = await client.request(DemoStartExperimentDocument,
    { input: { experimentId: current.id, expectedResourceVersion: current.resourceVersion } },
  );
  const { experiment: started, errors } = data.startExperiment;
  if (!started || errors.length) throw new UserErrorsError(`startExperiment ${spec.key}`, errors);
  log(`started ${started.key}: status ${started.status}, resourceVersion ${started.resourceVersion}`);
  return started;
}

/**
 * The whole demo set-up in a fresh or reused environment: both metrics, then the experiment with
 * conversion as PRIMARY and revenue as SECONDARY. A DRAFT experiment left by an interrupted run
 * keeps the metrics already attached to it.
 */
export async function setUpDemoExperiment(
  client: GraphQLClient,
  opts: { environmentKey: string; experimentKey: string; featureName: string; log: Log },
): Promise<{ experiment: ExperimentState; conversion: MetricRef; revenue: MetricRef }> {
  const existing = await findExperiment(client, opts.environmentKey, opts.experimentKey);
  const attached = (spec: DemoMetricSpec) =>
    existing?.metrics.find((m) => m.metric.aggregation === spec.aggregation && m.metric.definition.event === spec.event)?.metric;
  const conversion = attached(CONVERSION_METRIC) ?? (await createMetric(client, opts.environmentKey, CONVERSION_METRIC, opts.log));
  const revenue = attached(REVENUE_METRIC) ?? (await createMetric(client, opts.environmentKey, REVENUE_METRIC, opts.log));
  const experiment = await createAndStartExperiment(
    client,
    {
      environmentKey: opts.environmentKey,
      key: opts.experimentKey,
      name: DEMO.experimentName,
      featureName: opts.featureName,
      metrics: [
        { metric: conversion, role: 'PRIMARY' },
        { metric: revenue, role: 'SECONDARY' },
      ],
    },
    opts.log,
  );
  return { experiment, conversion, revenue };
}

// ---------------------------------------------------------------------------------------------
// Traffic: seeded, SDK-shaped
// ---------------------------------------------------------------------------------------------

/** One event exactly as the Flagsmith python SDK serialises it (field order included). */
export interface SdkEvent {
  event: string;
  feature_name: string | null;
  identifier: string;
  /** Always a string: the variant key for exposures, the amount for purchases. */
  value: string;
  traits: Record<string, string> | null;
  metadata: { sdk_version: string };
  /** Epoch milliseconds, stamped when the event entered the SDK's buffer. */
  timestamp: number;
}

/** sfc32 (PractRand-tested, from the seed via splitmix32): uniform in [0, 1), reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  const splitmix32 = () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let d = splitmix32();
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** Standard normal deviate (Box–Muller) from a uniform source. */
function normal(random: () => number): number {
  const u = 1 - random(); // (0, 1]
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Deterministic 50/50 assignment: a hash of feature and identifier (like a flag's bucketing). */
export function variantFor(featureName: string, identifier: string): VariantKey {
  const h = createHash('sha256').update(`${featureName}:${identifier}`).digest().readUInt32BE(0);
  return h / 4294967296 < 0.5 ? 'CONTROL' : 'TREATMENT';
}

/** Purchase amount: lognormal with mean 50 (sigma 0.6), rounded to cents, as a string. */
function purchaseValue(random: () => number): string {
  const sigma = 0.6;
  const mu = Math.log(50) - (sigma * sigma) / 2;
  const amount = Math.max(0.5, Math.exp(mu + sigma * normal(random)));
  return String(Math.round(amount * 100) / 100);
}

/**
 * The SDK's event buffer: `track` stamps Date.now() when the event is buffered (so events buffered
 * in the same millisecond share a timestamp) and flushes a batch at `batchSize` events.
 */
class SdkBuffer {
  private buffer: SdkEvent[] = [];
  readonly batches: SdkEvent[][] = [];
  lastStamp = 0;

  constructor(private readonly batchSize: number) {}

  track(event: Omit<SdkEvent, 'timestamp'>): void {
    this.lastStamp = Date.now();
    this.buffer.push({ ...event, timestamp: this.lastStamp });
    if (this.buffer.length >= this.batchSize) this.flush();
  }

  flush(): void {
    if (this.buffer.length) this.batches.push(this.buffer);
    this.buffer = [];
  }
}

/** Busy-waits (at most ~1 ms) until the clock has moved past `stamp`. */
function waitPast(stamp: number): void {
  while (Date.now() <= stamp) {
    // spin: the next phase's events must be stamped strictly later
  }
}

export interface TrafficSpec {
  subjects: number;
  seed: number;
  featureName: string;
  batchSize: number;
  /** Identifier prefix; identifiers are `${prefix}${n}`. */
  identifierPrefix?: string;
}

export interface Traffic {
  batches: SdkEvent[][];
  events: number;
  exposures: number;
  purchases: number;
  /** What was generated, per variant: subjects, converters, purchase total. */
  truth: Record<VariantKey, { subjects: number; converters: number; revenue: number }>;
}

/**
 * Generates the demo's traffic. Subjects are processed in groups of 500 whose events go through
 * the buffer in phases (exposure, a repeat exposure for some, then up to three purchases), with
 * the clock moving on between phases: every purchase is stamped after its subject's exposure, and
 * a subject's purchases are stamped apart. Outcomes depend only on the seed; timestamps on the clock.
 */
export function generateTraffic(spec: TrafficSpec): Traffic {
  const random = seededRandom(spec.seed);
  const prefix = spec.identifierPrefix ?? 'user_';
  const buffer = new SdkBuffer(spec.batchSize);
  const metadata = { sdk_version: DEMO.sdkVersion };
  const truth: Traffic['truth'] = {
    CONTROL: { subjects: 0, converters: 0, revenue: 0 },
    TREATMENT: { subjects: 0, converters: 0, revenue: 0 },
  };
  let exposures = 0;
  let purchases = 0;
  const GROUP = 500;

  for (let start = 0; start < spec.subjects; start += GROUP) {
    const group: { identifier: string; variant: VariantKey; values: string[]; plan: string; seesAgain: boolean }[] = [];
    for (let i = start; i < Math.min(start + GROUP, spec.subjects); i++) {
      const identifier = `${prefix}${i + 1}`;
      const variant = variantFor(spec.featureName, identifier);
      const converts = random() < DEMO.conversion[variant];
      const r = random();
      const count = converts ? (r < 0.75 ? 1 : r < 0.93 ? 2 : 3) : 0;
      const values = Array.from({ length: count }, () => purchaseValue(random));
      const plan = random() < 0.3 ? 'premium' : 'free';
      const seesAgain = random() < 0.25;
      group.push({ identifier, variant, values, plan, seesAgain });
      truth[variant].subjects++;
      if (count) truth[variant].converters++;
      truth[variant].revenue += values.reduce((s, v) => s + Number(v), 0);
    }
    const exposure = (s: (typeof group)[number]): void => {
      buffer.track({
        event: '$flag_exposure',
        feature_name: spec.featureName,
        identifier: s.identifier,
        value: s.variant,
        traits: null,
        metadata,
      });
      exposures++;
    };
    // Phase 1: every subject sees the flag; phase 2: some see it again (same variant).
    for (const s of group) exposure(s);
    waitPast(buffer.lastStamp);
    for (const s of group) if (s.seesAgain) exposure(s);
    // Phases 3–5: first, second, third purchase.
    for (let k = 0; k < 3; k++) {
      waitPast(buffer.lastStamp);
      for (const s of group) {
        const value = s.values[k];
        if (value === undefined) continue;
        buffer.track({
          event: DEMO.purchaseEvent,
          feature_name: null,
          identifier: s.identifier,
          value,
          traits: { plan: s.plan },
          metadata,
        });
        purchases++;
      }
    }
    waitPast(buffer.lastStamp);
  }
  buffer.flush();
  return { batches: buffer.batches, events: exposures + purchases, exposures, purchases, truth };
}

// ---------------------------------------------------------------------------------------------
// Sending: POST /v1/events, a few requests in flight
// ---------------------------------------------------------------------------------------------

export const SDK_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Flagsmith-SDK-User-Agent': `flagsmith-python-sdk/${DEMO.sdkVersion}`,
} as const;

/** A non-200 answer of /v1/events (or rejected events in a 200 answer); `body` is the raw answer. */
export class EventsRequestError extends Error {
  constructor(message: string, readonly body: string) {
    super(`${message}\n${body}`);
    this.name = 'EventsRequestError';
  }
}

export interface SendReport {
  requests: number;
  events: number;
  accepted: number;
  duplicates: number;
  /** Wall-clock time from the first request to the last answer. */
  seconds: number;
  eventsPerSecond: number;
  /** Per-request latency, milliseconds, in completion order. */
  latenciesMs: number[];
}

/** Sends the batches with `concurrency` requests in flight; throws EventsRequestError on any non-200. */
export async function sendBatches(
  baseUrl: string,
  environmentKey: string,
  batches: SdkEvent[][],
  concurrency: number,
): Promise<SendReport> {
  const url = `${baseUrl.replace(/\/+$/, '')}/v1/events`;
  const headers = { ...SDK_HEADERS, 'X-Environment-Key': environmentKey };
  const latenciesMs: number[] = [];
  let next = 0;
  let accepted = 0;
  let duplicates = 0;
  let events = 0;
  let failed = false;

  const worker = async () => {
    while (!failed && next < batches.length) {
      const batch = batches[next++]!;
      const body = JSON.stringify({ events: batch });
      const t0 = performance.now();
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body });
      } catch (err) {
        failed = true;
        throw new EventsRequestError(`POST ${url}: request failed`, describe(err));
      }
      const text = await response.text();
      latenciesMs.push(performance.now() - t0);
      if (response.status !== 200) {
        failed = true;
        throw new EventsRequestError(`POST ${url}: HTTP ${response.status}`, text);
      }
      const result = JSON.parse(text) as { accepted: number; duplicates: number; rejected: { index: number; reason: string }[] };
      if (result.rejected.length) {
        failed = true;
        throw new EventsRequestError(`POST ${url}: ${result.rejected.length} events rejected`, text.slice(0, 2000));
      }
      accepted += result.accepted;
      duplicates += result.duplicates;
      events += batch.length;
    }
  };

  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return { requests: latenciesMs.length, events, accepted, duplicates, seconds, eventsPerSecond: events / seconds, latenciesMs };
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

export interface EstimateResult {
  estimate: number;
  ciLower: number;
  ciUpper: number;
}

export interface ExperimentResultsView {
  key: string;
  status: string;
  results: {
    exposures: { variant: { key: string }; subjects: number; observedShare: number; expectedShare: number }[];
    multipleExposures: number;
    sampleRatioMismatch: { pValue: number; mismatch: boolean };
    metrics: {
      metric: { name: string };
      variants: { variant: { key: string }; n: number; mean: number; variance: number; sum: number }[];
      comparisons: {
        variant: { key: string };
        absoluteLift: EstimateResult;
        relativeLift: EstimateResult | null;
        pValue: number;
        significant: boolean;
        verdict: string;
      }[];
    }[];
  } | null;
}

/** The experiment's results (the demo's full results query); throws when it does not exist. */
export async function fetchResults(client: GraphQLClient, environmentKey: string, key: string): Promise<ExperimentResultsView> {
  const data = await client.request(DemoExperimentResultsDocument, { environmentKey, key });
  if (!data.experiment) throw new Error(`experiment ${key} not found in environment ${environmentKey}`);
  return data.experiment;
}

/**
 * A markdown table with padded columns. By default the first column is left-aligned and the
 * others right-aligned (numbers); `align` overrides that per column.
 */
export function formatTable(headers: string[], rows: string[][], align?: ('left' | 'right')[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const left = (i: number) => (align?.[i] ?? (i === 0 ? 'left' : 'right')) === 'left';
  const line = (cells: string[]) =>
    `| ${widths.map((w, i) => (left(i) ? (cells[i] ?? '').padEnd(w) : (cells[i] ?? '').padStart(w))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (left(i) ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

const int = (n: number) => n.toLocaleString('en-US');
const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)} %`;
const signedPct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
const pValue = (p: number) => (p < 0.0001 ? p.toExponential(2) : p.toFixed(4));

/** Prints exposures, the sample-ratio check and, per metric, variants and comparisons. */
export function printResults(view: ExperimentResultsView, log: Log): void {
  const r = view.results;
  if (!r) {
    log(`${view.key}: no results (no control variant)`);
    return;
  }
  log(`Exposures of ${view.key} (${view.status})`);
  log(
    formatTable(
      ['variant', 'subjects', 'observed share', 'expected share'],
      r.exposures.map((e) => [e.variant.key, int(e.subjects), pct(e.observedShare), pct(e.expectedShare)]),
    ),
  );
  const srm = r.sampleRatioMismatch;
  log('');
  log(
    `multiple exposures: ${int(r.multipleExposures)} · sample ratio mismatch: ${srm.mismatch ? 'YES' : 'no'} (p = ${pValue(srm.pValue)})`,
  );
  for (const m of r.metrics) {
    // One number format per metric: 4 decimals for rates and small means, else 2.
    const control = m.variants.find((v) => v.variant.key === 'CONTROL') ?? m.variants[0];
    const digits = control && Math.abs(control.mean) >= 1 ? 2 : 4;
    const fixed = (x: number) => x.toFixed(digits);
    const signed = (x: number) => `${x >= 0 ? '+' : ''}${fixed(x)}`;
    log('');
    log(`Metric: ${m.metric.name}`);
    log(
      formatTable(
        ['variant', 'n', 'mean', 'std dev', 'sum'],
        m.variants.map((v) => [v.variant.key, int(v.n), fixed(v.mean), fixed(Math.sqrt(v.variance)), int(Math.round(v.sum * 100) / 100)]),
      ),
    );
    log('');
    log(
      formatTable(
        ['vs CONTROL', 'absolute lift [95 % CI]', 'relative lift [95 % CI]', 'p-value', 'significant', 'verdict'],
        m.comparisons.map((c) => [
          c.variant.key,
          `${signed(c.absoluteLift.estimate)} [${signed(c.absoluteLift.ciLower)}, ${signed(c.absoluteLift.ciUpper)}]`,
          c.relativeLift
            ? `${signedPct(c.relativeLift.estimate)} [${signedPct(c.relativeLift.ciLower)}, ${signedPct(c.relativeLift.ciUpper)}]`
            : 'n/a (control mean 0)',
          pValue(c.pValue),
          c.significant ? 'yes' : 'no',
          c.verdict,
        ]),
      ),
    );
  }
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}
