/**
 * The validation fast path of ingestion (src/ingestion/schema.ts `acceptedAsIs`, issue 15): it
 * must accept nothing the zod schema refuses and return exactly what zod returns, so an event is
 * judged — and its content id derived — the same whichever path it took; and it must take the
 * events SDKs really send, or it saves nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptedAsIs, parseWireEvent, wireEventSchema } from '../../src/ingestion/schema.js';
import { generateTraffic } from '../../scripts/demo-traffic.js';

const text = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', ' ', '\t', '\u0000', '\u007f', '\u0085', 'a\nb', 'TREATMENT', '99.5', '$flag_exposure', '\u2028', 'é'),
  fc.string({ minLength: 195, maxLength: 205 }),
  fc.string({ minLength: 495, maxLength: 505 }),
  fc.string({ minLength: 995, maxLength: 1005 }),
);
const scalar = fc.oneof(text, fc.double(), fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean(), fc.constant(-1), fc.constant(0));
const object = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
  fc.constant(JSON.parse('{"__proto__":{"x":1}}')),
  fc.constant(Object.create(null)),
  fc.array(fc.integer(), { maxLength: 2 }),
);
const field = fc.oneof(scalar, object);
const event = fc.record(
  {
    event: fc.oneof(text, field),
    feature_name: fc.oneof(text, field),
    identifier: fc.oneof(text, field),
    value: fc.oneof(text, field),
    traits: fc.oneof(object, field),
    metadata: fc.oneof(object, field),
    timestamp: fc.oneof(fc.double(), fc.nat(), field),
    event_id: fc.oneof(text, field),
    extra: field,
  },
  { requiredKeys: [] },
);

/** Mostly what SDKs send, each field sometimes replaced by anything: most events valid, many just not. */
const often = <T>(usual: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: field, weight: 1 });
const nearValid = fc.record(
  {
    event: often(fc.constantFrom('purchase', '$flag_exposure', 'page view', ' x ')),
    feature_name: often(fc.constantFrom('flag', '', null)),
    identifier: often(fc.oneof(fc.string({ maxLength: 12 }), fc.constant(null))),
    value: often(fc.oneof(fc.constantFrom('99.5', 'TREATMENT', 'a\tb', null), fc.double({ noNaN: true }))),
    traits: often(fc.oneof(fc.constant(null), fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }))),
    metadata: often(fc.constant({ sdk_version: '6.1.0' })),
    timestamp: often(fc.nat()),
    event_id: often(fc.oneof(fc.string({ maxLength: 10 }), fc.constant(null))),
  },
  { requiredKeys: ['event'] },
);

describe('acceptedAsIs', () => {
  it('accepts only what the zod schema accepts, and returns what zod returns', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(event, nearValid), (raw) => {
        const fast = acceptedAsIs(raw as Record<string, unknown>);
        if (fast === undefined) return;
        accepted++;
        const zod = wireEventSchema.safeParse(raw);
        expect(zod.success).toBe(true);
        expect(fast).toStrictEqual(zod.data);
      }),
      { numRuns: 10_000 },
    );
    expect(accepted).toBeGreaterThan(1_000); // the property was exercised
  });

  it('takes the events SDKs send (exposures and purchases with traits and metadata)', () => {
    const { batches } = generateTraffic({ subjects: 300, seed: 3, featureName: 'flag', batchSize: 1_000 });
    const events = batches.flat().map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
    expect(events.every((e) => acceptedAsIs(e) !== undefined)).toBe(true);
  });

  it('leaves the reasons of a refused event to zod, unchanged', () => {
    const r = parseWireEvent({ event: '$flag_exposure', feature_name: '', identifier: 'u1' }, Date.now(), { maxFutureMs: 1e9, maxAgeMs: 1e9 });
    expect(r).toEqual({ ok: false, reason: 'feature_name: is required for $flag_exposure events' });
  });
});
