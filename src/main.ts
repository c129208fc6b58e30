/** Process entry: load config, start the app, print a generated bootstrap token once, shut down cleanly. */
import { startApp, type App } from './app.js';
import { ConfigError, loadConfig, type Config } from './config/env.js';
import { DataDirLockedError } from './lib/data-dir-lock.js';
import { createLogger } from './lib/logger.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  // An operator's mistake, not a crash: the list of problems, no stack.
  if (!(err instanceof ConfigError)) throw err;
  console.error(`Liftgate cannot start: invalid configuration\n${err.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(2);
}
const logger = createLogger(config.logLevel);
let app: App;
try {
  app = await startApp(config, logger, {
    // Printed as soon as /healthz answers (the stores are still opening; /readyz says when ready).
    onListening: (url) => console.log(`Liftgate listening: ${url}/graphql`),
  });
} catch (err) {
  if (err instanceof ConfigError) {
    // Found once the stores are open (e.g. a revoked LIFTGATE_BOOTSTRAP_TOKEN).
    console.error(`Liftgate cannot start: invalid configuration\n${err.problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(2);
  }
  if (!(err instanceof DataDirLockedError)) throw err;
  console.error(`Liftgate cannot start: ${err.message}`);
  process.exit(3);
}

if (app.generatedBootstrapToken) {
  // Printed once: only its hash is stored.
  console.log(`\nBootstrap ADMIN token (shown once, store it now):\n\n  ${app.generatedBootstrapToken}\n`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

// Warm-ups run after listening (/readyz says `starting` meanwhile).
await app.ready;
console.log(`Liftgate ready: ${app.url}/graphql`);
