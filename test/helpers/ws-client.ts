/**
 * A graphql-ws client for tests: connects to a gateway's /graphql over WebSocket with a bearer
 * token in connectionParams, and turns each subscription into a queue the test reads with
 * `next()` (the next `next` payload, an `error`, or the completion).
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** One item a subscription produced. */
export type SubscriptionItem<T> =
  | { kind: 'next'; data?: T | null; errors?: readonly GraphQLFormattedError[] }
  | { kind: 'error'; error: unknown }
  | { kind: 'complete' };

export interface LiveSubscription<T> {
  /** The next item, or a rejection after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SubscriptionItem<T>>;
  /** Items received and not yet read. */
  pending(): number;
  /** Unsubscribes. */
  stop(): void;
}

export interface WsTestClient {
  client: Client;
  /** The socket's close event (code, reason), once closed. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once connection_ack arrived (rejects if the socket closes first). */
  connected: Promise<void>;
  subscribe<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables?: TVariables): LiveSubscription<TData>;
  dispose(): Promise<void>;
}

/** A client for `baseUrl` (http://host:port); `connectionParams` default to `{ authorization: 'Bearer <token>' }`. */
export function wsClient(baseUrl: string, token: string | null, connectionParams?: Record<string, unknown>): WsTestClient {
  let closedResolve!: (e: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((r) => (closedResolve = r));
  let ackResolve!: () => void;
  let ackReject!: (e: unknown) => void;
  const connected = new Promise<void>((res, rej) => {
    ackResolve = res;
    ackReject = rej;
  });
  connected.catch(() => {});
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    shouldRetry: () => false,
    connectionParams: connectionParams ?? (token ? { authorization: `Bearer ${token}` } : {}),
    on: {
      connected: () => ackResolve(),
      closed: (event) => {
        const e = event as { code: number; reason: string };
        ackReject(new Error(`closed ${e.code} ${e.reason}`));
        closedResolve({ code: e.code, reason: String(e.reason) });
      },
    },
    onNonLazyError: () => {},
  });

  return {
    client,
    closed,
    connected,
    subscribe<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables?: TVariables) {
      const items: SubscriptionItem<TData>[] = [];
      const waiters: ((item: SubscriptionItem<TData>) => void)[] = [];
      const deliver = (item: SubscriptionItem<TData>) => {
        const w = waiters.shift();
        if (w) w(item);
        else items.push(item);
      };
      const stop = client.subscribe<TData>(
        { query: print(document), variables: variables as Record<string, unknown> | undefined },
        {
          next: (value) => deliver({ kind: 'next', data: value.data as TData | null | undefined, errors: value.errors }),
          error: (error) => deliver({ kind: 'error', error }),
          complete: () => deliver({ kind: 'complete' }),
        },
      );
      return {
        next(timeoutMs = 15_000) {
          const ready = items.shift();
          if (ready) return Promise.resolve(ready);
          return new Promise<SubscriptionItem<TData>>((resolve, reject) => {
            const timer = setTimeout(() => {
              const i = waiters.indexOf(waiter);
              if (i >= 0) waiters.splice(i, 1);
              reject(new Error(`no subscription item within ${timeoutMs} ms`));
            }, timeoutMs);
            const waiter = (item: SubscriptionItem<TData>) => {
              clearTimeout(timer);
              resolve(item);
            };
            waiters.push(waiter);
          });
        },
        pending: () => items.length,
        stop,
      };
    },
    async dispose() {
      await client.dispose();
    },
  };
}
