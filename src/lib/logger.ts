/** Structured JSON logging (pino). */
import { pino, type Logger } from 'pino';

export type { Logger };

/** One root logger per process; children carry a `component` field. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'liftgate' } });
}
