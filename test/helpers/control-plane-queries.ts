/**
 * Counts the SQL statements the app's Prisma client sends to the control plane (PGlite or
 * PostgreSQL), through the diagnostics channel src/db/query-channel.ts publishes on.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { CONTROL_PLANE_QUERY_CHANNEL, type ControlPlaneQueryMessage } from '../../src/db/query-channel.js';

export interface ControlPlaneQueryLog {
  /** SQL text of each statement, in order. */
  readonly statements: string[];
  reset(): void;
  stop(): void;
}

/** Records every control-plane statement of this process until `stop()`. */
export function observeControlPlaneQueries(): ControlPlaneQueryLog {
  const statements: string[] = [];
  const onMessage = (message: unknown) => void statements.push((message as ControlPlaneQueryMessage).sql);
  diagnosticsChannel.subscribe(CONTROL_PLANE_QUERY_CHANNEL, onMessage);
  return {
    statements,
    reset: () => void statements.splice(0),
    stop: () => void diagnosticsChannel.unsubscribe(CONTROL_PLANE_QUERY_CHANNEL, onMessage),
  };
}
