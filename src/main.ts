/** Process entry: load config, start the app, print a generated bootstrap token once, shut down cleanly. */
import { startApp } from './app.js';
import { loadConfig } from './config/env.js';
import { createLogger } from './lib/logger.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const app = await startApp(config, logger);

if (app.generatedBootstrapToken) {
  // Printed once: only its hash is stored.
  console.log(`\nBootstrap ADMIN token (shown once, store it now):\n\n  ${app.generatedBootstrapToken}\n`);
}
console.log(`Liftgate ready: ${app.url}/graphql`);

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
