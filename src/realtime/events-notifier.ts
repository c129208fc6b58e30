/**
 * Tells every replica which environments got new events, once per flush of the event writer.
 *
 * The writer's flush report counts rows but names no environment, so the notifier learns the
 * environments from the writes themselves (`track` wraps the writer's `write`: a write that
 * stored rows marks its environment) and publishes the marked set as one `eventsStored` message
 * when the flush reports (`onFlush`, composed with the metrics' callback in services.ts). The
 * publication waits for a macrotask so the writes settled by that flush have marked theirs; a
 * fallback timer publishes marks no flush report claimed (e.g. a writer that reports differently).
 */
import type { RealtimeBus } from './bus.js';

/** Longest a mark waits for a flush report before it is published anyway, ms. */
const FALLBACK_MS = 250;

export interface EventsNotifier {
  /** Wraps a writer's `write`: every write that stored rows marks the rows' environments. */
  track<R extends { environment_id: string }, O extends { accepted: number }>(write: (rows: R[]) => Promise<O>): (rows: R[]) => Promise<O>;
  /** The writer's flush callback: publishes the environments marked so far. */
  onFlush(report: { inserted: number }): void;
  /** Messages published so far (for tests). */
  published(): number;
}

/** Creates the notifier publishing on `bus`. */
export function createEventsNotifier(bus: RealtimeBus): EventsNotifier {
  const marked = new Set<string>();
  let fallback: NodeJS.Timeout | null = null;
  let scheduled = false;
  let published = 0;

  function publish(): void {
    scheduled = false;
    if (fallback) clearTimeout(fallback);
    fallback = null;
    if (marked.size === 0) return;
    const environmentIds = [...marked];
    marked.clear();
    published++;
    bus.publish('eventsStored', { environmentIds });
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(publish);
  }

  return {
    track(write) {
      return async (rows) => {
        const outcome = await write(rows);
        if (outcome.accepted > 0) {
          for (const row of rows) marked.add(row.environment_id);
          fallback ??= setTimeout(publish, FALLBACK_MS);
        }
        return outcome;
      };
    },
    onFlush(report) {
      if (report.inserted > 0) schedule();
    },
    published: () => published,
  };
}
