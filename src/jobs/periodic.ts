/**
 * The loop every scheduler in src/jobs shares: run a tick right away on `start()`, then again
 * `tickMs` after each one ends (never two at once on a replica), log a failed tick and go on, and
 * on `stop()` wait for the running tick so the composition root can close the stores after it.
 */
import type { Logger } from '../lib/logger.js';

export interface PeriodicJob<T> {
  /** Runs one tick now (or joins the running one). */
  runOnce(): Promise<T>;
  /** Starts ticking every `tickMs` (the first tick right away); a second call does nothing. */
  start(): void;
  /** Stops ticking and waits for the running tick to finish. */
  stop(): Promise<void>;
}

/** A loop over `tick`; `failure` is the log message of a tick that throws (logged at warn). */
export function createPeriodicJob<T>(tick: () => Promise<T>, options: { tickMs: number; logger?: Logger; failure: string }): PeriodicJob<T> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<T> | undefined;
  let stopped = true;

  function runOnce(): Promise<T> {
    running ??= tick().finally(() => {
      running = undefined;
    });
    return running;
  }

  function next(): void {
    runOnce()
      .catch((err: unknown) => options.logger?.warn({ err }, options.failure))
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(next, options.tickMs);
        timer.unref();
      });
  }

  return {
    runOnce,
    start(): void {
      if (!stopped) return;
      stopped = false;
      next();
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
