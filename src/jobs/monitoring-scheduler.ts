/**
 * The monitoring scheduler: every tick, evaluates each monitored metric's buckets that have
 * closed (plus the lateness allowance for late events), catching up buckets missed while no
 * replica ran. Work is grouped by (environment, interval): a group's due metrics are claimed
 * together and evaluated with ONE warehouse scan. Claims are leases taken under a PostgreSQL
 * advisory lock (domain/monitoring/service.ts), so with several replicas — or several schedulers
 * on one embedded store — each evaluation runs on exactly one of them.
 *
 * `stop()` ends the loop and waits for the running tick, so the composition root can close the
 * stores after it.
 */
import { randomUUID } from 'node:crypto';
import type { MonitoringService } from '../domain/monitoring/service.js';
import type { Logger } from '../lib/logger.js';
import { createPeriodicJob } from './periodic.js';

export interface MonitoringSchedulerOptions {
  /** Time between ticks, ms. */
  tickMs: number;
  /** How long after a bucket ends it is evaluated (late events), ms. */
  latenessMs: number;
  /** How long a claim holds before another replica may take it over (a crashed evaluator), ms. */
  leaseMs?: number;
  /** Clock (tests move it). */
  now?: () => Date;
  logger?: Logger;
}

/** What one tick did. */
export interface TickSummary {
  groups: number;
  claimed: number;
  scored: number;
  created: number;
  resolved: number;
}

export type MonitoringScheduler = ReturnType<typeof createMonitoringScheduler>;

/** A scheduler over the monitoring service; call `start()` to run ticks, `stop()` before closing the stores. */
export function createMonitoringScheduler(monitoring: MonitoringService, options: MonitoringSchedulerOptions) {
  const owner = `replica-${randomUUID()}`;
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? 5 * 60_000;

  /** Claims and evaluates every due group once; a failing group is logged and retried next tick. */
  async function tick(): Promise<TickSummary> {
    const summary: TickSummary = { groups: 0, claimed: 0, scored: 0, created: 0, resolved: 0 };
    const at = now();
    for (const group of await monitoring.monitoredGroups()) {
      summary.groups++;
      const claimed = await monitoring.claimDue(group, { now: at, latenessMs: options.latenessMs, owner, leaseMs });
      if (claimed.length === 0) continue;
      summary.claimed += claimed.length;
      let evaluated = false;
      try {
        const result = await monitoring.evaluate(claimed, at);
        summary.scored += result.scored;
        summary.created += result.created;
        summary.resolved += result.resolved;
        evaluated = true;
      } catch (err) {
        options.logger?.warn({ err, environmentId: group.environmentId, interval: group.interval }, 'monitoring evaluation failed; retried next tick');
      } finally {
        await monitoring.release(claimed, owner, evaluated);
      }
    }
    return summary;
  }

  const job = createPeriodicJob(tick, { tickMs: options.tickMs, logger: options.logger, failure: 'monitoring tick failed' });

  return {
    /** This replica's lease owner id. */
    owner,
    /** One tick: claim and evaluate what is due. */
    runOnce: job.runOnce,
    /** Starts ticking every `tickMs` (the first tick right away). */
    start: job.start,
    /** Stops ticking and waits for the running tick to finish (its claims are released). */
    stop: job.stop,
  };
}
