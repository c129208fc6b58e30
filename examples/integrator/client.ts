/**
 * A small typed Liftgate client: `request(document, variables)` takes a TypedDocumentNode from
 * generated/ and returns that operation's typed `data`. Auth: `Authorization: Bearer <token>`.
 * Retries: an HTTP 503 or 429, or a top-level RATE_LIMITED / WAREHOUSE_UNAVAILABLE error, is sent
 * again after the server's `Retry-After` (seconds or an HTTP date; `extensions.retryAfterSeconds`
 * for GraphQL errors), else after an exponential backoff, at most `maxRetries` times. Any other
 * error is thrown as a LiftgateError.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface ClientOptions {
  /** Gateway base URL, e.g. http://localhost:4000 (the client posts to `${url}/graphql`). */
  url: string;
  /** A bearer token (the bootstrap token or one from createApiToken). */
  token: string;
  /** Retries of a 503/429 before giving up; default 5. */
  maxRetries?: number;
  /** First backoff when the server sends no Retry-After, doubled per retry; default 200 ms. */
  backoffMs?: number;
  /** Longest wait honoured per retry; default 30 s. */
  maxWaitMs?: number;
  fetch?: typeof fetch;
  /** Called before each retry (logging, metrics). */
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
}

export interface GraphQLErrorShape {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** A request that failed for good: HTTP status, GraphQL errors, or retries exhausted. */
export class LiftgateError extends Error {
  constructor(message: string, readonly status: number, readonly errors: readonly GraphQLErrorShape[] = []) {
    super(message);
    this.name = 'LiftgateError';
  }
}

const RETRIED_CODES = new Set(['RATE_LIMITED', 'WAREHOUSE_UNAVAILABLE', 'OPERATION_TIMEOUT']);

/** Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or null. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function createLiftgateClient(options: ClientOptions) {
  const endpoint = `${options.url.replace(/\/$/, '')}/graphql`;
  const doFetch = options.fetch ?? fetch;
  const maxRetries = options.maxRetries ?? 5;
  const backoffMs = options.backoffMs ?? 200;
  const maxWaitMs = options.maxWaitMs ?? 30_000;

  /** Runs `document` with `variables`; resolves with its typed `data`. */
  async function request<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables?: TVariables): Promise<TData> {
    const body = JSON.stringify({ query: print(document), variables: variables ?? {} });
    for (let attempt = 0; ; attempt++) {
      const response = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${options.token}` },
        body,
      });
      const json = (await response.json().catch(() => null)) as { data?: TData | null; errors?: GraphQLErrorShape[] } | null;
      const retryCode = json?.errors?.map((e) => e.extensions?.code).find((c): c is string => typeof c === 'string' && RETRIED_CODES.has(c));
      const retryable = response.status === 503 || response.status === 429 || retryCode !== undefined;
      if (retryable && attempt < maxRetries) {
        const fromError = json?.errors?.map((e) => e.extensions?.retryAfterSeconds).find((s): s is number => typeof s === 'number');
        const asked = retryAfterMs(response.headers.get('retry-after')) ?? (fromError !== undefined ? fromError * 1000 : null);
        const waitMs = Math.min(maxWaitMs, asked ?? backoffMs * 2 ** attempt);
        options.onRetry?.({ attempt: attempt + 1, waitMs, reason: retryCode ?? `HTTP ${response.status}` });
        await new Promise((done) => setTimeout(done, waitMs));
        continue;
      }
      if (json?.errors?.length) throw new LiftgateError(json.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '), response.status, json.errors);
      if (!response.ok || !json?.data) throw new LiftgateError(`HTTP ${response.status} from ${endpoint}`, response.status);
      return json.data;
    }
  }

  return { request };
}

export type LiftgateClient = ReturnType<typeof createLiftgateClient>;

/** Throws when a mutation payload carries user errors; returns the payload otherwise. */
export function ok<T extends { errors: readonly { code: string; message: string; field?: readonly string[] | null }[] }>(payload: T, what: string): T {
  if (payload.errors.length > 0) {
    throw new LiftgateError(`${what}: ${payload.errors.map((e) => `${e.code} ${e.message}${e.field ? ` at ${e.field.join('.')}` : ''}`).join('; ')}`, 200);
  }
  return payload;
}
