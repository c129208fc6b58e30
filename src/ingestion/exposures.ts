/**
 * Assignment's exposure port (domain/assignment/exposure.ts) over ingestion: an exposure becomes
 * one event in the SDK wire format (seed 003), stored with the same validation, rate limit and
 * idempotency as POST /v1/events, so results count it like an SDK exposure. No event_id: results
 * use the first exposure per subject, so a repeat never changes them.
 */
import type { ExposureRecorder } from '../domain/assignment/exposure.js';
import type { IngestionService } from './service.js';

/** An ExposureRecorder writing through `ingestion`; throws what `ingest` throws (RateLimitedError, WarehouseUnavailableError). */
export function ingestionExposureRecorder(ingestion: Pick<IngestionService, 'ingest'>): ExposureRecorder {
  return {
    async record(exposure) {
      const result = await ingestion.ingest(exposure.environment, [
        {
          event: exposure.event,
          feature_name: exposure.featureName,
          identifier: exposure.subjectId,
          value: exposure.variantKey,
          traits: exposure.traits,
          metadata: exposure.metadata,
          timestamp: exposure.timestamp,
        },
      ]);
      return { rejected: result.rejected[0]?.reason ?? null };
    },
  };
}
