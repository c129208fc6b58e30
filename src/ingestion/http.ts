/**
 * `POST /v1/events` (Flagsmith SDK wire format, seed 003): `{"events":[…]}` with
 * `X-Environment-Key`. Whole-request problems get a 4xx with a reason; per-event problems come
 * back in a 200 answer (`rejected: [{index, reason}]`) because the SDK resends the whole batch on
 * any non-2xx. Warehouse down: 503 + Retry-After, so the SDK re-queues.
 */
import type { Logger } from '../lib/logger.js';
import type { Services } from '../services.js';
import { WarehouseUnavailableError } from '../domain/errors.js';

export const EVENTS_PATH = '/v1/events';
const RETRY_AFTER_SECONDS = '5';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** Handles one request to /v1/events. */
export async function handleEventsRequest(
  request: Request,
  deps: { services: Services; logger: Logger; maxBodyBytes: number; maxEventsPerBatch: number },
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

  const text = await request.text();
  if (Buffer.byteLength(text) > deps.maxBodyBytes) return json(413, { error: `body exceeds ${deps.maxBodyBytes} bytes` });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return json(400, { error: 'malformed JSON body' });
  }
  const events = (body as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return json(400, { error: 'body must be an object with an "events" array' });
  if (events.length > deps.maxEventsPerBatch) {
    return json(413, { error: `at most ${deps.maxEventsPerBatch} events per request` });
  }

  try {
    const result = await deps.services.ingestion.ingest(env.id, events);
    return json(200, result);
  } catch (err) {
    if (err instanceof WarehouseUnavailableError) {
      deps.logger.error({ err: err.cause, environment: env.key }, 'event insert failed');
      return json(503, { error: 'warehouse unavailable; retry later' }, { 'retry-after': RETRY_AFTER_SECONDS });
    }
    throw err;
  }
}
