/**
 * Turns validated wire events into warehouse rows, deriving each one's idempotency key.
 *
 * The SDK re-queues and resends a whole batch on any non-2xx or timeout, byte-identical per event
 * (it stamps `timestamp` when buffering). So without an `event_id`, the id is a SHA-256 of the
 * event's whole content plus its occurrence number among identical events of the same batch: a
 * resent batch maps to the same ids, while two genuinely identical events in one batch (same
 * millisecond, same content) stay two events.
 *
 * The hashed text is exactly `safe-stable-stringify([event, feature_name, identifier, value,
 * traits, metadata, timestamp]) + '#' + occurrence` (absent fields as null), the formula of the
 * first release, so ids of batches resent across an upgrade still match. It is assembled from
 * the already serialised traits/metadata instead of serialising the event again. That text is
 * unambiguous whatever the fields hold: JSON quotes and escapes every string (a NUL is `\u0000`),
 * and the array ends in `]`, so the `#occurrence` suffix cannot be confused with content. Two
 * different events therefore never share a derived id, and the formula need not change (which
 * would break deduplication of resends across an upgrade). Stored keys are (environment, event,
 * event id) compared column-wise; see eventKeyString for the in-process form.
 */
import { hash } from 'node:crypto';
import type { EventRow } from '../warehouse/events-store.js';
import { EXPOSURE_EVENT, numericValue, type ValidEvent } from './schema.js';

/** The text an event's content id is hashed from (without the occurrence suffix). */
export function contentKey(e: ValidEvent): string {
  // One JSON.stringify of the scalar fields (measured faster than one per field), then the
  // already serialised objects and the timestamp spliced in before the closing bracket.
  const head = JSON.stringify([e.event, e.feature_name ?? null, e.identifier ?? null, e.value ?? null]);
  return `${head.slice(0, -1)},${e.traitsJson ?? 'null'},${e.metadataJson ?? 'null'},${JSON.stringify(e.timestamp ?? null)}]`;
}

/** Builds the rows of a batch of valid events for an environment, received at `receivedAt` (epoch ms). */
export function toEventRows(environmentId: string, events: ValidEvent[], receivedAt: number): EventRow[] {
  // Identical contents in the batch, keyed by the id of their first occurrence (short Map keys).
  const seen = new Map<string, number>();
  return events.map((e) => {
    let eventId = e.event_id;
    if (eventId == null) {
      const content = contentKey(e);
      eventId = hash('sha256', `${content}#0`, 'base64url');
      const earlier = seen.get(eventId);
      if (earlier === undefined) {
        seen.set(eventId, 1);
      } else {
        seen.set(eventId, earlier + 1);
        eventId = hash('sha256', `${content}#${earlier}`, 'base64url');
      }
    }
    return {
      environment_id: environmentId,
      event_id: eventId,
      event: e.event,
      feature_name: e.feature_name ?? null,
      identifier: e.identifier ?? null,
      value: e.value == null ? null : String(e.value),
      // Exposure values are variant keys, never metric values.
      value_number: e.event === EXPOSURE_EVENT ? null : numericValue(e.value),
      traits: e.traitsJson ?? '{}',
      metadata: e.metadataJson ?? '{}',
      timestamp: Math.trunc(e.timestamp ?? receivedAt),
      received_at: receivedAt,
    };
  });
}
