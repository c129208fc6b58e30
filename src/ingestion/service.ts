/**
 * Event ingestion shared by `POST /v1/events` and the `trackEvents` mutation: validate each
 * event, keep the valid ones, drop those already stored (same event id), insert the rest in one
 * batch. Invalid events are reported by index and never block the valid rest of the batch.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { requireIngestion, type Actor } from '../domain/access/actor.js';
import type { EnvironmentService } from '../domain/environment/service.js';
import { NotFoundError, WarehouseUnavailableError } from '../domain/errors.js';
import { findStoredEventIds, insertEvents } from '../warehouse/writer.js';
import { toEventRows } from './event-row.js';
import { parseWireEvent, type WireEvent } from './schema.js';

export interface RejectedEvent {
  /** Position in the submitted list. */
  index: number;
  reason: string;
}

export interface IngestionResult {
  accepted: number;
  /** Events already stored under the same id (or repeated within the batch): not stored again. */
  duplicates: number;
  rejected: RejectedEvent[];
}

export interface IngestionService {
  /** Stores the valid events of a batch for an environment; throws WarehouseUnavailableError. */
  ingest(environmentId: string, rawEvents: unknown[]): Promise<IngestionResult>;
  /**
   * The same for a caller naming the environment by key (trackEvents): its own environment key
   * or an EDITOR/ADMIN token. Throws NotFoundError, ForbiddenError, WarehouseUnavailableError.
   */
  ingestAs(actor: Actor, environmentKey: string, rawEvents: unknown[]): Promise<IngestionResult>;
}

export function createIngestionService(deps: {
  warehouse: ClickHouseClient;
  environments: EnvironmentService;
  now?: () => number;
}): IngestionService {
  const now = deps.now ?? Date.now;

  async function ingest(environmentId: string, rawEvents: unknown[]): Promise<IngestionResult> {
    const rejected: RejectedEvent[] = [];
    const valid: WireEvent[] = [];
    rawEvents.forEach((raw, index) => {
      const result = parseWireEvent(raw);
      if (result.ok) valid.push(result.event);
      else rejected.push({ index, reason: result.reason });
    });
    const rows = toEventRows(environmentId, valid, now());
    try {
      const stored = await findStoredEventIds(deps.warehouse, environmentId, rows.map((r) => r.event_id));
      const fresh = new Map<string, (typeof rows)[number]>();
      for (const row of rows) if (!stored.has(row.event_id) && !fresh.has(row.event_id)) fresh.set(row.event_id, row);
      await insertEvents(deps.warehouse, [...fresh.values()]);
      return { accepted: fresh.size, duplicates: rows.length - fresh.size, rejected };
    } catch (err) {
      throw new WarehouseUnavailableError(err);
    }
  }

  return {
    ingest,
    async ingestAs(actor, environmentKey, rawEvents) {
      const env = await deps.environments.findByKey(environmentKey);
      if (!env) throw new NotFoundError(`environment ${environmentKey} not found`, ['input', 'environmentKey']);
      requireIngestion(actor, env.id);
      return ingest(env.id, rawEvents);
    },
  };
}
