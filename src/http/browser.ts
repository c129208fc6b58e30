/**
 * Browser-facing defaults. CORS: only origins in LIFTGATE_CORS_ORIGINS get CORS headers (none by
 * default: same-origin only), and never `Access-Control-Allow-Credentials`: the API authenticates
 * with an Authorization header that scripts set, not with cookies, so no origin needs credentials
 * (Yoga's own default reflects any origin *with* credentials). `*` admits every origin, still
 * without credentials. CSRF: a GraphQL request must be JSON (which a browser preflights) or carry
 * the CSRF header, so a form post or a plain GET from another site cannot run an operation.
 */
import type { CORSOptions } from 'graphql-yoga';

/** Header a non-JSON GraphQL request (e.g. GET) must carry; any value. */
export const CSRF_HEADER = 'x-graphql-csrf';

/** Yoga's `cors` option for an allow-list ([] = none, ['*'] = any origin, no credentials). */
export function corsOptions(origins: readonly string[]): (request: Request) => CORSOptions {
  const allowAll = origins.includes('*');
  const allowed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origin || !(allowAll || allowed.has(origin))) return false;
    return {
      origin: [origin],
      credentials: false,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type', 'x-environment-key', CSRF_HEADER],
      maxAge: 600,
    };
  };
}
