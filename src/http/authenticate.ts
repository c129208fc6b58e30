/**
 * Request authentication for /graphql: bearer token → token actor; X-Environment-Key →
 * environment actor; else anonymous. Unknown, revoked or expired credentials count against the
 * client's failed-auth budget (auth-throttle.ts); over it, the request is refused with 429.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { Actor } from '../domain/access/actor.js';
import type { Services } from '../services.js';
import type { AuthThrottle } from './auth-throttle.js';

/** The caller of `request` from `ip`; throws a RATE_LIMITED GraphQL error (HTTP 429) when throttled. */
export async function authenticate(request: Request, ip: string, services: Services, throttle: AuthThrottle): Promise<Actor> {
  return authenticateCredentials(
    { authorization: request.headers.get('authorization'), environmentKey: request.headers.get('x-environment-key') },
    ip,
    services,
    throttle,
  );
}

/**
 * The caller presenting these credentials (an `Authorization` value, an environment key) from
 * `ip`, with the same rules and throttling as HTTP requests: a graphql-ws connection authenticates
 * its `connectionParams.authorization` here. Throws RATE_LIMITED like `authenticate`.
 */
export async function authenticateCredentials(
  credentials: { authorization: string | null; environmentKey: string | null },
  ip: string,
  services: Services,
  throttle: AuthThrottle,
): Promise<Actor> {
  const bearer = bearerSecret(credentials.authorization);
  const key = bearer ? null : credentials.environmentKey;
  if (!bearer && !key) return { kind: 'anonymous' };
  const wait = await throttle.blockedFor(ip);
  if (wait !== null) throw rateLimited(wait);
  if (bearer) {
    const actor = await services.tokens.authenticate(bearer);
    if (actor) return actor;
    await throttle.recordFailure(ip);
    return { kind: 'anonymous', invalidToken: true };
  }
  const env = await services.environments.findByKey(key!);
  if (env) return { kind: 'environmentKey', environmentId: env.id };
  await throttle.recordFailure(ip);
  return { kind: 'anonymous' };
}

/** Whether `request` carries a live bearer token; counts nothing against the failed-auth budget. */
export async function hasValidToken(request: Request, services: Services): Promise<boolean> {
  const bearer = bearerOf(request);
  return bearer ? (await services.tokens.authenticate(bearer)) !== null : false;
}

/** The secret of an `Authorization: Bearer <secret>` header, or undefined. */
export const bearerSecret = (authorization: string | null) => /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];

const bearerOf = (request: Request) => bearerSecret(request.headers.get('authorization'));

/** The top-level error of a throttled request: code RATE_LIMITED, HTTP 429 with Retry-After. */
export function rateLimited(retryAfterSeconds: number) {
  return createGraphQLError('too many failed authentication attempts from this client; retry later', {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
    },
  });
}

/** The peer address of a Node request (the socket's, not a forwarded header). */
export function clientIp(req: { socket?: { remoteAddress?: string } } | undefined): string {
  return req?.socket?.remoteAddress ?? 'unknown';
}
