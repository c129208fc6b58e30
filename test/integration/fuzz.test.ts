/**
 * Fuzz of every HTTP endpoint: 2,000 generated requests each to `POST /graphql`,
 * `GET /graphql?query=…`, `POST /v1/events`, `/healthz` and `/metrics`, from fast-check with a
 * fixed seed (the same requests every run). Bodies mix random bytes, truncated and mangled valid
 * bodies, wrong content types and methods, huge numbers, deep nesting, unicode and NUL, and a
 * wrong JSON type in every field of the events wire format and of GraphQL variables.
 *
 * The server must answer every request with a status below 500, or 503 (overload, retry), without
 * a masked unexpected error (extensions.code INTERNAL_SERVER_ERROR, which GraphQL execution
 * answers with a 200), and still answer /healthz afterwards. Failures are reported grouped by generator family, with the
 * first example of each, so a regression names its input.
 *
 * Requests go through node:http (not fetch) so any method and any bytes can be sent, each on its
 * own connection (`agent: false`): a request the HTTP parser refuses (method FOO) closes its
 * socket, which must not fail the next, unrelated request.
 */
import fc from 'fast-check';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoVariantExperiment } from '../fixtures/experiments.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const SEED = 20261201;
const RUNS = 2_000;
const CONCURRENCY = 16;
const TIMEOUT_MS = 30_000;
const ENV = 'fuzz-env';
const EXPERIMENT = 'FUZZ';

/** One generated request; `family` names the generator that made it (for the report). */
interface Case {
  family: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

let t: TestApp;
let experimentId = '';
let metricId = '';
const now = Date.now();

// ---------------------------------------------------------------------------------------------
// Building blocks. JSON is assembled as text so nesting far deeper than JSON.stringify's stack
// allows, numbers JSON cannot round-trip (1e400) and exact byte sequences can be sent.

const json = (v: unknown) => JSON.stringify(v);

/** `[[[…]]]` or `{"a":{"a":…1}}`, `depth` levels. */
const deepJson = (depth: number, kind: 'array' | 'object') =>
  kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const HUGE_NUMBERS = ['1e308', '-1e308', '1e400', '-1e400', '-0', '9007199254740993', '2147483648', '-2147483649', '1e-400', '123456789012345678901234567890', '0.1e1', '4.9e-324'];

/** Any unicode: lone surrogates, NUL and other control characters included. */
const anyString = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
const nastyString = fc.oneof(
  anyString(40),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff\ud800', '\u202e', '👍🏽', '\r\n', '%00', '${x}', "'; DROP TABLE events; --", '\\', '"'),
  fc.nat({ max: 200_000 }).map((n) => 'x'.repeat(n)),
);

/** A JSON text of any type (`raw`), with what kind of oddity it is for the report (`kind`). */
interface Weird {
  kind: string;
  raw: string;
}
const depthBucket = (d: number) => (d <= 64 ? '≤64' : d <= 512 ? '65–512' : '513–5000');
const weird: fc.Arbitrary<Weird> = fc.oneof(
  fc.constantFrom(...HUGE_NUMBERS).map((raw) => ({ kind: 'huge number', raw })),
  fc.constantFrom('null', 'true', 'false', '0', '-1', '[]', '{}', '""', '[null]', '{"":null}').map((raw) => ({ kind: 'other type', raw })),
  nastyString.map((s) => ({ kind: 'odd string', raw: json(s) })),
  fc.double().map((d) => ({ kind: 'number', raw: Number.isFinite(d) ? json(d) : '1e999' })),
  fc.integer().map((n) => ({ kind: 'number', raw: json(n) })),
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: 'JSON value', raw: json(v) })),
  fc
    .tuple(fc.integer({ min: 1, max: 5_000 }), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>)
    .map(([d, k]) => ({ kind: `${k} nested ${depthBucket(d)} deep`, raw: deepJson(d, k) })),
);
const weirdJson = weird.map((w) => w.raw);

/** Random bytes, or text that is almost JSON. */
const garbage: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }),
  anyString(500),
  fc.constantFrom('', '{', '[', '{"', '}', 'null', 'undefined', 'NaN', '{"events":', '\u0000', '\ufeff{}', '{}{}', '[][]'),
);

/** Cuts a text at a random point or overwrites, inserts and deletes a few characters. */
function mangle(text: string): fc.Arbitrary<string> {
  const cut = fc.nat({ max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n));
  const edit = fc
    .array(fc.tuple(fc.nat({ max: text.length }), fc.constantFrom('delete', 'insert', 'replace'), anyString(3)), { minLength: 1, maxLength: 6 })
    .map((edits) =>
      edits.reduce((s, [at, op, chars]) => {
        const i = Math.min(at, s.length);
        if (op === 'delete') return s.slice(0, i) + s.slice(i + 1);
        if (op === 'insert') return s.slice(0, i) + chars + s.slice(i);
        return s.slice(0, i) + chars + s.slice(i + chars.length);
      }, text),
    );
  return fc.oneof(cut, edit);
}

/** Replaces the value at one path of a JSON value (given as an object tree) by a raw JSON text. */
function withWeirdAt(value: unknown, path: string[], raw: string): string {
  if (path.length === 0) return raw;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return `[${value.map((v, i) => (String(i) === head ? withWeirdAt(v, rest, raw) : json(v))).join(',')}]`;
  // Below a primitive, the new key replaces it with an object.
  const obj = (value !== null && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const keys = Object.hasOwn(obj, head!) ? Object.keys(obj) : [...Object.keys(obj), head!];
  return `{${keys.map((k) => `${json(k)}:${k === head ? withWeirdAt(obj[k], rest, raw) : json(obj[k])}`).join(',')}}`;
}

/** Every path to a value inside a JSON value (objects and arrays), the root included. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  const out = [prefix];
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  }
  return out;
}

/** `value` with one of its paths (or a new key) set to a weird JSON text; `kind` as in Weird. */
function mutateJson(value: unknown): fc.Arbitrary<Weird> {
  const all = paths(value);
  return fc.tuple(fc.constantFrom(...all), fc.option(fc.constantFrom('extra', '__proto__', 'constructor', ''), { nil: undefined }), weird).map(
    ([path, extraKey, w]) => ({ kind: w.kind, raw: withWeirdAt(value, extraKey !== undefined ? [...path, extraKey] : path, w.raw) }),
  );
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/graphql-response+json',
  'application/graphql',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'multipart/form-data',
  'application/octet-stream',
  '',
  '*/*',
  'application/json;;charset=',
  'APPLICATION/JSON',
];
const contentType = fc.constantFrom(...CONTENT_TYPES);

/**
 * Valid, odd and wrong header sets (credentials included). Most carry a CSRF-prevention header
 * (any value) so that GET and non-JSON requests get past CSRF prevention, where the server has it,
 * and reach the parser; the rest test that refusal.
 */
function credentialHeaders(): fc.Arbitrary<Record<string, string>> {
  return fc
    .tuple(credentials(), fc.boolean(), fc.boolean())
    .map(([headers, csrf, csrf2]) => (csrf || csrf2 ? { ...headers, [CSRF_HEADER]: '1' } : headers));
}

/** A header that CSRF prevention accepts as proof the request is not a simple cross-site one. */
const CSRF_HEADER = 'x-graphql-csrf';

function credentials(): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant({ authorization: `Bearer ${t.token}` }) },
    { weight: 2, arbitrary: fc.constant({} as Record<string, string>) },
    fc.constant({ 'x-environment-key': ENV }),
    fc.constantFrom('Bearer', 'Bearer ', 'Basic abc', `bearer ${t.token}`, 'Bearer x y', `Bearer ${'a'.repeat(8_000)}`, 'Bearer \u00ff').map((a) => ({ authorization: a })),
    fc.constantFrom('', 'unknown-env', 'x'.repeat(8_000), '%00', ENV.toUpperCase()).map((k) => ({ 'x-environment-key': k })),
  );
}

// ---------------------------------------------------------------------------------------------
// Endpoint generators.

/** Operations with valid variables, the starting points of the GraphQL families. */
function graphqlSeeds(): { query: string; variables: Record<string, unknown> }[] {
  return [
    { query: '{ environments { key name } viewer { tokenName } }', variables: {} },
    { query: 'query($k: String!) { environment(key: $k) { id experiments(first: 5) { totalCount edges { node { key status } } } metrics(first: 5) { edges { node { name } } } } }', variables: { k: ENV } },
    { query: 'query($e: String!, $k: String!) { experiment(environmentKey: $e, key: $k) { key status variants { key } cohorts { index } } }', variables: { e: ENV, k: EXPERIMENT } },
    // alpha 2 is refused before the warehouse is read (a mutated alpha may read it; most do not).
    { query: 'query($e: String!, $k: String!, $alpha: Float) { experiment(environmentKey: $e, key: $k) { results(alpha: $alpha) { alpha frozen } } }', variables: { e: ENV, k: EXPERIMENT, alpha: 2 } },
    { query: 'query($id: ID!) { node(id: $id) { id ... on Experiment { key } } }', variables: { id: experimentId } },
    { query: 'query($e: String!, $x: String!, $s: String!) { assignment(environmentKey: $e, experimentKey: $x, subjectId: $s) { reason variant { key } } }', variables: { e: ENV, x: EXPERIMENT, s: 'fuzz-subject' } },
    { query: 'query($e: String!, $first: Int) { auditLog(environmentKey: $e, first: $first) { totalCount edges { node { action } } } }', variables: { e: ENV, first: 3 } },
    {
      query: 'mutation($input: CreateMetricInput!) { createMetric(input: $input) { metric { id } errors { code field } } }',
      variables: {
        input: { environmentKey: ENV, name: 'fuzz metric', aggregation: 'SUM', windowHours: 24, monitoring: { enabled: true, interval: 'HOUR', sensitivity: 3 }, definition: { event: { event: 'purchase', filters: [{ property: 'traits.plan', operator: 'GTE', values: ['1'] }] } } },
      },
    },
    {
      query: 'mutation($input: TrackEventsInput!) { trackEvents(input: $input) { accepted duplicates rejected { index reason } errors { code } } }',
      variables: { input: { environmentKey: ENV, events: [{ event: 'purchase', identifier: 'u1', value: '9.5', traits: { plan: 'pro' }, metadata: { sdk_version: '6.1.0' }, timestamp: now, eventId: 'e1', featureName: 'f' }] } },
    },
    {
      query: 'mutation($input: AssignSubjectInput!) { assignSubject(input: $input) { assignment { reason variant { key } } errors { code } } }',
      variables: { input: { environmentKey: ENV, experimentKey: EXPERIMENT, subjectId: 's1', traits: { plan: 'pro' }, trackExposure: true } },
    },
    {
      query: 'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { experiment { id } errors { code field } } }',
      variables: { input: { ...twoVariantExperiment(ENV, 'FUZZ-NEW'), links: [{ name: 'prd', url: 'https://example.com' }] } },
    },
    {
      query: 'mutation($input: UpdateMetricInput!) { updateMetric(input: $input) { metric { name } errors { code } } }',
      variables: { input: { id: metricId, description: 'd', status: 'ACTIVE' } },
    },
    {
      query: 'mutation($input: AddCohortInput!) { addCohort(input: $input) { experiment { resourceVersion } errors { code } } }',
      variables: { input: { experimentId, expectedResourceVersion: 1, allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }] } },
    },
  ];
}

/** GraphQL documents: seeds, mangled seeds, deep selections and literals, aliases, directives, garbage. */
function graphqlDocument(): fc.Arbitrary<{ family: string; query: string }> {
  const seeds = graphqlSeeds().map((s) => s.query);
  const tagged = (family: string, arb: fc.Arbitrary<string>) => arb.map((query) => ({ family, query }));
  const deep = (family: string, make: (depth: number) => string) =>
    fc.integer({ min: 1, max: 5_000 }).map((d) => ({ family: `${family} nested ${depthBucket(d)} deep`, query: make(d) }));
  return fc.oneof(
    tagged('document: seed', fc.constantFrom(...seeds)),
    tagged('document: mangled', fc.constantFrom(...seeds).chain(mangle)),
    tagged('document: random text', anyString(300)),
    deep('document: selection', (d) => `{${' a {'.repeat(d)} b ${'}'.repeat(d)}}`),
    deep('document: list literal', (d) => `{ environment(key: ${'['.repeat(d)}"x"${']'.repeat(d)}) { key } }`),
    deep(
      'document: object literal in trackEvents traits',
      (d) => `mutation { trackEvents(input: { environmentKey: "${ENV}", events: [{ event: "e", traits: ${'{a:'.repeat(d)}1${'}'.repeat(d)} }] }) { accepted errors { code } } }`,
    ),
    tagged('document: aliases', fc.integer({ min: 1, max: 300 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`)),
    tagged('document: directives', fc.integer({ min: 1, max: 300 }).map((n) => `{ __typename ${'@include(if: true) '.repeat(n)}}`)),
    tagged(
      'document: huge numbers',
      fc.constantFrom(...HUGE_NUMBERS, '99999999999999999999').map((n) => `{ experiment(environmentKey: "${ENV}", key: "${EXPERIMENT}") { results(alpha: ${n}) { alpha } } auditLog(environmentKey: "${ENV}", first: ${n.replace(/[.e].*$/, '') || '0'}) { totalCount } }`),
    ),
    tagged('document: introspection', fc.constant('{ __schema { types { name fields { name args { name } } } } }')),
  );
}

/** A body, or a body with the kind of oddity it carries (appended to the family). */
type Body = string | Uint8Array | Weird;
const tagFamily = (family: string, body: Body) =>
  typeof body === 'object' && 'kind' in body ? { family: `${family} ← ${body.kind}`, body: body.raw } : { family, body };

function graphqlPost(): fc.Arbitrary<Case> {
  const seeds = graphqlSeeds();
  const post = (family: string, body: fc.Arbitrary<Body>, type: fc.Arbitrary<string> = fc.constant('application/json')) =>
    fc.record({ body, type, creds: credentialHeaders() }).map(({ body, type, creds }): Case => ({
      ...tagFamily(family, body),
      method: 'POST',
      path: '/graphql',
      headers: { ...(type ? { 'content-type': type } : {}), ...creds },
    }));
  const seed = fc.constantFrom(...seeds);
  return fc.oneof(
    {
      weight: 3,
      arbitrary: post(
        'variables: a wrong type at a path',
        seed.chain((s) => mutateJson(s.variables).map((v) => ({ kind: v.kind, raw: `{"query":${json(s.query)},"variables":${v.raw}}` }))),
      ),
    },
    post('body: a wrong type at a path', seed.chain((s) => mutateJson({ query: s.query, variables: s.variables, operationName: null, extensions: {} }))),
    post('body: truncated or mangled', seed.chain((s) => mangle(json(s)))),
    post('body: garbage', garbage),
    post('body: wrong content type', seed.map(json), contentType),
    post('body: urlencoded parameters', urlencodedParams(), fc.constant('application/x-www-form-urlencoded')),
    post('body: batch', fc.array(seed, { maxLength: 20 }).map(json)),
    post('body: weird top level', weird),
    post(
      'variables: trackEvents traits',
      fc.integer({ min: 1, max: 5_000 }).map((d) => ({
        kind: `object nested ${depthBucket(d)} deep`,
        raw: json({
          query: 'mutation($input: TrackEventsInput!) { trackEvents(input: $input) { accepted rejected { reason } errors { code } } }',
          variables: { input: { environmentKey: ENV, events: [{ event: 'deep', identifier: 'u', traits: '__DEEP__' }] } },
        }).replace('"__DEEP__"', deepJson(d, 'object')),
      })),
    ),
    { weight: 3, arbitrary: post('body', graphqlDocument().map((d) => ({ kind: d.family, raw: json({ query: d.query }) }))) },
  );
}

/** `query=…&variables=…` parameters (GET query strings, urlencoded POST bodies). */
function urlencodedParams(): fc.Arbitrary<Weird> {
  const seeds = graphqlSeeds();
  const query = fc.oneof(
    graphqlDocument().map((d) => ({ kind: d.family, query: d.query as string | null })),
    fc.constantFrom(...seeds).map((s) => ({ kind: 'document: seed', query: s.query as string | null })),
    fc.constant({ kind: 'no query', query: null as string | null }),
  );
  const variables = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(...seeds).chain((s) => mutateJson(s.variables)).map((v) => v.raw),
    weirdJson,
    anyString(100),
  );
  return fc
    .record({
      query,
      variables,
      operationName: fc.option(nastyString.map((s) => s.slice(0, 200)), { nil: undefined }),
      extra: fc.option(fc.constantFrom('query=x', 'query=', 'variables=1', 'extensions={"persistedQuery":{"sha256Hash":"x","version":1}}', '%ZZ', 'a=%00'), {
        nil: undefined,
      }),
    })
    .map(({ query, variables, operationName, extra }) => {
      const search = new URLSearchParams();
      if (query.query !== null) search.set('query', query.query.slice(0, 12_000));
      if (variables !== undefined) search.set('variables', variables.slice(0, 4_000));
      if (operationName !== undefined) search.set('operationName', operationName);
      return { kind: query.kind, raw: `${search.toString()}${extra ? `&${extra}` : ''}` };
    });
}

function graphqlGet(): fc.Arbitrary<Case> {
  return fc
    .record({
      params: urlencodedParams(),
      accept: fc.constantFrom('application/json', 'text/event-stream', 'multipart/mixed', 'text/html', '*/*', 'application/graphql-response+json', ''),
      creds: credentialHeaders(),
    })
    .map(({ params, accept, creds }): Case => ({
      family: `GET ${params.kind}`,
      method: 'GET',
      path: `/graphql?${params.raw}`,
      headers: { ...(accept ? { accept } : {}), ...creds },
    }));
}

/** A valid wire event (Flagsmith SDK shape). */
const validEvent = (n = 1) => ({
  event: 'purchase',
  feature_name: 'flag_fuzz',
  identifier: `user-${n}`,
  value: '12.5',
  traits: { plan: 'pro' },
  metadata: { sdk_version: '6.1.0' },
  timestamp: now,
  event_id: `evt-${n}`,
});
const WIRE_FIELDS = Object.keys(validEvent());

function eventsPost(): fc.Arbitrary<Case> {
  const post = (
    family: string,
    body: fc.Arbitrary<Body>,
    type: fc.Arbitrary<string> = fc.constant('application/json; charset=utf-8'),
    key: fc.Arbitrary<string | null> = fc.constant(ENV),
  ) =>
    fc.record({ body, type, key }).map(({ body, type, key }): Case => ({
      ...tagFamily(family, body),
      method: 'POST',
      path: '/v1/events',
      headers: {
        ...(type ? { 'content-type': type } : {}),
        ...(key !== null ? { 'x-environment-key': key } : {}),
        'flagsmith-sdk-user-agent': 'flagsmith-python-sdk/6.1.0',
      },
    }));
  // One odd event among valid ones: the family names its field and the oddity. The valid ones are
  // the same few events every time, so after the first batch they are duplicates: the fuzz
  // exercises validation, not thousands of warehouse inserts.
  const oneOddField = fc
    .tuple(fc.constantFrom(...WIRE_FIELDS), weird, fc.nat(2), fc.nat(2))
    .map(([field, w, before, after]) => {
      const valid = (i: number) => json(validEvent(i));
      const events = [...Array.from({ length: before }, (_, i) => valid(i)), withWeirdAt(validEvent(9), [field], w.raw), ...Array.from({ length: after }, (_, i) => valid(5 + i))];
      return { kind: `${field} ${w.kind}`, raw: `{"events":[${events.join(',')}]}` };
    });
  const oddStrings = fc
    .array(fc.record({ event: nastyString, identifier: fc.option(nastyString), feature_name: fc.option(nastyString), event_id: fc.option(nastyString), value: fc.option(nastyString) }), {
      minLength: 1,
      maxLength: 10,
    })
    .map((events) => json({ events }));
  return fc.oneof(
    { weight: 5, arbitrary: post('event: a wrong type in', oneOddField) },
    post('event: odd strings in every string field', oddStrings),
    post('batch: a wrong type at a path', mutateJson({ events: [validEvent(1), validEvent(2)] })),
    post('batch: truncated or mangled', mangle(json({ events: [validEvent(1), validEvent(2)] }))),
    post('batch: garbage', garbage),
    post('batch: weird top level', weird),
    post('batch: wrong content type', fc.constant(json({ events: [validEvent()] })), contentType),
    post(
      'batch: odd environment key',
      fc.constant(json({ events: [validEvent()] })),
      fc.constant('application/json'),
      fc.constantFrom(null, '', 'unknown', ENV.toUpperCase(), 'x'.repeat(8_000), `${ENV} `, '%00'),
    ),
    post('batch: many events', fc.integer({ min: 0, max: 500 }).map((n) => json({ events: Array.from({ length: n }, (_, i) => validEvent(i)) }))),
  );
}

const ODD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO', 'get'];

function plainEndpoint(path: string): fc.Arbitrary<Case> {
  return fc
    .record({
      method: fc.constantFrom(...ODD_METHODS),
      suffix: fc.constantFrom('', '/', '?x=1', '?format=json', '?%00', '/../graphql', '//', '?a=' + 'b'.repeat(4_000)),
      headers: fc.dictionary(
        fc.constantFrom('accept', 'content-type', 'authorization', 'x-environment-key', 'accept-encoding', 'origin', 'x-forwarded-for', 'if-none-match', 'range', 'expect-ct', 'cookie'),
        fc.oneof(fc.constantFrom('*/*', 'text/plain', 'application/json', 'gzip, br', 'bytes=0-1', 'null', 'Bearer x', `Bearer ${t.token}`), fc.string({ unit: 'binary-ascii', maxLength: 200 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''))),
        { maxKeys: 5 },
      ),
      body: fc.option(garbage, { nil: undefined }),
    })
    .map(({ method, suffix, headers, body }): Case => ({
      family: `${method} ${path}${suffix.length > 20 ? `${suffix.slice(0, 5)}…` : suffix}`,
      method,
      path: path + suffix,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
    }));
}

// ---------------------------------------------------------------------------------------------
// Sending and checking.


/** Sends one case; resolves with the status (or an error text when there is no answer). */
function send(c: Case): Promise<{ status: number; body: string } | { error: string }> {
  const url = new URL(t.url);
  return new Promise((resolve) => {
    const req = request(
      { host: url.hostname, port: url.port, method: c.method, path: c.path, headers: c.headers, agent: false, timeout: TIMEOUT_MS },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 16_000) body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', (err) => resolve({ error: `response: ${err.message}` }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', (err) => resolve({ error: err.message }));
    req.end(c.body);
  });
}

/** Sends the cases (CONCURRENCY at a time) and returns the failures grouped by family. */
async function fuzz(cases: Case[]): Promise<Record<string, { count: number; example: string }>> {
  const failures: Record<string, { count: number; example: string }> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const r = await send(c);
        const masked = 'status' in r && r.body.includes('"INTERNAL_SERVER_ERROR"');
        if ('status' in r && (r.status < 500 || r.status === 503) && !masked) continue;
        const what = 'status' in r ? `${r.status}${masked ? ' (masked error)' : ''} ${r.body.slice(0, 200)}` : r.error;
        const entry = (failures[c.family] ??= { count: 0, example: '' });
        if (entry.count++ === 0) entry.example = `${what} ← ${c.method} ${c.path.slice(0, 200)} ${JSON.stringify(c.headers).slice(0, 300)} ${describeBody(c.body)}`;
      }
    }),
  );
  return failures;
}

function describeBody(body: Case['body']): string {
  if (body === undefined) return '';
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('latin1');
  return `(${text.length} chars) ${JSON.stringify(text.length > 300 ? `${text.slice(0, 150)}…${text.slice(-150)}` : text)}`;
}

async function healthy(): Promise<number> {
  const r = await send({ family: 'health', method: 'GET', path: '/healthz', headers: {} });
  return 'status' in r ? r.status : 0;
}

beforeAll(async () => {
  // Unknown tokens and keys are part of the fuzz: per-client failed-auth throttling (where the
  // server has it; tested on its own) would turn every later credentialed request into a 429.
  t = await createTestApp({ env: { LIFTGATE_AUTH_FAILURES_PER_WINDOW: '0' } });
  await t.createEnvironments(ENV);
  const created = await t.gql(
    'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { experiment { id resourceVersion } errors { code message } } }',
    { input: twoVariantExperiment(ENV, EXPERIMENT) },
  );
  const experiment = created.data.createExperiment.experiment;
  experimentId = experiment.id;
  const started = await t.gql('mutation($input: TransitionInput!) { startExperiment(input: $input) { errors { code message } } }', {
    input: { experimentId, expectedResourceVersion: experiment.resourceVersion },
  });
  expect(started.data.startExperiment.errors).toEqual([]);
  const metric = await t.gql(
    'mutation($input: CreateMetricInput!) { createMetric(input: $input) { metric { id } errors { code message } } }',
    { input: { environmentKey: ENV, name: 'fuzz base', aggregation: 'COUNT', definition: { event: { event: 'purchase' } } } },
  );
  metricId = metric.data.createMetric.metric.id;
});

afterAll(async () => {
  await t?.stop();
});

describe('GraphQL-over-HTTP parameters that are not JSON', () => {
  // Found by the fuzz: Yoga JSON.parse'd them bare, and the SyntaxError was a masked 500.
  it.each([
    ['GET variables', 'GET', '/graphql?query=%7B__typename%7D&variables=%7B', undefined],
    ['GET extensions', 'GET', '/graphql?query=%7B__typename%7D&extensions=nope', undefined],
    ['urlencoded POST variables', 'POST', '/graphql', 'query=%7B__typename%7D&variables=%5B1'],
  ])('%s are a 400 BAD_REQUEST', async (_name, method, path, body) => {
    const headers: Record<string, string> = { accept: 'application/json', [CSRF_HEADER]: '1' };
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const r = await send({ family: 'params', method: method!, path: path!, headers, body });
    expect(r).toMatchObject({ status: 400 });
    const answer = JSON.parse((r as { body: string }).body);
    expect(answer.errors[0]).toMatchObject({ message: expect.stringMatching(/must be JSON/), extensions: { code: 'BAD_REQUEST' } });
  });

  it('still reads valid ones', async () => {
    const r = await send({ family: 'params', method: 'GET', path: `/graphql?query=${encodeURIComponent('query($k: String!) { environment(key: $k) { key } }')}&variables=${encodeURIComponent(json({ k: ENV }))}`, headers: { authorization: `Bearer ${t.token}`, accept: 'application/json', [CSRF_HEADER]: '1' } });
    expect(JSON.parse((r as { body: string }).body)).toEqual({ data: { environment: { key: ENV } } });
  });
});

describe(`fuzz: ${RUNS} generated requests per endpoint answer below 500 (or 503)`, () => {
  const endpoints: [string, () => fc.Arbitrary<Case>][] = [
    ['POST /graphql', graphqlPost],
    ['GET /graphql', graphqlGet],
    ['POST /v1/events', eventsPost],
    ['/healthz', () => plainEndpoint('/healthz')],
    ['/metrics', () => plainEndpoint('/metrics')],
  ];
  it.each(endpoints.map(([name, arb], i) => ({ name, arb, seed: SEED + i })))('$name', async ({ arb, seed }) => {
    const cases = fc.sample(arb(), { seed, numRuns: RUNS });
    const failures = await fuzz(cases);
    expect(await healthy()).toBe(200);
    expect(failures).toEqual({});
  });
});
