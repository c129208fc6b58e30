/**
 * The gateway as a child process, for tests that kill it (crash durability): configured from the
 * environment like `npm start`, prints `READY <url>` once listening. Run with
 * `node --experimental-wasm-modules --import tsx test/helpers/app-process.ts`.
 */
import { startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/lib/logger.js';

// Children of parallel test files must not compete for the default metrics port.
const config = loadConfig({ LIFTGATE_METRICS_ADDR: '127.0.0.1:0', ...process.env });
const app = await startApp(config, createLogger(config.logLevel));
await app.ready;
process.stdout.write(`READY ${app.url}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
