/**
 * Validation of one event of the `POST /v1/events` wire format (Flagsmith SDK, seed 003), as the
 * real SDK sends it: every `value` a string or null, `identifier`, `feature_name` and `traits`
 * possibly null, `timestamp` in epoch milliseconds. Unknown fields are ignored.
 */
import { z } from 'zod';

export const EXPOSURE_EVENT = '$flag_exposure';
const MAX_JSON_BYTES = 64 * 1024;

const jsonObject = z
  .record(z.string(), z.unknown())
  .nullish()
  .refine((v) => v == null || JSON.stringify(v).length <= MAX_JSON_BYTES, {
    message: `must serialise to at most ${MAX_JSON_BYTES} bytes`,
  });

export const wireEventSchema = z
  .object({
    event: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    feature_name: z.string().max(200).nullish(),
    identifier: z.string().max(500).nullish(),
    value: z.union([z.number().finite(), z.string().max(1000), z.boolean()]).nullish(),
    traits: jsonObject,
    metadata: jsonObject,
    timestamp: z.number().finite().nonnegative().nullish(),
    event_id: z.string().min(1).max(200).nullish(),
  })
  .refine((e) => e.event !== EXPOSURE_EVENT || (e.feature_name ?? '') !== '', {
    message: `is required for ${EXPOSURE_EVENT} events`,
    path: ['feature_name'],
  });

export type WireEvent = z.infer<typeof wireEventSchema>;

/** Validates one event; returns it or a one-line reason naming the field. */
export function parseWireEvent(raw: unknown): { ok: true; event: WireEvent } | { ok: false; reason: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, reason: 'event must be a JSON object' };
  }
  const parsed = wireEventSchema.safeParse(raw);
  if (parsed.success) return { ok: true, event: parsed.data };
  const reason = parsed.error.issues
    .map((i) => `${i.path.join('.') || 'event'}: ${i.message}`)
    .join('; ');
  return { ok: false, reason };
}
