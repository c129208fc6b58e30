/**
 * `POST /v1/events` (Flagsmith SDK wire format, seed 003): `{"events":[…]}` with
 * `X-Environment-Key`. Whole-request problems get a 4xx with a reason; per-event problems come
 * back in a 200 answer (`rejected: [{index, reason}]`) because the SDK resends the whole batch on
 * any non-2xx. Rate limit: 429 + Retry-After. Warehouse down, too slow or overloaded: 503 +
 * Retry-After, so the SDK re-queues; a 2xx is only sent once the accepted events are stored.
 * Anything unexpected is a masked 500 (no internals in the body).
 *
 * Oversized bodies: an answer given before the body was read (413 on the declared size, or any
 * other early refusal) first reads and discards the rest of the body, and a body that outgrows the
 * limit while read is drained the same way, within the bounds of src/http/body.ts (why: there),
 * so a client that writes its whole body first still reads its 413 instead of a broken pipe.
 */
import type { EnvironmentService } from '../domain/environment/service.js';
import type { Logger } from '../lib/logger.js';
import { WarehouseUnavailableError } from '../domain/errors.js';
import { declaredLength, discardBody, readBoundedBody } from '../http/body.js';
import type { IngestionMetrics } from './metrics.js';
import { RateLimitedError, type IngestionService } from './service.js';

export const EVENTS_PATH = '/v1/events';
export const RETRY_AFTER_SECONDS = 5;

/** What the endpoint uses of the services bag: the environment-key lookup, ingestion and request counts. */
export interface EventsEndpointServices {
  environments: Pick<EnvironmentService, 'findByKey'>;
  ingestion: Pick<IngestionService, 'ingest'>;
  ingestionMetrics: Pick<IngestionMetrics, 'countRequest'>;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** Handles one request to /v1/events; never throws. */
export async function handleEventsRequest(
  request: Request,
  deps: { services: EventsEndpointServices; logger: Logger; maxBodyBytes: number; maxEventsPerBatch: number },
): Promise<Response> {
  let response: Response;
  try {
    response = await answer(request, deps);
  } catch (err) {
    deps.logger.error({ err }, 'unexpected /v1/events failure');
    response = json(500, { error: 'unexpected error' });
  }
  if (request.body && !request.bodyUsed) {
    // A declared size past the drain bound is not worth reading: answer and close at once.
    if (!(await discardBody(request.body, declaredLength(request.headers)))) response.headers.set('connection', 'close');
  }
  deps.services.ingestionMetrics.countRequest(response.status);
  return response;
}

async function answer(
  request: Request,
  deps: { services: EventsEndpointServices; logger: Logger; maxBodyBytes: number; maxEventsPerBatch: number },
): Promise<Response> {
  if (request.method !== 'POST') return json(405, { error: 'use POST' }, { allow: 'POST' });
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return json(415, { error: 'Content-Type must be application/json' });
  }
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > deps.maxBodyBytes) return json(413, { error: `body exceeds ${deps.maxBodyBytes} bytes` });

  const key = request.headers.get('x-environment-key');
  const env = key ? await deps.services.environments.findByKey(key) : null;
  if (!env) return json(401, { error: key ? 'unknown environment key' : 'X-Environment-Key header is required' });

  const bytes = await readBoundedBody(request.body, deps.maxBodyBytes);
  if (bytes === 'close') return json(413, { error: `body exceeds ${deps.maxBodyBytes} bytes` }, { connection: 'close' });
  if (bytes === 'drained') return json(413, { error: `body exceeds ${deps.maxBodyBytes} bytes` });
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    return json(400, { error: 'malformed JSON body' });
  }
  const events = (body as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return json(400, { error: 'body must be an object with an "events" array' });
  if (events.length > deps.maxEventsPerBatch) {
    return json(413, { error: `at most ${deps.maxEventsPerBatch} events per request` });
  }

  try {
    return json(200, await deps.services.ingestion.ingest(env, events));
  } catch (err) {
    if (err instanceof RateLimitedError) {
      return json(429, { error: `rate limit of environment ${env.key} exceeded; retry later` }, { 'retry-after': String(err.retryAfterSeconds) });
    }
    if (err instanceof WarehouseUnavailableError) {
      deps.logger.warn({ err: err.cause, environment: env.key }, 'events not stored');
      return json(503, { error: 'events not stored: warehouse unavailable or busy; retry later' }, { 'retry-after': String(RETRY_AFTER_SECONDS) });
    }
    throw err;
  }
}
