/**
 * The integrator example's typed client (examples/integrator/client.ts) against a real local HTTP
 * server: a 503 or 429 is retried after its Retry-After (seconds or an HTTP date), a RATE_LIMITED
 * GraphQL error after its retryAfterSeconds, the bearer token is sent, and retries stop at
 * maxRetries with the error thrown.
 */
import { createServer, type Server } from 'node:http';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiftgateClient, LiftgateError, retryAfterMs } from '../../examples/integrator/client.js';

type Reply = { status: number; headers?: Record<string, string>; body: unknown };
let server: Server | undefined;

/** A server answering `replies` in turn (the last one forever); records each request's time and auth. */
async function serve(replies: Reply[]) {
  const seen: { at: number; authorization?: string }[] = [];
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ at: Date.now(), authorization: req.headers.authorization });
      const reply = replies[Math.min(seen.length - 1, replies.length - 1)]!;
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, seen };
}

afterEach(async () => {
  await new Promise((done) => server?.close(done));
});

const Viewer = parse('{ viewer { tokenName } }') as never;
const OK: Reply = { status: 200, body: { data: { viewer: { tokenName: 'ci' } } } };

describe('integrator client', () => {
  it('retries a 503 after its Retry-After seconds, with the bearer token', async () => {
    const { url, seen } = await serve([{ status: 503, headers: { 'retry-after': '1' }, body: { error: 'busy' } }, OK]);
    const data = await createLiftgateClient({ url, token: 'secret' }).request(Viewer);
    expect(data).toEqual({ viewer: { tokenName: 'ci' } });
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer secret', 'Bearer secret']);
  });

  it('retries a 429 whose Retry-After is an HTTP date, and a RATE_LIMITED error after retryAfterSeconds', async () => {
    const date = new Date(Date.now() + 2_000).toUTCString();
    const limited: Reply = { status: 200, body: { errors: [{ message: 'rate limited', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 } }] } };
    const { url, seen } = await serve([{ status: 429, headers: { 'retry-after': date }, body: {} }, limited, OK]);
    await createLiftgateClient({ url, token: 't' }).request(Viewer);
    expect(seen).toHaveLength(3);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(900); // an HTTP date has 1 s resolution
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(950);
  });

  it('gives up after maxRetries and throws; other errors are not retried', async () => {
    const { url, seen } = await serve([{ status: 503, body: {} }]);
    await expect(createLiftgateClient({ url, token: 't', maxRetries: 2, backoffMs: 10 }).request(Viewer)).rejects.toThrow(LiftgateError);
    expect(seen).toHaveLength(3);
    await new Promise((done) => server!.close(done));

    const other = await serve([{ status: 200, body: { errors: [{ message: 'nope', extensions: { code: 'UNAUTHENTICATED' } }] } }]);
    await expect(createLiftgateClient({ url: other.url, token: 't' }).request(Viewer)).rejects.toThrow('UNAUTHENTICATED: nope');
    expect(other.seen).toHaveLength(1);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});
