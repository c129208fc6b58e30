/**
 * Bounded request bodies, shared by `POST /v1/events` (src/ingestion/http.ts) and `POST /graphql`
 * (src/graphql/body-limit.ts).
 *
 * A client such as Python's urllib writes its whole body before reading the answer, so a 413 sent
 * while it is still writing, followed by closing the socket, reaches it as a broken pipe and it
 * retries. So a body refused for its size is first read and discarded (drained), and only then
 * answered. The drain is bounded: at most DRAIN_MAX_BYTES more bytes and DRAIN_MAX_MS; past either
 * the answer goes out with `Connection: close` (a client still sending then sees the reset, but
 * nothing can hold the server).
 */

/** Bytes read and discarded past an early answer or the body limit, so the client can read it. */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
/** Longest time spent draining a body (milliseconds). */
export const DRAIN_MAX_MS = 10_000;

/**
 * Reads a body of at most `max` bytes. Returns its bytes; or, when it exceeds `max`, `'drained'`
 * once the rest was read and discarded, or `'close'` when the drain hit its bound (the connection
 * should then be closed).
 */
export async function readBoundedBody(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer | 'drained' | 'close'> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    if (size > max) return (await drain(reader, size - max)) ? 'drained' : 'close';
    chunks.push(value);
  }
}

/**
 * Discards a body nobody will read (an early answer), unless its declared size is past the drain
 * bound. True when the body ended within the bounds; false when the connection should be closed.
 */
export async function discardBody(body: ReadableStream<Uint8Array>, declaredBytes: number): Promise<boolean> {
  if (declaredBytes > DRAIN_MAX_BYTES) return false;
  return drain(body.getReader(), 0);
}

/** The request's Content-Length, 0 when absent or not a number. */
export function declaredLength(headers: Headers): number {
  const n = Number(headers.get('content-length') ?? 0);
  return Number.isFinite(n) ? n : 0;
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
