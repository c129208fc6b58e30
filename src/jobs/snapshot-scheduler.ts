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
 * stores after it (jobs/periodic.ts).
 */
import type { SnapshotHistory } from '../domain/results/history.js';
import type { Logger } from '../lib/logger.js';
import { createPeriodicJob } from './periodic.js';

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

  const job = createPeriodicJob(tick, { tickMs: options.tickMs, logger: options.logger, failure: 'results snapshot tick failed' });
  return {
    /** One tick: snapshot what is due. */
    runOnce: job.runOnce,
    /** Starts ticking every `tickMs` (the first tick right away). */
    start: job.start,
    /** Stops ticking and waits for the running tick to finish. */
    stop: job.stop,
  };
}
