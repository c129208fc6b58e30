/**
 * Live anomaly signals, shared by every subscriber of an environment in this process.
 *
 * One entry per environment with subscribers listens to `signalChanged` (one bus listener per
 * environment, whatever the number of subscribers). A message names the signal (id, metric): the
 * entry loads the signal ONCE from the control plane (a fresh read per message, never a request's
 * cache) and hands it to each subscriber whose metric filter matches. A subscriber that falls
 * MAX_QUEUED_SIGNALS behind ends with a SLOW_CONSUMER error instead of buffering without bound.
 */
import { createGraphQLError, Repeater } from 'graphql-yoga';
import type { Logger } from '../lib/logger.js';
import type { RealtimeBus, SignalChanged } from './bus.js';

/** Most signals a subscriber may have waiting before it is ended. */
export const MAX_QUEUED_SIGNALS = 256;

/** What a subscriber receives: a signal, or why its stream ends. */
export type SignalUpdate<S> = { signal: S } | { error: unknown };

/** A subscriber did not read its signals fast enough: its subscription ends with code SLOW_CONSUMER. */
export const slowConsumerError = () =>
  createGraphQLError(`the subscriber fell more than ${MAX_QUEUED_SIGNALS} signals behind; subscribe again`, { extensions: { code: 'SLOW_CONSUMER' } });

interface Watcher<S> {
  metricIds: ReadonlySet<string> | null;
  push(update: SignalUpdate<S>): void;
}

interface Entry<S> {
  watchers: Set<Watcher<S>>;
  unsubscribe(): void;
}

export interface SignalFeed<S> {
  /** New or changed signals of the environment, only of `metricIds` when given. Ends when the consumer returns. */
  watch(environmentId: string, metricIds: readonly string[] | null): AsyncIterableIterator<SignalUpdate<S>>;
  /** Signals loaded so far (one per message with a matching subscriber), for tests and benchmarks. */
  loads(): number;
  /** Subscribers in this process. */
  subscribers(): number;
}

/** Creates the process's signal feed; `load` reads a signal by id (null when gone). */
export function createSignalFeed<S>(deps: { bus: RealtimeBus; load(id: string): Promise<S | null>; logger?: Logger }): SignalFeed<S> {
  const entries = new Map<string, Entry<S>>();
  let loads = 0;

  async function onMessage(entry: Entry<S>, message: SignalChanged): Promise<void> {
    const targets = [...entry.watchers].filter((w) => !w.metricIds || w.metricIds.has(message.metricId));
    if (targets.length === 0) return;
    loads++;
    let update: SignalUpdate<S> | null;
    try {
      const signal = await deps.load(message.id);
      update = signal ? { signal } : null;
    } catch (err) {
      // Not the subscribers' fault and maybe transient: log it, keep the subscriptions.
      deps.logger?.error({ err, signalId: message.id }, 'could not load a changed anomaly signal');
      update = null;
    }
    if (update) for (const w of targets) if (entry.watchers.has(w)) w.push(update);
  }

  return {
    watch(environmentId, metricIds) {
      return new Repeater<SignalUpdate<S>>(async (push, stop) => {
        let entry = entries.get(environmentId);
        if (!entry) {
          const created: Entry<S> = { watchers: new Set(), unsubscribe: () => {} };
          created.unsubscribe = deps.bus.subscribe('signalChanged', environmentId, (m) => void onMessage(created, m));
          entries.set(environmentId, created);
          entry = created;
        }
        let waiting = 0;
        const watcher: Watcher<S> = {
          metricIds: metricIds ? new Set(metricIds) : null,
          push(update) {
            if (waiting >= MAX_QUEUED_SIGNALS) {
              entry!.watchers.delete(watcher);
              push({ error: slowConsumerError() }).catch(() => {});
              return;
            }
            // Unbuffered: push settles once the consumer took the value, so `waiting` is the backlog.
            waiting++;
            push(update).then(
              () => waiting--,
              () => {},
            );
          },
        };
        entry.watchers.add(watcher);
        await stop;
        entry.watchers.delete(watcher);
        if (entry.watchers.size === 0 && entries.get(environmentId) === entry) {
          entries.delete(environmentId);
          entry.unsubscribe();
        }
      });
    },
    loads: () => loads,
    subscribers: () => [...entries.values()].reduce((n, e) => n + e.watchers.size, 0),
  };
}
