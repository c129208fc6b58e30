/**
 * GraphQL over WebSocket (graphql-ws 6, `graphql-transport-ws` protocol) on the HTTP server's
 * `/graphql` path, executed through Yoga's envelop so every Yoga plugin applies as over HTTP:
 * operation limits (tokens, depth, aliases, directives, cost), error masking, scope auth.
 *
 * Authentication happens once, on `connection_init`: `connectionParams.authorization` must be a
 * live bearer token (`Bearer <secret>`, the same tokens and roles as HTTP). Anything else closes
 * the socket before any operation: 4401 without a token or with an unknown/revoked/expired one
 * (an environment key is not a token: SDK keys reach no subscription), 4429 when the client is
 * throttled for failed attempts. The connection's actor is the context of each operation; each
 * subscription re-checks it before every event it sends (src/graphql/subscriptions.ts).
 */
import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import type { Actor } from '../domain/access/actor.js';
import type { Logger } from '../lib/logger.js';

/** Most operations one connection may run at once. */
export const MAX_OPERATIONS_PER_CONNECTION = 100;

/** Why a connection is refused: a WebSocket close code and reason (reason ≤ 123 bytes). */
export interface Refusal { code: number; reason: string }

export interface WsServerDeps {
  server: Server;
  path: string;
  /** Yoga instance whose envelop (parse, validate, contextFactory, subscribe) runs each operation. */
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;
  /** The connection's actor from its `connectionParams` and upgrade request, or why it is refused. */
  authenticate(connectionParams: Readonly<Record<string, unknown>> | undefined, request: IncomingMessage): Promise<Actor | Refusal>;
  /** Largest message a client may send, bytes. */
  maxPayloadBytes: number;
  logger?: Logger;
}

export interface WsServer {
  /** Open WebSocket connections. */
  clients(): number;
  /** Closes every connection (1001 Going away) and the WebSocket server. */
  close(): Promise<void>;
}

type ConnectionExtra = { actor?: Actor };

/** Attaches graphql-ws to `server` at `path`. */
export function attachWsServer(deps: WsServerDeps): WsServer {
  const wss = new WebSocketServer({ server: deps.server, path: deps.path, maxPayload: deps.maxPayloadBytes });
  const disposable = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      // Never send internal error text to a client (graphql-ws closes with 4500 "Internal server error").
      isProd: true,
      async onConnect(ctx) {
        let outcome: Actor | Refusal;
        try {
          outcome = await deps.authenticate(ctx.connectionParams, ctx.extra.request);
        } catch (err) {
          const code = err instanceof GraphQLError ? err.extensions.code : undefined;
          if (code === 'RATE_LIMITED') outcome = { code: 4429, reason: 'too many failed authentication attempts; retry later' };
          else throw err;
        }
        if ('code' in outcome) {
          ctx.extra.socket.close(outcome.code, outcome.reason);
          return false;
        }
        ctx.extra.actor = outcome;
        return true;
      },
      async onSubscribe(ctx, _id, payload) {
        if (Object.keys(ctx.subscriptions).length > MAX_OPERATIONS_PER_CONNECTION) {
          return [new GraphQLError(`at most ${MAX_OPERATIONS_PER_CONNECTION} operations may run at once on one connection`, { extensions: { code: 'OPERATION_LIMIT', limit: 'operations' } })];
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = deps.yoga.getEnveloped({
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          wsActor: ctx.extra.actor,
        });
        let document;
        try {
          document = parse(payload.query);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
        let errors: readonly GraphQLError[];
        try {
          errors = validate(schema, document);
        } catch (err) {
          // The operation limits reject by throwing (src/graphql/limits.ts): a typed error, not a 4500.
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
        if (errors.length) return errors;
        const args: ExecutionArgs = {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        return args;
      },
      execute: (args) => (args.rootValue as { execute: (a: ExecutionArgs) => never }).execute(args),
      subscribe: (args) => (args.rootValue as { subscribe: (a: ExecutionArgs) => never }).subscribe(args),
    },
    wss,
  );
  wss.on('error', (err) => deps.logger?.error({ err }, 'WebSocket server error'));
  return {
    clients: () => wss.clients.size,
    close: () => disposable.dispose() as Promise<void>,
  };
}

/** Close codes used when refusing a connection (graphql-ws' own: 4401 Unauthorized, 4403 Forbidden). */
export const REFUSED = { unauthorized: CloseCode.Unauthorized, forbidden: CloseCode.Forbidden } as const;
