/** Per-request GraphQL context: the caller, the domain services and fresh DataLoaders. */
import type { Actor } from './domain/access/actor.js';
import type { ExperimentResults } from './domain/results/service.js';
import type { Services } from './services.js';
import { createResultsLoader, type ResultsLoader } from './warehouse/loaders.js';

export interface Context {
  actor: Actor;
  services: Services;
  loaders: { results: ResultsLoader };
  /** Results computed in this request, by `${experimentId}:${alpha}` (many fields, one computation). */
  results: Map<string, Promise<ExperimentResults | null>>;
}

/** Builds a context for one request (loaders are never shared between requests). */
export function createContext(actor: Actor, services: Services): Context {
  return { actor, services, loaders: { results: createResultsLoader(services.warehouse) }, results: new Map() };
}
