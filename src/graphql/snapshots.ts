/**
 * Results history (issue 10): Experiment.snapshots, every results snapshot of an experiment,
 * oldest first, each with its analysis settings and its results recomputed from the stored
 * readout (no warehouse query). Rows come from the snapshot history (domain/results/history.ts).
 */
import { SnapshotTrigger } from '../generated/prisma/client.js';
import { resolveAnalysis } from '../domain/results/analysis.js';
import { snapshotSettings } from '../domain/results/history.js';
import type { FrozenReadout } from '../domain/results/snapshot.js';
import { builder } from './builder.js';
import { LIST_MULTIPLIER, pagedCost } from './cost.js';
import { ExperimentNode } from './experiment.js';
import { maxPageSize } from './paging.js';
import { ExperimentResultsRef, ResultsAnalysisInput, ResultsAnalysisRef } from './results.js';

const SnapshotTriggerEnum = builder.enumType(SnapshotTrigger, {
  name: 'SnapshotTrigger',
  description: 'Why a results snapshot was taken.',
  values: {
    SCHEDULED: { description: 'The daily snapshot of an ACTIVE experiment (one per UTC day).' },
    FREEZE: { description: 'The freeze when a winner was declared or the experiment ended; Experiment.results reads it from then on.' },
  },
});

const ResultsSnapshotObject = builder.prismaObject('ExperimentSnapshot', {
  name: 'ResultsSnapshot',
  description: 'One stored readout of an experiment\'s results: never changed once taken.',
  select: { id: true, experimentId: true, trigger: true, readout: true, takenAt: true, settings: true, experiment: true },
  fields: (t) => ({
    trigger: t.field({ type: SnapshotTriggerEnum, description: 'Why it was taken.', resolve: (s) => s.trigger }),
    slot: t.exposeString('slot', { description: 'SCHEDULED: the UTC day (YYYY-MM-DD) it stands for; FREEZE: "freeze".' }),
    takenAt: t.expose('takenAt', { type: 'DateTime', description: 'When its warehouse read started.' }),
    settings: t.field({ type: ResultsAnalysisRef, description: 'The analysis settings it is stored with.', resolve: (s) => snapshotSettings(s) }),
    results: t.field({
      type: ExperimentResultsRef,
      nullable: true,
      description:
        'Its results, recomputed from the stored figures with its settings (or the ones given): the same bytes on every read. No warehouse query. Null without a control variant. Errors: VALIDATION (alpha).',
      args: {
        alpha: t.arg.float({ required: false, description: 'Significance level, 0 < alpha < 1; default the stored one.' }),
        analysis: t.arg({ type: ResultsAnalysisInput, required: false, description: 'Method, correction, CUPED; default the stored ones.' }),
      },
      // Control-plane reads only (variants, cohorts, attachments), per snapshot.
      complexity: LIST_MULTIPLIER,
      resolve: (s, args, ctx) => {
        const stored = snapshotSettings(s);
        const analysis = args.alpha == null && args.analysis == null ? stored : resolveAnalysis(args.alpha ?? stored.alpha, { ...stored, ...args.analysis });
        return ctx.services.results.computeStored(s.experiment, { readout: s.readout as unknown as FrozenReadout, takenAt: s.takenAt }, analysis);
      },
    }),
  }),
});

const ResultsSnapshotConnection = builder.connectionObject(
  { type: ResultsSnapshotObject, name: 'ResultsSnapshotConnection', description: 'A page of an experiment\'s results snapshots, oldest first.' },
  { name: 'ResultsSnapshotEdge', description: 'A snapshot in the experiment\'s history.' },
);

builder.prismaObjectField(ExperimentNode, 'snapshots', (t) =>
  t.prismaConnection(
    {
      type: 'ExperimentSnapshot',
      cursor: 'id',
      complexity: pagedCost,
      maxSize: maxPageSize,
      description: 'Every results snapshot of the experiment, oldest first: one per UTC day while ACTIVE, then the freeze.',
      totalCount: (e, _args, ctx) => ctx.services.snapshots.count(e.id),
      resolve: (query, e, _args, ctx) => ctx.services.snapshots.list(e.id, query),
    },
    ResultsSnapshotConnection,
  ),
);
