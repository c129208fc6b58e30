/**
 * Every SQL statement the Prisma client sends to the control plane is published on the
 * diagnostics channel `liftgate:control-plane:query` as `{ sql }` (node:diagnostics_channel, the
 * way pg and undici expose theirs). Nothing is built or sent while nobody subscribes, so production
 * pays one `hasSubscribers` check per statement; tests subscribe to count statements per request.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';

/** The channel's name: subscribe with `diagnostics_channel.subscribe(CONTROL_PLANE_QUERY_CHANNEL, fn)`. */
export const CONTROL_PLANE_QUERY_CHANNEL = 'liftgate:control-plane:query';

/** A message on the channel: the statement's SQL text (values are bound, not in the text). */
export interface ControlPlaneQueryMessage {
  sql: string;
}

const channel = diagnosticsChannel.channel(CONTROL_PLANE_QUERY_CHANNEL);

/** `factory` whose connections (and their transactions) publish each statement on the channel. */
export function observedAdapterFactory<F extends SqlDriverAdapterFactory>(factory: F): F {
  return forward(factory, {
    connect: async () => observedQueryable(await factory.connect()),
  });
}

function observedQueryable<Q extends Pick<SqlDriverAdapter, 'queryRaw' | 'executeRaw'>>(target: Q): Q {
  const publish = (query: SqlQuery) => {
    if (channel.hasSubscribers) channel.publish({ sql: query.sql } satisfies ControlPlaneQueryMessage);
  };
  return forward(target, {
    queryRaw: (query: SqlQuery) => (publish(query), target.queryRaw(query)),
    executeRaw: (query: SqlQuery) => (publish(query), target.executeRaw(query)),
    ...('startTransaction' in target
      ? { startTransaction: async (...args: unknown[]) => observedQueryable(await (target as unknown as SqlDriverAdapter).startTransaction(...(args as []))) }
      : {}),
  });
}

/** A view of `target` with `overrides`; every other member is the target's own (methods bound to it). */
function forward<T extends object>(target: T, overrides: Record<string, unknown>): T {
  return new Proxy(target, {
    get(obj, prop) {
      if (typeof prop === 'string' && Object.hasOwn(overrides, prop)) return overrides[prop];
      const value = Reflect.get(obj, prop, obj);
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}
