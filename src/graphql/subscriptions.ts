/**
 * Subscription root fields: live results and anomaly signals, over graphql-ws (same port and path
 * as /graphql, src/realtime/ws-server.ts) and Yoga's SSE. Bearer tokens only: the Subscription
 * type requires the `token` scope, checked when the subscription starts (`authorizeOnSubscribe`),
 * so an environment (SDK) key reaches no subscription. Before every event it sends, a subscription
 * re-checks that its token is still valid: a revoked or expired token ends it with an
 * UNAUTHENTICATED error (`next` with errors, then `complete`).
 *
 * The events come from the process's shared feeds (src/realtime/): one read per experiment per
 * throttle window, one signal load per change, whatever the number of subscribers. Payloads never
 * resolve through the subscription context's request loaders.
 */
import { resolveAnalysis } from '../domain/results/analysis.js';
import { Repeater } from 'graphql-yoga';
import type { Context } from '../context.js';
import { DomainError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { ExperimentResults } from '../domain/results/service.js';
import { assertStillAuthenticated } from './access.js';
import { builder } from './builder.js';
import { WAREHOUSE_COST } from './cost.js';
import type { AnomalySignal } from '../generated/prisma/client.js';
import { decodeId } from './errors.js';
import { AnomalySignalNode } from './monitoring.js';
import { ExperimentResultsRef, ResultsAnalysisInput } from './results.js';

/** Most metric ids one anomalySignals subscription may filter on. */
export const MAX_SUBSCRIBED_METRICS = 100;

/** What a feed yields: a value, or an error to report (and maybe end on). */
type Update = { error: unknown } | Record<string, unknown>;

/** Errors a subscription reports and keeps running after: the warehouse may answer next time. */
const TRANSIENT = new Set(['WAREHOUSE_UNAVAILABLE', 'WAREHOUSE_LIMIT']);

function isTransient(error: unknown): boolean {
  return error instanceof DomainError && TRANSIENT.has(error.code);
}

/**
 * `source` with the caller's access re-checked before each update, ending after an error that is
 * not transient (access lost, the experiment deleted, a slow consumer). The source's errors become
 * updates, so the resolver reports them as typed errors instead of the stream failing untyped.
 */
function guarded<U extends Update>(ctx: Context, source: AsyncIterableIterator<U>): Repeater<U | { error: unknown }> {
  return new Repeater<U | { error: unknown }>(async (push, stop) => {
    let stopped = false;
    void stop.then(() => {
      stopped = true;
      void source.return?.();
    });
    try {
      for (;;) {
        const next = await Promise.race([source.next(), stop.then(() => ({ done: true as const, value: undefined }))]);
        if (next.done || stopped) break;
        try {
          await assertStillAuthenticated(ctx);
        } catch (error) {
          await push({ error });
          break;
        }
        await push(next.value);
        if ('error' in next.value && !isTransient(next.value.error)) break;
      }
    } catch (error) {
      await push({ error });
    }
    stop();
  });
}

/** The update's value, or its error thrown for the executor to report (typed, or masked if unexpected). */
function unwrap<T>(update: { error: unknown } | T): T {
  if (update && typeof update === 'object' && 'error' in update) throw update.error;
  return update as T;
}

builder.subscriptionType({
  description: 'Live data over graphql-ws (connectionParams.authorization = "Bearer <token>") or SSE (Accept: text/event-stream). Bearer tokens only.',
  authScopes: { token: true },
});

builder.subscriptionField('experimentResults', (t) =>
  t.field({
    type: ExperimentResultsRef,
    description:
      'The experiment\'s results now, then again whenever new events reach its environment: at most one warehouse read per experiment per LIFTGATE_LIVE_RESULTS_INTERVAL_MS (default 2 s), shared by every subscriber, so results follow events within 5 s. VIEWER or higher. Errors (extensions.code): NOT_FOUND (no such experiment visible, or deleted: ends), VALIDATION (alpha; an experiment without a control variant), UNAUTHENTICATED (token revoked or expired: ends), WAREHOUSE_UNAVAILABLE / WAREHOUSE_LIMIT (this update only).',
    args: {
      environmentKey: t.arg.string({ description: 'Key of the environment (VIEWER or higher there).' }),
      experimentKey: t.arg.string({ description: 'Experiment key, any case.' }),
      alpha: t.arg.float({ defaultValue: 0.05, required: false, description: 'Significance level, 0 < alpha < 1.' }),
      analysis: t.arg({ type: ResultsAnalysisInput, required: false, description: 'Method, correction and CUPED (defaults: FIXED, NONE, false).' }),
    },
    complexity: WAREHOUSE_COST,
    subscribe: async (_root, args, ctx) => {
      const analysis = resolveAnalysis(args.alpha, args.analysis);
      const experiment = await ctx.services.experiments.getVisibleByKey(ctx.actor, args.environmentKey, args.experimentKey);
      if (!experiment) throw new NotFoundError(`experiment ${args.experimentKey} not found`, ['experimentKey']);
      return guarded(ctx, ctx.services.realtime.results.watch(experiment, analysis));
    },
    resolve: (update) => {
      const { results } = unwrap(update as { error: unknown } | { results: ExperimentResults | null });
      if (!results) throw new ValidationError('the experiment has no control variant: results need one');
      return results;
    },
  }),
);

builder.subscriptionField('anomalySignals', (t) =>
  t.field({
    type: AnomalySignalNode,
    nullable: false,
    description:
      `Each anomaly signal of the environment as it is created or changes status (acknowledged, resolved), from whichever replica detected it; only of \`metricIds\` (at most ${MAX_SUBSCRIBED_METRICS}) when given. VIEWER or higher. Errors (extensions.code): NOT_FOUND (environment not visible), VALIDATION (metricIds), UNAUTHENTICATED (token revoked or expired: ends), SLOW_CONSUMER (fell too many signals behind: ends).`,
    args: {
      environmentKey: t.arg.string({ description: 'Key of the environment (VIEWER or higher there).' }),
      metricIds: t.arg.idList({ required: false, description: `Global ids of Metrics (at most ${MAX_SUBSCRIBED_METRICS}); all metrics when absent.` }),
    },
    subscribe: async (_root, args, ctx) => {
      const ids = args.metricIds ?? null;
      if (ids && ids.length > MAX_SUBSCRIBED_METRICS) throw new ValidationError(`at most ${MAX_SUBSCRIBED_METRICS} metricIds`, ['metricIds']);
      const metricIds = ids ? [...new Set(ids.map((id, i) => decodeId(id, 'Metric', ['metricIds', String(i)])))] : null;
      const environment = await ctx.services.environments.getVisible(ctx.actor, args.environmentKey);
      if (!environment) throw new NotFoundError(`environment ${args.environmentKey} not found`, ['environmentKey']);
      return guarded(ctx, ctx.services.realtime.signals.watch(environment.id, metricIds));
    },
    resolve: (update) => unwrap(update as { error: unknown } | { signal: AnomalySignal }).signal,
  }),
);
