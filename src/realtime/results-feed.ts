/**
 * Live experiment results, shared by every subscriber of an experiment in this process.
 *
 * One entry per experiment with subscribers: it listens to `eventsStored` for the experiment's
 * environment (one bus listener per experiment, not per subscriber) and re-reads the results at
 * most once per throttle window (`intervalMs`): a notice while a read is running or within the
 * window marks the entry dirty and one read follows when the window ends. Each read uses a fresh
 * results reader (never a request's cache); its DataLoader serves every subscriber and every
 * alpha from that one warehouse query. A new subscriber gets the latest read at once (from the
 * entry's last reader, no new query), or the first read when it is the first subscriber.
 *
 * Freshness: events stored → results re-sent within `intervalMs` + one read (the default 2 s
 * interval keeps it under the 5 s the issue asks). Each replica reads for its own subscribers.
 */
import { analysisKey, type ResultsAnalysis } from '../domain/results/analysis.js';
import { Repeater, SlidingBuffer } from 'graphql-yoga';
import type { Experiment } from '../generated/prisma/client.js';
import { NotFoundError } from '../domain/errors.js';
import type { ExperimentResults, ResultsReader } from '../domain/results/service.js';
import type { Logger } from '../lib/logger.js';
import type { RealtimeBus } from './bus.js';

/** What a subscriber receives: the experiment's results (null without a control) or why there are none now. */
export type ResultsUpdate = { results: ExperimentResults | null } | { error: unknown };

export interface ResultsFeedDeps {
  bus: RealtimeBus;
  /** A fresh results reader (one per read, shared by the subscribers of that read). */
  createReader(): ResultsReader;
  /** The results service's compute (settings-specific analysis over the reader's readout). */
  compute(experiment: Experiment, analysis: ResultsAnalysis, reader: ResultsReader): Promise<ExperimentResults | null>;
  /** The experiment's current row, or null once it is deleted. */
  reload(experiment: Experiment): Promise<Experiment | null>;
  /** Least time between two reads of one experiment, ms. */
  intervalMs: number;
  logger?: Logger;
  now?: () => number;
}

interface Watcher {
  analysis: ResultsAnalysis;
  delivered: boolean;
  push(update: ResultsUpdate): void;
}

interface Entry {
  experiment: Experiment;
  watchers: Set<Watcher>;
  /** The last successful read's reader: serves newcomers without a warehouse query. */
  reader: ResultsReader | null;
  lastReadAt: number;
  reading: boolean;
  dirty: boolean;
  timer: NodeJS.Timeout | null;
  unsubscribe(): void;
}

export interface ResultsFeed {
  /**
   * Updates of `experiment`'s results with `analysis` (alpha, method, correction, CUPED): the current results first, then again after new
   * events reach its environment (at most once per interval). Ends when the consumer returns.
   */
  watch(experiment: Experiment, analysis: ResultsAnalysis): AsyncIterableIterator<ResultsUpdate>;
  /** Reads started so far (all experiments), for tests and benchmarks. */
  reads(): number;
  /** Experiments with at least one subscriber in this process. */
  watchedExperiments(): number;
  /** Stops every timer (at shutdown). */
  close(): void;
}

/** Creates the process's results feed. */
export function createResultsFeed(deps: ResultsFeedDeps): ResultsFeed {
  const now = deps.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let reads = 0;

  function schedule(entry: Entry): void {
    if (entry.reading) {
      entry.dirty = true;
      return;
    }
    if (entry.timer) return;
    const delay = Math.max(0, entry.lastReadAt + deps.intervalMs - now());
    entry.timer = setTimeout(() => void refresh(entry), delay);
  }

  async function deliver(entry: Entry, reader: ResultsReader, only?: (w: Watcher) => boolean): Promise<void> {
    // One analysis per distinct settings, shared by the watchers that asked for them.
    const bySettings = new Map<string, Watcher[]>();
    for (const w of entry.watchers) {
      if (only && !only(w)) continue;
      const key = analysisKey(w.analysis);
      bySettings.set(key, [...(bySettings.get(key) ?? []), w]);
    }
    for (const watchers of bySettings.values()) {
      let update: ResultsUpdate;
      try {
        update = { results: await deps.compute(entry.experiment, watchers[0]!.analysis, reader) };
      } catch (error) {
        update = { error };
      }
      for (const w of watchers) {
        w.delivered = true;
        w.push(update);
      }
    }
  }

  async function refresh(entry: Entry): Promise<void> {
    entry.timer = null;
    if (entry.watchers.size === 0) return;
    entry.reading = true;
    entry.dirty = false;
    entry.lastReadAt = now();
    reads++;
    try {
      const row = await deps.reload(entry.experiment);
      if (!row) {
        entry.reader = null;
        for (const w of entry.watchers) w.push({ error: new NotFoundError('experiment not found') });
        return;
      }
      entry.experiment = row;
      const reader = deps.createReader();
      // Warm the reader once (one warehouse query), then every setting is analysed from its cache.
      await reader.load(row);
      entry.reader = reader;
      await deliver(entry, reader);
    } catch (error) {
      // A failed read is not cached: the next notice (or newcomer) reads again.
      entry.reader = null;
      for (const w of entry.watchers) {
        w.delivered = true;
        w.push({ error });
      }
    } finally {
      entry.reading = false;
      const reader = entry.reader;
      if (reader && [...entry.watchers].some((w) => !w.delivered)) await deliver(entry, reader, (w) => !w.delivered);
      if (entry.dirty && entry.watchers.size) schedule(entry);
    }
  }

  function join(entry: Entry, watcher: Watcher): void {
    entry.watchers.add(watcher);
    if (entry.reading) return; // the running read delivers to it
    if (entry.reader) {
      void deliver(entry, entry.reader, (w) => w === watcher);
      return;
    }
    if (!entry.timer) void refresh(entry);
  }

  function leave(entry: Entry, watcher: Watcher): void {
    entry.watchers.delete(watcher);
    if (entry.watchers.size > 0 || entries.get(entry.experiment.id) !== entry) return;
    entries.delete(entry.experiment.id);
    entry.unsubscribe();
    if (entry.timer) clearTimeout(entry.timer);
  }

  return {
    watch(experiment, analysis) {
      return new Repeater<ResultsUpdate>(async (push, stop) => {
        let entry = entries.get(experiment.id);
        if (!entry) {
          const created: Entry = {
            experiment,
            watchers: new Set(),
            reader: null,
            lastReadAt: 0,
            reading: false,
            dirty: false,
            timer: null,
            unsubscribe: () => {},
          };
          created.unsubscribe = deps.bus.subscribe('eventsStored', experiment.environmentId, () => schedule(created));
          entries.set(experiment.id, created);
          entry = created;
        }
        const watcher: Watcher = {
          analysis,
          delivered: false,
          push: (update) => {
            push(update).catch(() => {});
          },
        };
        join(entry, watcher);
        await stop;
        leave(entry, watcher);
        // A slow consumer only ever needs the latest results: older ones are dropped.
      }, new SlidingBuffer(1));
    },
    reads: () => reads,
    watchedExperiments: () => entries.size,
    close() {
      for (const entry of entries.values()) if (entry.timer) clearTimeout(entry.timer);
    },
  };
}
