/**
 * Reading an experiment's figures: a reader is created per GraphQL request, per subscription event
 * or per job run (never shared: its cache is that scope's view) and batches with DataLoader, so
 * however many `results` fields, metrics and alphas a scope asks for, an experiment costs one plan
 * and one warehouse query (family `results.metrics`). Frozen experiments are read from their
 * snapshot and cost no warehouse query.
 */
import DataLoader from 'dataloader';
import type { Experiment } from '../../generated/prisma/client.js';
import type { QueryOptions, WarehouseQueries } from '../../warehouse/query.js';
import { readAggregatesOverTime, readExperimentAggregates, type ExperimentAggregates } from '../../warehouse/readers/results.js';
import type { Sandbox } from '../../warehouse/sandbox.js';
import { fromSandboxError, fromWarehouseError } from '../warehouse-failure.js';
import type { ReadoutPlan, ResultsPlanner } from './plan.js';

/** An experiment's figures and where they come from. */
export interface Readout {
  plan: ReadoutPlan;
  aggregates: ExperimentAggregates;
  /** When the figures were read: the snapshot's time when frozen, else when the live read started. */
  readAt: Date;
  frozen: boolean;
}

/** Reads experiments' figures for one scope (request, event, job run). */
export interface ResultsReader {
  /** The experiment's readout, cached by experiment id for the reader's lifetime. Throws WarehouseUnavailableError. */
  load(experiment: Experiment): Promise<Readout>;
}

/**
 * Runs a live warehouse read of `plan`: with FACT metrics inside the environment's locked sandbox
 * session (user SQL runs in it), and every failure translated (typed sandbox limits, unavailable).
 */
async function inReadScope<T>(plan: ReadoutPlan, sandbox: Sandbox | undefined, read: (options: Pick<QueryOptions, 'session'>) => Promise<T>): Promise<T> {
  const scope = plan.sandboxScope;
  try {
    const session = scope && sandbox ? await sandbox.session(scope) : undefined;
    return await read(session ? { session } : {});
  } catch (err) {
    throw scope ? fromSandboxError(err) : fromWarehouseError(err);
  }
}

/** One live warehouse read of a plan; throws WarehouseUnavailableError when the warehouse cannot answer. */
export async function readLive(warehouse: WarehouseQueries, plan: ReadoutPlan, sandbox?: Sandbox): Promise<Readout> {
  const readAt = new Date();
  const aggregates = await inReadScope(plan, sandbox, (options) => readExperimentAggregates(warehouse, plan.request, options));
  return { plan, aggregates, readAt, frozen: false };
}

/** Cumulative aggregates at each bucket end (epoch ms) in one live read (family `results.over-time`); errors as readLive. */
export function readLiveOverTime(
  warehouse: WarehouseQueries,
  plan: ReadoutPlan,
  bucketEndsMs: number[],
  sandbox?: Sandbox,
): Promise<Map<number, ExperimentAggregates>> {
  return inReadScope(plan, sandbox, (options) => readAggregatesOverTime(warehouse, plan.request, bucketEndsMs, options));
}

/** A factory of readers over the given stores: call it once per scope. */
export function createResultsReaderFactory(deps: { planner: ResultsPlanner; warehouse: WarehouseQueries; sandbox?: Sandbox }): () => ResultsReader {
  const readOne = async (experiment: Experiment): Promise<Readout> => {
    const plan = await deps.planner.plan(experiment);
    if (plan.frozen) return { plan, aggregates: plan.frozen.aggregates, readAt: plan.frozen.takenAt, frozen: true };
    return readLive(deps.warehouse, plan, deps.sandbox);
  };
  return () => {
    const loader = new DataLoader<Experiment, Readout, string>(
      // DataLoader wants an Error per failed key: the failures are already translated by readLive.
      (experiments) => Promise.all(experiments.map((e) => readOne(e).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))))),
      { cacheKeyFn: (experiment) => experiment.id },
    );
    return { load: (experiment) => loader.load(experiment) };
  };
}
