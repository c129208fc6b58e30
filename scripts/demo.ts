/**
 * `npm run demo`: drives a running gateway end to end.
 *
 *   LIFTGATE_URL    gateway base URL (default http://localhost:4000)
 *   LIFTGATE_TOKEN  an ADMIN bearer token (fallback: LIFTGATE_BOOTSTRAP_TOKEN)
 *
 * Creates environment `demo` (reused when it exists), the metrics "Purchase conversion"
 * (OCCURRENCE of purchase) and "Revenue" (SUM of purchase value), the experiment CHECKOUT-REDESIGN
 * (CONTROL/TREATMENT 50/50 on feature checkout_redesign), starts it, sends 20,000 subjects'
 * exposures and purchases through POST /v1/events as the Flagsmith python SDK does, and prints
 * the results. When CHECKOUT-REDESIGN is already running it only prints its results again:
 * sending the traffic twice would count every subject's purchases twice.
 */
import {
  DEMO,
  EventsRequestError,
  GraphQLClient,
  GraphQLRequestError,
  UserErrorsError,
  ensureEnvironment,
  fetchResults,
  findExperiment,
  generateTraffic,
  percentile,
  printResults,
  sendBatches,
  setUpDemoExperiment,
} from './demo-traffic.js';

const log = (line = '') => console.log(line);

async function main(): Promise<number> {
  const baseUrl = (process.env.LIFTGATE_URL ?? 'http://localhost:4000').replace(/\/+$/, '');
  const token = process.env.LIFTGATE_TOKEN || process.env.LIFTGATE_BOOTSTRAP_TOKEN;
  if (!token) {
    console.error(
      'No API token: set LIFTGATE_TOKEN to an ADMIN token (or LIFTGATE_BOOTSTRAP_TOKEN to the token the gateway was started with).',
    );
    return 2;
  }
  const client = new GraphQLClient(baseUrl, token);
  log(`Liftgate demo against ${baseUrl}`);
  log();

  await ensureEnvironment(client, DEMO.environmentKey, DEMO.environmentName, log);
  const existing = await findExperiment(client, DEMO.environmentKey, DEMO.experimentKey);
  if (existing && existing.status !== 'DRAFT') {
    log(
      `experiment ${existing.key} exists already (${existing.status}): not sending traffic again, since that would count ` +
        'its subjects twice. Its current results:',
    );
    log();
    printResults(await fetchResults(client, DEMO.environmentKey, DEMO.experimentKey), log);
    log();
    log('(Start the gateway with an empty LIFTGATE_DATA_DIR to run the whole demo again.)');
    return 0;
  }

  await setUpDemoExperiment(client, {
    environmentKey: DEMO.environmentKey,
    experimentKey: DEMO.experimentKey,
    featureName: DEMO.featureName,
    log,
  });
  log();

  const traffic = generateTraffic({
    subjects: DEMO.subjects,
    seed: DEMO.seed,
    featureName: DEMO.featureName,
    batchSize: DEMO.batchSize,
  });
  const t = traffic.truth;
  log(
    `generated ${DEMO.subjects.toLocaleString('en-US')} subjects (seed ${DEMO.seed}): ` +
      `${traffic.exposures.toLocaleString('en-US')} exposures + ${traffic.purchases.toLocaleString('en-US')} purchases ` +
      `in ${traffic.batches.length} batches of ≤ ${DEMO.batchSize.toLocaleString('en-US')} events`,
  );
  log(
    `true conversion: CONTROL ${((DEMO.conversion.CONTROL ?? 0) * 100).toFixed(0)} %, TREATMENT ${((DEMO.conversion.TREATMENT ?? 0) * 100).toFixed(0)} % ` +
      `(drawn: ${(t.CONTROL.converters / t.CONTROL.subjects * 100).toFixed(2)} % vs ${(t.TREATMENT.converters / t.TREATMENT.subjects * 100).toFixed(2)} %)`,
  );

  const sent = await sendBatches(baseUrl, DEMO.environmentKey, traffic.batches, DEMO.concurrency);
  log(
    `sent ${sent.events.toLocaleString('en-US')} events in ${sent.requests} requests (${DEMO.concurrency} concurrent) ` +
      `in ${sent.seconds.toFixed(2)} s: ${Math.round(sent.eventsPerSecond).toLocaleString('en-US')} events/s ` +
      `(request p50 ${percentile(sent.latenciesMs, 50).toFixed(0)} ms, p99 ${percentile(sent.latenciesMs, 99).toFixed(0)} ms); ` +
      `accepted ${sent.accepted.toLocaleString('en-US')}, duplicates ${sent.duplicates}`,
  );
  log();

  printResults(await fetchResults(client, DEMO.environmentKey, DEMO.experimentKey), log);
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof GraphQLRequestError || err instanceof EventsRequestError || err instanceof UserErrorsError) {
    console.error(`\ndemo failed: ${err.message}`);
  } else {
    console.error('\ndemo failed:', err);
  }
  process.exitCode = 1;
}
