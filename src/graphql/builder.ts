/**
 * The Pothos SchemaBuilder: plugin order (scope-auth first), scalars and auth scopes. Defines no
 * types of its own. Global ids are the relay plugin's base64("Type:uuid").
 */
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isProductionEnv } from '../config/env.js';
import type { Context } from '../context.js';
import { prismaClient } from '../db/prisma-ref.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { LIST_MULTIPLIER } from './cost.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { token: boolean; sdk: boolean };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  /** Every contract connection has totalCount: prisma connections set it, as a value or a thunk. */
  Connection: { totalCount: number | (() => number | Promise<number>) };
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, ComplexityPlugin],
  // Only the weights: the limit is checked before execution (src/graphql/limits.ts).
  complexity: { defaultComplexity: 1, defaultListMultiplier: LIST_MULTIPLIER },
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      token: ctx.actor.kind === 'token',
      sdk: ctx.actor.kind === 'token' || ctx.actor.kind === 'environmentKey',
    }),
    unauthorizedError: (_parent, ctx) =>
      new GraphQLError(
        ctx.actor.kind === 'anonymous' && ctx.actor.invalidToken
          ? 'invalid or revoked (or expired) bearer token'
          : 'authentication required: send Authorization: Bearer <token>',
        { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } },
      ),
  },
  prisma: {
    client: () => prismaClient(),
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: isProductionEnv() ? null : 'error',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesQueryOptions: false,
    // A connection's page is counted on the connection field (cost.ts pagedCost), not again here
    // (edgesFieldOptions below).
    nodeQueryOptions: { description: 'Fetches any object by its global id; null when absent or not visible.', args: { id: { description: 'A global id.' } } },
    // Descriptions of what the relay plugin generates (Node, PageInfo, connections, paging args).
    idFieldOptions: { description: 'Global id (opaque; accepted by `node(id:)` and by mutations).' },
    nodeTypeOptions: { description: 'An object with a global id, readable through `Query.node`.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its list (Relay cursor paging).' },
    hasNextPageFieldOptions: { description: 'More objects follow this page (fetch them with `after: endCursor`).' },
    hasPreviousPageFieldOptions: { description: 'Objects precede this page (fetch them with `before: startCursor`).' },
    startCursorFieldOptions: { description: 'Cursor of the first object of the page; null on an empty page.' },
    endCursorFieldOptions: { description: 'Cursor of the last object of the page; null on an empty page.' },
    defaultConnectionTypeOptions: { description: 'One page of a list (Relay connection).' },
    defaultEdgeTypeOptions: { description: 'One object of a page and its cursor.' },
    edgesFieldOptions: { complexity: { field: 1, multiplier: 1 }, description: 'The objects of this page, in list order.' },
    pageInfoFieldOptions: { description: 'Cursors and whether more pages exist.' },
    cursorFieldOptions: { description: 'Opaque position of this object, for `after` / `before`.' },
    nodeFieldOptions: { description: 'The object.' },
    firstArgOptions: { description: 'Page size from the start (or after `after`); 0–100, default 20.' },
    lastArgOptions: { description: 'Page size from the end (or before `before`); 0–100.' },
    afterArgOptions: { description: 'Return objects after this cursor (`pageInfo.endCursor`).' },
    beforeArgOptions: { description: 'Return objects before this cursor (`pageInfo.startCursor`).' },
  },
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'Objects matching the filters, over all pages.',
    resolve: (parent) => (typeof parent.totalCount === 'function' ? parent.totalCount() : parent.totalCount),
  }),
);

builder.addScalarType(
  'DateTime',
  new GraphQLScalarType<Date, string>({
    name: 'DateTime',
    description: 'ISO-8601 date-time in UTC, e.g. 2026-11-21T10:00:00.000Z.',
    serialize: (value) => {
      const date = value instanceof Date ? value : new Date(value as string);
      if (Number.isNaN(date.getTime())) throw new TypeError('DateTime cannot represent an invalid date');
      return date.toISOString();
    },
    parseValue: (value) => parseDate(value),
    parseLiteral: (ast) => (ast.kind === Kind.STRING ? parseDate(ast.value) : invalidDate()),
  }),
);

builder.addScalarType(
  'JSON',
  new GraphQLScalarType({
    name: 'JSON',
    description: 'Arbitrary JSON value.',
    serialize: (value) => value,
    parseValue: (value) => value,
    parseLiteral: (ast, variables) => literalToJson(ast, variables ?? undefined),
  }),
);

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  return Number.isNaN(date.getTime()) ? invalidDate() : date;
}

function invalidDate(): never {
  throw new TypeError('DateTime must be an ISO-8601 string');
}

function literalToJson(ast: ValueNode, variables: Record<string, unknown> | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literalToJson(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      return undefined;
  }
}
