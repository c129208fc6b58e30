/**
 * The port through which assignment records exposures. The domain says what was exposed; the
 * composition root (services.ts) wires an adapter that writes it to the warehouse
 * (ingestion/exposures.ts: the SDK wire event, through ingestion's validation and rate limit).
 */

/** One subject's exposure to a variant, in domain terms. */
export interface Exposure {
  environment: { id: string; key: string };
  /** The experiment's exposureEvent, e.g. $flag_exposure. */
  event: string;
  /** The experiment's feature flag. */
  featureName: string;
  subjectId: string;
  variantKey: string;
  /** The caller's traits (a JSON object), stored with the event; null when none. */
  traits: Record<string, unknown> | null;
  /** JSON-serialisable facts about the assignment (origin, experiment key, reason, cohort). */
  metadata: Record<string, unknown>;
  /** Epoch milliseconds. */
  timestamp: number;
}

export interface ExposureRecorder {
  /**
   * Stores one exposure. Returns the reason when the event itself was refused (e.g. traits too
   * large), null when stored (or already stored). Throws WarehouseUnavailableError when the
   * warehouse cannot take it, and the adapter's rate-limit error when the environment's budget is
   * spent (propagated untouched: the API maps it to a top-level RATE_LIMITED).
   */
  record(exposure: Exposure): Promise<{ rejected: string | null }>;
}
