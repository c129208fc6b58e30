/**
 * The executable schema: imports every type module (order matters only for readability) and
 * declares the root types. Query and Mutation fields need a bearer token unless they opt out.
 */
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './errors.js';
import './environment.js';
import './access.js';
import './metric.js';
import './fact-table.js';
import './experiment.js';
import './attachment.js';
import './results.js';
import './events.js';
import './audit.js';
import './assignment.js';
import './subscriptions.js';
import './monitoring.js';
import './snapshots.js';

builder.queryType({ description: 'Reads: environments, metrics, experiments and their results, assignments, tokens, the audit log.', authScopes: { token: true } });
builder.mutationType({ description: 'Changes; each answers a payload with the object and `errors` (UserError list).', authScopes: { token: true } });

/** The schema as served (and printed, sorted, to schema/schema.graphql). */
export const schema = lexicographicSortSchema(builder.toSchema());
