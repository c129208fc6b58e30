/**
 * The integrator example end to end, against a running gateway (`npm run integrator`, with
 * LIFTGATE_URL, default http://localhost:4000, and LIFTGATE_TOKEN, an ADMIN token such as the
 * bootstrap one): creates an environment, a metric and an experiment, attaches and starts it,
 * assigns 40 subjects, sends their purchases, and reads the results — every request a typed
 * document from generated/ sent through client.ts. Exits non-zero on any error.
 */
import { createLiftgateClient, ok } from './client.js';
import {
  IntegratorAssignSubjectDocument, IntegratorAttachMetricDocument, IntegratorCreateEnvironmentDocument,
  IntegratorCreateExperimentDocument, IntegratorCreateMetricDocument, IntegratorResultsDocument,
  IntegratorStartExperimentDocument, IntegratorTrackEventsDocument,
} from './generated/graphql.js';

const url = process.env.LIFTGATE_URL ?? 'http://localhost:4000';
const token = process.env.LIFTGATE_TOKEN;
if (!token) {
  console.error('LIFTGATE_TOKEN is required (an ADMIN token, e.g. the bootstrap token)');
  process.exit(2);
}

const client = createLiftgateClient({
  url,
  token,
  onRetry: ({ attempt, waitMs, reason }) => console.log(`retry ${attempt} in ${waitMs} ms (${reason})`),
});
const environmentKey = `integrator-${Date.now().toString(36)}`;

const { createEnvironment } = await client.request(IntegratorCreateEnvironmentDocument, { input: { name: 'Integrator example', key: environmentKey } });
ok(createEnvironment, 'createEnvironment');

const { createMetric } = await client.request(IntegratorCreateMetricDocument, {
  input: { environmentKey, name: 'Purchases', aggregation: 'COUNT', definition: { event: { event: 'purchase' } } },
});
const metric = ok(createMetric, 'createMetric').metric!;

const { createExperiment } = await client.request(IntegratorCreateExperimentDocument, {
  input: {
    environmentKey, key: 'signup-flow', name: 'Signup flow', featureName: 'signup_flow',
    variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'short-form', name: 'Short form' }],
    allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'SHORT-FORM', split: 0.5 }],
  },
});
const experiment = ok(createExperiment, 'createExperiment').experiment!;

const { attachMetric } = await client.request(IntegratorAttachMetricDocument, {
  input: { experimentId: experiment.id, metricId: metric.id, role: 'PRIMARY', expectedDirection: 'INCREASE' },
});
const version = ok(attachMetric, 'attachMetric').experimentMetric!.experiment.resourceVersion;

const { startExperiment } = await client.request(IntegratorStartExperimentDocument, { input: { experimentId: experiment.id, expectedResourceVersion: version } });
console.log(`experiment ${experiment.key}: ${ok(startExperiment, 'startExperiment').experiment!.status}`);

// Assignment records each subject's exposure (trackExposure defaults to true).
const variants = new Map<string, string>();
for (let i = 0; i < 40; i++) {
  const subjectId = `user_${i}`;
  const { assignSubject } = await client.request(IntegratorAssignSubjectDocument, { input: { environmentKey, experimentKey: experiment.key, subjectId } });
  variants.set(subjectId, ok(assignSubject, 'assignSubject').assignment!.variant!.key);
}

// Purchases: SHORT-FORM subjects buy 1–2 times, CONTROL subjects 0–2 times (deterministic by id).
const now = Date.now();
const events = [...variants].flatMap(([identifier, variant], i) =>
  Array.from({ length: variant === 'SHORT-FORM' ? 1 + (i % 2) : i % 3 }, (_, n) => ({ event: 'purchase', identifier, value: 10 + n, timestamp: now + n })));
const { trackEvents } = await client.request(IntegratorTrackEventsDocument, { input: { environmentKey, events } });
ok(trackEvents, 'trackEvents');
if (trackEvents.rejected.length > 0) throw new Error(`events rejected: ${JSON.stringify(trackEvents.rejected)}`);
console.log(`sent ${events.length} events: accepted ${trackEvents.accepted}, duplicates ${trackEvents.duplicates}`);

const { experiment: read } = await client.request(IntegratorResultsDocument, { environmentKey, key: experiment.key, alpha: 0.05 });
const results = read?.results;
if (!results) throw new Error('no results');
for (const e of results.exposures) console.log(`${e.variant.key}: ${e.subjects} subjects (${(e.observedShare * 100).toFixed(1)} %)`);
for (const m of results.metrics) {
  for (const c of m.comparisons) {
    console.log(`${m.metric.name} ${c.variant.key} vs CONTROL: ${c.absoluteLift.estimate.toFixed(2)} [${c.absoluteLift.ciLower.toFixed(2)}, ${c.absoluteLift.ciUpper.toFixed(2)}], p = ${c.pValue.toExponential(2)}, ${m.verdict}`);
  }
}
const exposed = results.exposures.reduce((s, e) => s + e.subjects, 0);
if (exposed !== variants.size) throw new Error(`expected ${variants.size} exposed subjects, results count ${exposed}`);
console.log('integrator example: ok');
