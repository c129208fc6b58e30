/** Per-request GraphQL context: the caller, the domain services and fresh readers/loaders. */
import type { Actor } from './domain/access/actor.js';
import type { MonitoringReader } from './domain/monitoring/series.js';
import type { ResultsReader } from './domain/results/service.js';
import type { Services } from './services.js';

export interface Context {
  actor: Actor;
  services: Services;
  /** Created per request, never shared: one warehouse query per experiment per request. */
  loaders: { results: ResultsReader; monitoring: MonitoringReader };
}

/** Builds a context for one request (loaders are never shared between requests). */
export function createContext(actor: Actor, services: Services): Context {
  return { actor, services, loaders: { results: services.results.createReader(), monitoring: services.monitoring.createReader() } };
}
