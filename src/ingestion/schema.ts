/**
 * Validation of one event of the `POST /v1/events` wire format (Flagsmith SDK, seed 003), as the
 * real SDK sends it (design §3): every `value` a string or null, `identifier`, `feature_name` and
 * `traits` possibly null, `metadata` carrying `sdk_version`, `timestamp` in epoch milliseconds
 * shared by the events buffered in one millisecond. Unknown fields are ignored.
 *
 * The shape is checked by zod; the checks that need more than the value itself (the nesting depth
 * and the size of `traits`/`metadata` once serialised, and the timestamp against the receive time)
 * run right after, on the serialised text that is stored anyway, so no object is serialised twice.
 *
 * Control characters (C0, DEL, C1) are refused in the fields that name or identify something
 * (event, feature_name, identifier, event_id): no SDK puts them there, they make stored names
 * that cannot be typed into a metric definition, and a NUL once let two different events share
 * an idempotency key (issue 14, finding 3). `value` may carry free text, so tab, line feed and
 * carriage return stay allowed there; the other control characters do not.
 *
 * Cost (issue 15): zod took ~2.7 µs of CPU per event, most of the validation time of a batch.
 * `acceptedAsIs` answers first for the shape SDKs send (a few typed fields, nothing unusual) in
 * ~0.2 µs, and only what it does not accept goes through zod, which stays the one judge of every
 * other event and the source of every rejection reason. It is a strict subset of the schema: it
 * accepts nothing zod refuses and returns what zod would return (a property test in
 * test/unit/ingestion-validation.test.ts holds it to that).
 */
import stringify from 'safe-stable-stringify';
import { z } from 'zod';
import { MAX_EVENT_NAME_LENGTH, MAX_JSON_BYTES, MAX_JSON_DEPTH } from '../domain/event-bounds.js';
import { deeperThan } from '../lib/json-depth.js';
import { CONTROL_CHARACTERS, hasControlCharacter, hasControlCharacterInText } from '../lib/text.js';

export const EXPOSURE_EVENT = '$flag_exposure';
const NO_CONTROL = `must not contain ${CONTROL_CHARACTERS}`;
const NO_CONTROL_IN_TEXT = 'must not contain control characters other than tab, line feed and carriage return';
const name = (max: number) => z.string().max(max).refine((s) => !hasControlCharacter(s), NO_CONTROL);

const jsonObject = z.record(z.string(), z.unknown()).nullish();

export const wireEventSchema = z
  .object({
    event: z
      .string()
      .max(MAX_EVENT_NAME_LENGTH, `must be at most ${MAX_EVENT_NAME_LENGTH} characters`)
      .refine((s) => s.trim() !== '', 'is required (a non-empty string)')
      .refine((s) => !hasControlCharacter(s), NO_CONTROL),
    feature_name: name(MAX_EVENT_NAME_LENGTH).nullish(),
    identifier: name(500).nullish(),
    value: z
      .union([z.number().finite(), z.string().max(1000)])
      .refine((v) => typeof v !== 'string' || !hasControlCharacterInText(v), NO_CONTROL_IN_TEXT)
      .nullish(),
    traits: jsonObject,
    metadata: jsonObject,
    timestamp: z.number().finite().nonnegative().nullish(),
    event_id: name(MAX_EVENT_NAME_LENGTH).min(1).nullish(),
  })
  .refine((e) => e.event !== EXPOSURE_EVENT || (e.feature_name ?? '') !== '', {
    message: `is required for ${EXPOSURE_EVENT} events`,
    path: ['feature_name'],
  });

export type WireEvent = z.infer<typeof wireEventSchema>;

/** A valid event with its JSON objects serialised (stable key order; null when absent). */
export interface ValidEvent extends WireEvent {
  traitsJson: string | null;
  metadataJson: string | null;
}

/** The window an event timestamp must fall in, relative to the receive time (milliseconds). */
export interface TimestampWindow {
  maxFutureMs: number;
  maxAgeMs: number;
}

type Parsed = { ok: true; event: ValidEvent } | { ok: false; reason: string };

const nameOrNull = (v: unknown, max: number): v is string | null | undefined =>
  v == null || (typeof v === 'string' && v.length <= max && !hasControlCharacter(v));
/** A plain JSON object zod's record would pass through unchanged (no `__proto__` key: zod's copy would treat it specially). */
const plainObjectOrNull = (v: unknown): v is Record<string, unknown> | null | undefined =>
  v == null || (typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype && !Object.hasOwn(v, '__proto__'));

/**
 * The event as wireEventSchema would return it, when it is plainly valid by every rule of the
 * schema; undefined when zod must decide (invalid, or unusual: then zod answers either way).
 */
export function acceptedAsIs(raw: Record<string, unknown>): WireEvent | undefined {
  const { event, feature_name, identifier, value, traits, metadata, timestamp, event_id } = raw;
  if (typeof event !== 'string' || event.length > MAX_EVENT_NAME_LENGTH || event.trim() === '' || hasControlCharacter(event)) return undefined;
  if (!nameOrNull(feature_name, MAX_EVENT_NAME_LENGTH) || !nameOrNull(identifier, 500)) return undefined;
  if (event === EXPOSURE_EVENT && (feature_name ?? '') === '') return undefined;
  if (!(value == null || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= 1000 && !hasControlCharacterInText(value)))) return undefined;
  if (!plainObjectOrNull(traits) || !plainObjectOrNull(metadata)) return undefined;
  if (!(timestamp == null || (typeof timestamp === 'number' && Number.isFinite(timestamp) && timestamp >= 0))) return undefined;
  if (!(event_id == null || (nameOrNull(event_id, MAX_EVENT_NAME_LENGTH) && event_id.length >= 1))) return undefined;
  // zod's output: the known fields present in the input (even as undefined), nothing else.
  const out: WireEvent = { event };
  if ('feature_name' in raw) out.feature_name = feature_name;
  if ('identifier' in raw) out.identifier = identifier;
  if ('value' in raw) out.value = value as number | string | null | undefined;
  if ('traits' in raw) out.traits = traits;
  if ('metadata' in raw) out.metadata = metadata;
  if ('timestamp' in raw) out.timestamp = timestamp as number | null | undefined;
  if ('event_id' in raw) out.event_id = event_id;
  return out;
}

/**
 * Validates one event received at `receivedAt` (epoch ms); returns it or a one-line reason
 * naming the field, e.g. `feature_name: is required for $flag_exposure events`.
 */
export function parseWireEvent(raw: unknown, receivedAt: number, window: TimestampWindow): Parsed {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, reason: 'event must be a JSON object' };
  }
  let e = acceptedAsIs(raw as Record<string, unknown>);
  if (e === undefined) {
    const parsed = wireEventSchema.safeParse(raw);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ');
      return { ok: false, reason };
    }
    e = parsed.data;
  }
  const ts = e.timestamp;
  if (ts != null) {
    if (ts > receivedAt + window.maxFutureMs) {
      return { ok: false, reason: `timestamp: more than ${describeMs(window.maxFutureMs)} in the future` };
    }
    if (ts < receivedAt - window.maxAgeMs) {
      return { ok: false, reason: `timestamp: older than ${describeMs(window.maxAgeMs)}` };
    }
  }
  for (const field of ['traits', 'metadata'] as const) {
    const obj = e[field];
    if (obj != null && deeperThan(obj, MAX_JSON_DEPTH)) {
      return { ok: false, reason: `${field}: must nest at most ${MAX_JSON_DEPTH} levels deep` };
    }
  }
  const traitsJson = e.traits == null ? null : stableJson(e.traits);
  const metadataJson = e.metadata == null ? null : stableJson(e.metadata);
  for (const [field, text] of [['traits', traitsJson], ['metadata', metadataJson]] as const) {
    // Length is a lower bound of the UTF-8 size and 3× an upper bound: count bytes only when needed.
    if (text !== null && text.length * 3 > MAX_JSON_BYTES && Buffer.byteLength(text) > MAX_JSON_BYTES) {
      return { ok: false, reason: `${field}: must serialise to at most ${MAX_JSON_BYTES} bytes` };
    }
  }
  // A fresh object (zod's or acceptedAsIs'): extend it rather than copy it.
  const event = e as ValidEvent;
  event.traitsJson = traitsJson;
  event.metadataJson = metadataJson;
  return { ok: true, event };
}

/**
 * JSON with object keys sorted (so key order never changes an event's content id). An object of
 * at most one key holding a primitive (`{"sdk_version":"6.1.0"}`, `{"plan":"pro"}`: what SDKs
 * send) is already in that form, and JSON.stringify is faster.
 */
function stableJson(obj: Record<string, unknown>): string {
  let keys = 0;
  for (const k in obj) {
    const v = obj[k];
    if (++keys > 1 || (v !== null && typeof v === 'object')) return stringify(obj) as string;
  }
  return JSON.stringify(obj);
}

const DECIMAL = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Numeric reading of a value for SUM/MEAN: numbers, and decimal strings such as "99.5" or "1e-05"
 * (the SDK sends every value as a string); null for anything else ("TREATMENT", "0x10", "").
 */
export function numericValue(value: number | string | null | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && DECIMAL.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function describeMs(ms: number): string {
  if (ms % 86_400_000 === 0 && ms > 86_400_000) return `${ms / 86_400_000} days`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${ms / 1000} s`;
}
