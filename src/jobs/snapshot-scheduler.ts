/**
 * The results snapshot scheduler: every tick, takes today's (UTC) snapshot of each ACTIVE
 * experiment that has none yet (domain/results/history.ts), so an experiment's results history
 * holds one readout per day while it runs, plus its freeze. A tick reads the warehouse once per
 * due experiment, one after the other (analytical reads queue in chDB anyway), at most
 * `batch` experiments per tick. With several replicas, the write is exactly-once per (experiment,
 * day) — under the experiment's advisory lock, against a unique slot — while two replicas may at
 * worst both read the same experiment once that day.
 *
 * `stop()` ends the loop and waits for the running tick, so the composition root can close the
 * stores after it. Follows jobs/monitoring-scheduler.ts.
 */
import type { SnapshotHistory } from '../domain/results/history.js';
import type { Logger } from '../lib/logger.js';

export interface SnapshotSchedulerOptions {
  /** Time between ticks, ms. */
  tickMs: number;
  /** Most experiments snapshotted per tick (the rest wait for the next). */
  batch?: number;
  /** Clock (tests move it). */
  now?: () => Date;
  logger?: Logger;
}

/** What one tick did. */
export interface SnapshotTickSummary {
  due: number;
  taken: number;
  failed: number;
}

export type SnapshotScheduler = ReturnType<typeof createSnapshotScheduler>;

/** A scheduler over the snapshot history; `start()` runs ticks, `stop()` before closing the stores. */
export function createSnapshotScheduler(history: SnapshotHistory, options: SnapshotSchedulerOptions) {
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<SnapshotTickSummary> | undefined;
  let stopped = true;

  /** Snapshots every due experiment once; a failing one is logged and retried next tick. */
  async function tick(): Promise<SnapshotTickSummary> {
    const at = now();
    const due = await history.due(at, options.batch ?? 100);
    const summary: SnapshotTickSummary = { due: due.length, taken: 0, failed: 0 };
    for (const experiment of due) {
      try {
        if (await history.takeScheduled(experiment, at)) summary.taken++;
      } catch (err) {
        summary.failed++;
        options.logger?.warn({ err, experimentId: experiment.id }, 'results snapshot failed; retried next tick');
      }
    }
    return summary;
  }

  /** Runs one tick now (or joins the running one). */
  function runOnce(): Promise<SnapshotTickSummary> {
    running ??= tick().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((err: unknown) => options.logger?.warn({ err }, 'results snapshot tick failed'))
        .finally(schedule);
    }, options.tickMs);
    timer.unref();
  }

  return {
    /** One tick: snapshot what is due. */
    runOnce,
    /** Starts ticking every `tickMs` (the first tick right away). */
    start(): void {
      if (!stopped) return;
      stopped = false;
      runOnce()
        .catch((err: unknown) => options.logger?.warn({ err }, 'results snapshot tick failed'))
        .finally(schedule);
    },
    /** Stops ticking and waits for the running tick to finish. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
