/**
 * Who may read GET /metrics (Prometheus). The ingestion counters are operational data, so they
 * are never open on the public listener:
 * - `LIFTGATE_METRICS_TOKEN` set: /metrics answers on the main listener to `Authorization: Bearer
 *   <token>` (401 otherwise), and the metrics listener requires the same token;
 * - `LIFTGATE_METRICS_ADDR` (default 127.0.0.1:9464, `off` to disable): a separate listener that
 *   serves only /metrics, without a token unless one is set;
 * - the main listener answers 404 for /metrics when no token is configured.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { bearerSecret } from './authenticate.js';

export const METRICS_PATH = '/metrics';

/** The metrics text when `authorization` carries `token` (or no token is required), else 401. */
export async function metricsResponse(registry: Registry, authorization: string | null, token: string | undefined): Promise<Response> {
  if (token !== undefined && !bearerMatches(authorization, token)) {
    return new Response('metrics require Authorization: Bearer <LIFTGATE_METRICS_TOKEN>\n', {
      status: 401,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' },
    });
  }
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
}

/** Answer of the main listener for /metrics: 404 unless a metrics token is configured. */
export function publicMetricsResponse(registry: Registry, authorization: string | null, token: string | undefined): Promise<Response> {
  if (token === undefined) {
    return Promise.resolve(
      new Response('not found: /metrics is served on LIFTGATE_METRICS_ADDR, or here with LIFTGATE_METRICS_TOKEN\n', {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      }),
    );
  }
  return metricsResponse(registry, authorization, token);
}

/** Starts the metrics-only listener; resolves with its server and URL once listening. */
export async function startMetricsListener(
  address: { host: string; port: number },
  registry: Registry,
  token: string | undefined,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== METRICS_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: only GET /metrics is served here\n');
      return;
    }
    metricsResponse(registry, req.headers.authorization ?? null, token).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`cannot serve /metrics on ${address.host}:${address.port} (LIFTGATE_METRICS_ADDR): ${err.message}`)));
    server.listen(address.port, address.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return { server, url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}${METRICS_PATH}` };
}

/** Constant-time comparison of the bearer secret (hashed first, so lengths never leak). */
function bearerMatches(authorization: string | null, token: string): boolean {
  const sent = bearerSecret(authorization);
  if (!sent) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(sent), digest(token));
}
