/**
 * Event ingestion shared by `POST /v1/events` and the `trackEvents` mutation: rate-limit the
 * environment, validate each event, turn the valid ones into rows with idempotency keys, and hand
 * them to the event writer, which stores the new ones (group commit) and counts the rest as
 * duplicates. Invalid events are reported by index and never block the valid rest of the batch.
 */
import type { Config } from '../config/env.js';
import { canRead, requireIngestion, type Actor } from '../domain/access/actor.js';
import type { EnvironmentService } from '../domain/environment/service.js';
import { NotFoundError, ValidationError, WarehouseUnavailableError } from '../domain/errors.js';
import { toEventRows } from './event-row.js';
import { WriteRefusedError, type EventWriter } from './event-writer.js';
import type { IngestionMetrics } from './metrics.js';
import type { RateLimiter } from './rate-limit.js';
import { parseWireEvent, type ValidEvent } from './schema.js';

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

/** The environment's event budget is spent; retry after `retryAfterSeconds`. Nothing was stored. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`rate limit exceeded; retry in ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

export interface IngestionService {
  /**
   * Stores the valid events of a batch for an environment. Throws RateLimitedError, or
   * WarehouseUnavailableError (warehouse down, too slow or overloaded: nothing reported stored).
   */
  ingest(environment: { id: string; key: string }, rawEvents: unknown[]): Promise<IngestionResult>;
  /**
   * The same for a caller naming the environment by key (trackEvents): its own environment key
   * or an EDITOR/ADMIN token. Also throws NotFoundError, ForbiddenError, ValidationError (too
   * many events).
   */
  ingestAs(actor: Actor, environmentKey: string, rawEvents: unknown[]): Promise<IngestionResult>;
}

export function createIngestionService(deps: {
  environments: EnvironmentService;
  writer: EventWriter;
  rateLimiter: RateLimiter;
  metrics: IngestionMetrics;
  limits: Pick<Config['ingestion'], 'maxFutureMs' | 'maxAgeMs'> & { maxEventsPerBatch: number };
  now?: () => number;
}): IngestionService {
  const now = deps.now ?? Date.now;

  async function ingest(environment: { id: string; key: string }, rawEvents: unknown[]): Promise<IngestionResult> {
    const wait = await deps.rateLimiter.take(environment.id, rawEvents.length);
    if (wait > 0) throw new RateLimitedError(wait);
    const receivedAt = now();
    const rejected: RejectedEvent[] = [];
    const valid: ValidEvent[] = [];
    for (let index = 0; index < rawEvents.length; index++) {
      const result = parseWireEvent(rawEvents[index], receivedAt, deps.limits);
      if (result.ok) valid.push(result.event);
      else rejected.push({ index, reason: result.reason });
    }
    deps.metrics.countEvents(environment.id, 'rejected', rejected.length);
    try {
      const { accepted, duplicates } = await deps.writer.write(toEventRows(environment.id, valid, receivedAt));
      deps.metrics.countEvents(environment.id, 'accepted', accepted);
      deps.metrics.countEvents(environment.id, 'duplicate', duplicates);
      return { accepted, duplicates, rejected };
    } catch (err) {
      if (err instanceof WriteRefusedError) throw new WarehouseUnavailableError(err);
      throw err;
    }
  }

  return {
    ingest,
    async ingestAs(actor, environmentKey, rawEvents) {
      const env = await deps.environments.findByKey(environmentKey);
      // An environment the caller cannot see answers like an absent one (existence does not leak).
      const visible = env && (actor.kind === 'environmentKey' ? actor.environmentId === env.id : canRead(actor, env.id));
      if (!visible) throw new NotFoundError(`environment ${environmentKey} not found`, ['input', 'environmentKey']);
      requireIngestion(actor, env.id);
      if (rawEvents.length > deps.limits.maxEventsPerBatch) {
        throw new ValidationError(`at most ${deps.limits.maxEventsPerBatch} events per call`, ['input', 'events']);
      }
      return ingest(env, rawEvents);
    },
  };
}
