/**
 * The control-plane change feed: "experiment configuration in environment E changed", delivered
 * to every replica so each drops what it cached of E (domain/experiment/config-cache.ts).
 *
 * Transports, chosen by app.ts: Redis pub/sub when REDIS_URL is set; PostgreSQL LISTEN/NOTIFY on
 * PostgreSQL (DATABASE_URL); in-process otherwise (PGlite: one process per data directory, so
 * there is no other replica to tell).
 *
 * Delivery: `publish` runs the local listeners synchronously first (the changing replica never
 * serves what it just changed), then sends the message to the other replicas, after the change
 * committed. A message can be lost while a replica's subscription is down: the feed then reports
 * `connected() === false` and a `reset` when it is back, and caches must not serve meanwhile and
 * drop everything on `reset`. A message is also lost when the publishing process dies between its
 * commit and its publish; that case is bounded by the caches' maximum entry age.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import pg from 'pg';

/** A change of an experiment's configuration (status, variants, cohorts, winner, descriptive fields). */
export interface ControlPlaneChange {
  environmentId: string;
  experimentId: string;
  /** The experiment's resourceVersion after the change; null when unknown (e.g. deletion). */
  resourceVersion: number | null;
}

/** What listeners receive: a change, or `reset` (messages may have been missed: drop everything). */
export type ChangeFeedEvent = { kind: 'change'; change: ControlPlaneChange } | { kind: 'reset' };

export interface ChangeFeed {
  readonly transport: 'redis' | 'postgres' | 'in-process';
  /** Tells this process's listeners at once, then the other replicas; never throws. */
  publish(change: ControlPlaneChange): void;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: ChangeFeedEvent) => void): () => void;
  /** Whether other replicas' changes are being received now (always true in-process). */
  connected(): boolean;
  close(): Promise<void>;
}

/** Options shared by the networked transports. */
interface FeedOptions {
  /** Called with transport errors (connection lost, publish failed); the feed recovers by itself. */
  onError?: (err: unknown) => void;
}

/** The PostgreSQL NOTIFY channel (an identifier) and the Redis channel suffix. */
export const CHANGE_CHANNEL = 'liftgate_control_plane_changes';

/**
 * A networked transport's wire text: the change and the publishing process's `origin`. A process
 * ignores its own messages: `publish` already told its listeners, and an echo arriving later would
 * only drop what it cached since (every change invalidating twice on the replica that made it).
 */
function encodeChange(change: ControlPlaneChange, origin: string): string {
  return JSON.stringify({ ...change, origin });
}

/** The change a message carries; null when malformed or sent by `ownOrigin`. */
function parseChange(text: string, ownOrigin: string): ControlPlaneChange | null {
  try {
    const v = JSON.parse(text) as Partial<ControlPlaneChange> & { origin?: unknown };
    if (v.origin === ownOrigin) return null;
    if (typeof v.environmentId !== 'string' || typeof v.experimentId !== 'string') return null;
    return { environmentId: v.environmentId, experimentId: v.experimentId, resourceVersion: typeof v.resourceVersion === 'number' ? v.resourceVersion : null };
  } catch {
    return null;
  }
}

/** Local listeners plus the connected flag; transports call `deliver` and `setConnected`. */
function createHub(transport: ChangeFeed['transport']) {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let isConnected = transport === 'in-process';
  return {
    deliver(event: ChangeFeedEvent) {
      emitter.emit('event', event);
    },
    setConnected(value: boolean) {
      const was = isConnected;
      isConnected = value;
      // Both edges reset: messages sent while down were missed, and nothing cached may outlive them.
      if (was !== value) emitter.emit('event', { kind: 'reset' } satisfies ChangeFeedEvent);
    },
    subscribe(listener: (event: ChangeFeedEvent) => void) {
      emitter.on('event', listener);
      return () => void emitter.off('event', listener);
    },
    connected: () => isConnected,
  };
}

/** Changes reach this process only (PGlite, or tests of one replica). */
export function createInProcessChangeFeed(): ChangeFeed {
  const hub = createHub('in-process');
  return {
    transport: 'in-process',
    publish: (change) => hub.deliver({ kind: 'change', change }),
    subscribe: hub.subscribe,
    connected: hub.connected,
    close: async () => {},
  };
}

/**
 * Redis pub/sub on `<keyPrefix>control-plane-changes`: one subscriber connection, one publisher
 * connection (ioredis reconnects and resubscribes by itself).
 */
export function createRedisChangeFeed(opts: FeedOptions & { url: string; keyPrefix: string }): ChangeFeed {
  const hub = createHub('redis');
  const origin = randomUUID();
  const channel = `${opts.keyPrefix}control-plane-changes`;
  const onError = (err: unknown) => opts.onError?.(err);
  const subscriber = new Redis(opts.url, { maxRetriesPerRequest: null, enableOfflineQueue: true });
  const publisher = new Redis(opts.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  subscriber.on('error', onError);
  publisher.on('error', onError);
  subscriber.on('message', (ch: string, text: string) => {
    const change = ch === channel ? parseChange(text, origin) : null;
    if (change) hub.deliver({ kind: 'change', change });
  });
  // `ready` follows every (re)connection once the subscription is restored.
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(() => hub.setConnected(true), onError);
  });
  subscriber.on('close', () => hub.setConnected(false));
  return {
    transport: 'redis',
    publish(change) {
      hub.deliver({ kind: 'change', change });
      publisher.publish(channel, encodeChange(change, origin)).catch(onError);
    },
    subscribe: hub.subscribe,
    connected: hub.connected,
    async close() {
      hub.setConnected(false);
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}

/**
 * PostgreSQL LISTEN/NOTIFY on CHANGE_CHANNEL over one dedicated connection (also used to NOTIFY);
 * reconnects every `retryMs` while down.
 */
export function createPostgresChangeFeed(opts: FeedOptions & { connectionString: string; retryMs?: number }): ChangeFeed {
  const hub = createHub('postgres');
  const origin = randomUUID();
  const retryMs = opts.retryMs ?? 500;
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async () => {
    retry = null;
    const c = new pg.Client({ connectionString: opts.connectionString });
    c.on('notification', (msg) => {
      const change = msg.channel === CHANGE_CHANNEL && msg.payload ? parseChange(msg.payload, origin) : null;
      if (change) hub.deliver({ kind: 'change', change });
    });
    const down = (err?: unknown) => {
      if (err) opts.onError?.(err);
      if (client !== c) return;
      client = null;
      hub.setConnected(false);
      void c.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect(), retryMs);
    };
    c.on('error', down);
    c.on('end', () => down());
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (closed) {
        await c.end();
        return;
      }
      client = c;
      hub.setConnected(true);
    } catch (err) {
      opts.onError?.(err);
      void c.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect(), retryMs);
    }
  };
  const started = connect();

  return {
    transport: 'postgres',
    publish(change) {
      hub.deliver({ kind: 'change', change });
      const c = client;
      if (!c) return opts.onError?.(new Error('change feed: not connected to PostgreSQL; other replicas rely on their cache age bound'));
      c.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, encodeChange(change, origin)]).catch((err: unknown) => opts.onError?.(err));
    },
    subscribe: hub.subscribe,
    connected: hub.connected,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await started;
      const c = client;
      client = null;
      hub.setConnected(false);
      if (c) await c.end().catch(() => {});
    },
  };
}

/**
 * The feed for a deployment: Redis pub/sub when `redisUrl` is set, else PostgreSQL LISTEN/NOTIFY
 * when `databaseUrl` is set, else in-process.
 */
export function openChangeFeed(opts: FeedOptions & { redisUrl?: string; redisKeyPrefix: string; databaseUrl?: string }): ChangeFeed {
  if (opts.redisUrl) return createRedisChangeFeed({ url: opts.redisUrl, keyPrefix: opts.redisKeyPrefix, onError: opts.onError });
  if (opts.databaseUrl) return createPostgresChangeFeed({ connectionString: opts.databaseUrl, onError: opts.onError });
  return createInProcessChangeFeed();
}
