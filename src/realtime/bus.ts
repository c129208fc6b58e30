/**
 * The process's realtime bus: typed topics over Yoga's pub/sub, on an in-process event target or,
 * with REDIS_URL, on `@graphql-yoga/redis-event-target` so a message published on one replica
 * reaches every replica (Redis PUBLISH/SUBSCRIBE, channel `<LIFTGATE_REDIS_KEY_PREFIX>realtime:<topic>`).
 *
 * Fan-out is ours (design fact 8): each topic has exactly ONE listener on the event target per
 * process, consumed by one loop that hands each message to the local subscribers registered
 * under the message's routing key (an environment id) in a Map. A thousand subscribers add a
 * thousand Set entries, not a thousand EventTarget listeners or Redis subscriptions, so no
 * MaxListeners warning and one Redis channel per topic whatever the subscriber count.
 */
import { Redis } from 'ioredis';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSubEventTarget } from 'graphql-yoga';
import type { Logger } from '../lib/logger.js';

/** A signal was created or changed (status, figures): subscribers reload it by id. */
export interface SignalChanged { id: string; environmentId: string; metricId: string }
/** Events of these environments were stored by a flush of the event writer (on some replica). */
export interface EventsStored { environmentIds: string[] }

export interface Topics {
  signalChanged: SignalChanged;
  eventsStored: EventsStored;
}
export type TopicName = keyof Topics;

const TOPICS: TopicName[] = ['signalChanged', 'eventsStored'];

/** Routing key of a message: the environment(s) it concerns. */
const routingKeys: { [T in TopicName]: (m: Topics[T]) => string[] } = {
  signalChanged: (m) => [m.environmentId],
  eventsStored: (m) => m.environmentIds,
};

export type Listener<T extends TopicName> = (message: Topics[T]) => void;

export interface RealtimeBus {
  /** 'redis' when messages cross replicas, else 'in-process'. */
  kind: 'redis' | 'in-process';
  /** Publishes to every replica's subscribers of `topic` (fire and forget; failures are logged). */
  publish<T extends TopicName>(topic: T, message: Topics[T]): void;
  /** Calls `listener` for each message of `topic` routed to `environmentId`; returns the unsubscribe function. */
  subscribe<T extends TopicName>(topic: T, environmentId: string, listener: Listener<T>): () => void;
  /** Local subscribers of a topic (for tests and the fan-out benchmark). */
  listenerCount(topic: TopicName): number;
  /** Resolves once the Redis subscriptions are confirmed (at once in-process); rejects after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops the topic loops and closes the Redis connections. */
  close(): Promise<void>;
}

/** Creates the bus: Redis-backed when `redisUrl` is set, else in-process. */
export function createRealtimeBus(deps: { redisUrl?: string; keyPrefix: string; logger?: Logger }): RealtimeBus {
  const { logger } = deps;
  const channel = (topic: TopicName) => `${deps.keyPrefix}realtime:${topic}`;
  let redis: { publisher: Redis; subscriber: Redis } | null = null;
  let target: PubSubEventTarget<Record<string, [unknown]>> | undefined;
  if (deps.redisUrl) {
    let lastWarning = 0;
    const onError = (err: unknown) => {
      // ioredis reports every reconnection attempt: one warning a minute is enough.
      if (Date.now() - lastWarning < 60_000) return;
      lastWarning = Date.now();
      logger?.warn({ err }, 'Redis unreachable: realtime messages do not cross replicas meanwhile');
    };
    const options = { maxRetriesPerRequest: 2, lazyConnect: false };
    redis = { publisher: new Redis(deps.redisUrl, options), subscriber: new Redis(deps.redisUrl, options) };
    redis.publisher.on('error', onError);
    redis.subscriber.on('error', onError);
    const { publisher } = redis;
    target = createRedisEventTarget({
      // The event target does not await PUBLISH: a failure must be logged here, not left unhandled.
      publishClient: { publish: (ch: string, msg: string) => publisher.publish(ch, msg).catch(onError) } as unknown as Redis,
      subscribeClient: redis.subscriber,
    }) as unknown as PubSubEventTarget<Record<string, [unknown]>>;
  }
  const pubsub = createPubSub<Record<string, [unknown]>>(target ? { eventTarget: target } : undefined);

  const local = new Map<TopicName, Map<string, Set<Listener<TopicName>>>>(TOPICS.map((t) => [t, new Map()]));
  const loops = TOPICS.map((topic) => {
    const iterator = pubsub.subscribe(channel(topic))[Symbol.asyncIterator]();
    const done = (async () => {
      for (;;) {
        const { value, done: finished } = await iterator.next();
        if (finished) return;
        dispatch(topic, value as Topics[TopicName]);
      }
    })();
    return { iterator, done };
  });

  function dispatch(topic: TopicName, message: Topics[TopicName]): void {
    const byKey = local.get(topic)!;
    let keys: string[];
    try {
      keys = routingKeys[topic](message as never);
    } catch {
      return; // a malformed message from another process: nobody's business
    }
    for (const key of keys) {
      const listeners = byKey.get(key);
      if (!listeners) continue;
      for (const listener of [...listeners]) {
        try {
          listener(message);
        } catch (err) {
          logger?.error({ err, topic }, 'realtime listener failed');
        }
      }
    }
  }

  return {
    kind: redis ? 'redis' : 'in-process',
    publish(topic, message) {
      pubsub.publish(channel(topic), message);
    },
    subscribe(topic, environmentId, listener) {
      const byKey = local.get(topic)!;
      let set = byKey.get(environmentId);
      if (!set) byKey.set(environmentId, (set = new Set()));
      set.add(listener as Listener<TopicName>);
      return () => {
        set.delete(listener as Listener<TopicName>);
        if (set.size === 0 && byKey.get(environmentId) === set) byKey.delete(environmentId);
      };
    },
    listenerCount(topic) {
      let n = 0;
      for (const set of local.get(topic)!.values()) n += set.size;
      return n;
    },
    async ready(timeoutMs = 5_000) {
      if (!redis) return;
      // SUBSCRIBE is idempotent: re-issuing it resolves once Redis has confirmed the channels.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not confirm the realtime channels within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([redis.subscriber.subscribe(...TOPICS.map(channel)), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await Promise.all(loops.map((l) => l.iterator.return?.()));
      await Promise.all(loops.map((l) => l.done.catch(() => {})));
      if (redis) {
        redis.publisher.disconnect();
        redis.subscriber.disconnect();
      }
    },
  };
}
