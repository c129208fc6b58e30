/**
 * `POST /v1/events` (Flagsmith SDK wire format, seed 003): `{"events":[…]}` with
 * `X-Environment-Key`. Whole-request problems get a 4xx with a reason; per-event problems come
 * back in a 200 answer (`rejected: [{index, reason}]`) because the SDK resends the whole batch on
 * any non-2xx. Rate limit: 429 + Retry-After. Warehouse down, too slow or overloaded: 503 +
 * Retry-After, so the SDK re-queues; a 2xx is only sent once the accepted events are stored.
 * Anything unexpected is a masked 500 (no internals in the body).
 *
 * Oversized bodies: a client such as Python's urllib writes its whole body before reading the
 * answer, so a 413 sent while it is still writing, followed by closing the socket, reaches it as
 * a broken pipe and the SDK retries forever. So an answer given before the body was read (413 on
 * the declared size, or any other early refusal) first reads and discards the rest of the body,
 * and a body that outgrows the limit while read is drained the same way. The drain is bounded:
 * at most DRAIN_MAX_BYTES more bytes and DRAIN_MAX_MS; past either the answer goes out with
 * `Connection: close` (a client still sending then sees the reset, but nothing can hold the
 * server).
 */
import type { EnvironmentService } from '../domain/environment/service.js';
import type { Logger } from '../lib/logger.js';
import { WarehouseUnavailableError } from '../domain/errors.js';
import type { IngestionMetrics } from './metrics.js';
import { RateLimitedError, type IngestionService } from './service.js';

export const EVENTS_PATH = '/v1/events';
export const RETRY_AFTER_SECONDS = 5;
/** Bytes read and discarded past an early answer or the body limit, so the client can read it. */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
/** Longest time spent draining a body (milliseconds). */
export const DRAIN_MAX_MS = 10_000;

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
    const declared = Number(request.headers.get('content-length') ?? 0);
    if (declared > DRAIN_MAX_BYTES || !(await drain(request.body.getReader(), 0))) response.headers.set('connection', 'close');
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

  const text = await readBody(request, deps.maxBodyBytes);
  if (text === null) return json(413, { error: `body exceeds ${deps.maxBodyBytes} bytes` }, { connection: 'close' });
  if (text === undefined) return json(413, { error: `body exceeds ${deps.maxBodyBytes} bytes` });
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

/**
 * The body as text, or, when it exceeds `max` bytes, undefined once the rest was drained (read
 * and discarded, so the client gets its 413 instead of a reset connection) or null when the drain
 * hit its bound (the connection should then be closed).
 */
async function readBody(request: Request, max: number): Promise<string | null | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size).toString('utf8');
    size += value.byteLength;
    if (size > max) return (await drain(reader, size - max)) ? undefined : null;
    chunks.push(value);
  }
}

/**
 * Reads and discards the rest of a body, `already` bytes past the limit so far. True when the
 * body ended within DRAIN_MAX_BYTES and DRAIN_MAX_MS; false when a bound was hit (the reader is
 * then cancelled) or the stream failed.
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, already: number): Promise<boolean> {
  const deadline = Date.now() + DRAIN_MAX_MS;
  let drained = already;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), DRAIN_MAX_MS);
  });
  try {
    while (drained <= DRAIN_MAX_BYTES && Date.now() < deadline) {
      const next = await Promise.race([reader.read(), timedOut]);
      if (next === 'timeout') break;
      if (next.done) return true;
      drained += next.value.byteLength;
    }
    reader.cancel().catch(() => {});
    return false;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
