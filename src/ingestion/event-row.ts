/**
 * Turns a validated wire event into a warehouse row, deriving its idempotency key.
 *
 * The SDK re-queues and resends a whole batch on any non-2xx or timeout, byte-identical per event
 * (it stamps `timestamp` when buffering). So without an `event_id`, the id is a hash of the
 * event's whole content plus its occurrence number among identical events of the same batch:
 * a resent batch maps to the same ids, while two genuinely identical events in one batch (same
 * millisecond, same content) stay two events.
 */
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { EventRow } from '../warehouse/writer.js';
import type { WireEvent } from './schema.js';

/** Numeric reading of a value: numbers and numeric strings ("99.5"); null otherwise. */
export function numericValue(value: WireEvent['value']): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Builds warehouse rows for a batch of valid events received at `receivedAt` (epoch ms). */
export function toEventRows(environmentId: string, events: WireEvent[], receivedAt: number): EventRow[] {
  const seen = new Map<string, number>();
  return events.map((e) => {
    const content = stringify([
      e.event, e.feature_name ?? null, e.identifier ?? null, e.value ?? null,
      e.traits ?? null, e.metadata ?? null, e.timestamp ?? null,
    ]);
    const occurrence = seen.get(content) ?? 0;
    seen.set(content, occurrence + 1);
    const eventId =
      e.event_id ?? createHash('sha256').update(`${content}#${occurrence}`).digest('base64url');
    return {
      environment_id: environmentId,
      event_id: eventId,
      event: e.event,
      feature_name: e.feature_name ?? null,
      identifier: e.identifier ?? null,
      value: e.value == null ? null : String(e.value),
      value_number: numericValue(e.value),
      traits: JSON.stringify(e.traits ?? {}),
      metadata: JSON.stringify(e.metadata ?? {}),
      timestamp: Math.trunc(e.timestamp ?? receivedAt),
      received_at: receivedAt,
    };
  });
}
