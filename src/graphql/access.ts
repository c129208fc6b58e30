/** Roles, grants, the viewer and API tokens (issue, list, revoke). */
import { GraphQLError } from 'graphql';
import { roleIn } from '../domain/access/actor.js';
import type { Context } from '../context.js';
import { Role, type Environment } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { pagedCost } from './cost.js';
import { maxPageSize } from './paging.js';
import { EnvironmentNode } from './environment.js';
import { decodeId, payload, payloadType } from './errors.js';

export const RoleEnum = builder.enumType(Role, {
  description: 'What a token may do in an environment.',
  name: 'Role',
  values: {
    ADMIN: { description: 'Everything in the environment, including tokens and deletion.' },
    EDITOR: { description: 'Create and change metrics, fact tables and experiments.' },
    VIEWER: { description: 'Read only.' },
  },
});

const Grant = builder.objectRef<{ environment: Environment; role: Role }>('Grant').implement({
  description: 'A role in one environment.',
  fields: (t) => ({
    environment: t.field({ description: 'The environment the role applies to.', type: EnvironmentNode, resolve: (g) => g.environment }),
    role: t.field({ description: 'The role held there.', type: RoleEnum, resolve: (g) => g.role }),
  }),
});

const Viewer = builder.objectRef<{ tokenName: string }>('Viewer').implement({
  description: 'The caller, as identified by the bearer token.',
  fields: (t) => ({
    tokenName: t.exposeString('tokenName', { description: 'Name of the calling token.' }),
    grants: t.field({
      type: [Grant],
      description: 'Every environment the token can read, with its role there.',
      resolve: async (_v, _a, ctx) =>
        (await ctx.services.environments.listVisible(ctx.actor)).map((environment) => ({
          environment,
          role: roleIn(ctx.actor, environment.id)!,
        })),
    }),
  }),
});

const ApiToken = builder.prismaNode('ApiToken', {
  id: { field: 'id' },
  description: 'A bearer token; its secret is shown once, at creation, and is stored hashed (never returned).',
  // node(id) of an absent or invisible token is null, not an error.
  nullable: true,
  // Visible to itself and to ADMINs of every environment it is granted (global ADMINs: all).
  findUnique: (id, ctx) => ({ id, AND: [ctx.services.tokens.visibleWhere(ctx.actor)] }),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name given at creation (for people, not unique).' }),
    allEnvironments: t.field({
      type: RoleEnum,
      nullable: true,
      description: 'Role in every environment, present and future (bootstrap tokens); null for tokens with per-environment grants.',
      resolve: (token) => token.allEnvironments,
    }),
    grants: t.field({
      type: [Grant],
      description: 'Environments this token can use, with its role in each.',
      select: { grants: { include: { environment: true } } },
      resolve: (token) => token.grants.map((g) => ({ environment: g.environment, role: g.role })),
    }),
    createdAt: t.expose('createdAt', { description: 'When the token was created.', type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Last authenticated use, to within a minute (written at most once a minute); null if never used.',
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'Unusable from this instant; null = never expires.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'Unusable since this instant; null = not revoked.' }),
  }),
});

const ApiTokenConnection = builder.connectionObject({ type: ApiToken, name: 'ApiTokenConnection' }, { name: 'ApiTokenEdge' });

const GrantInput = builder.inputType('GrantInput', {
  description: 'A role in one environment.',
  fields: (t) => ({
    environmentKey: t.string({ description: 'Key of the environment.' }),
    role: t.field({ description: 'Role to grant there.', type: RoleEnum }),
  }),
});

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  description: 'A new bearer token and its grants.',
  fields: (t) => ({
    name: t.string({ description: '1–200 characters, for people.' }),
    grants: t.field({ description: 'Roles per environment; only environments where the caller is ADMIN.', type: [GrantInput] }),
    expiresAt: t.field({
      type: 'DateTime',
      required: false,
      description: 'When the token stops working: at least 1 minute ahead, at most LIFTGATE_API_TOKEN_MAX_LIFETIME_DAYS (default 365). Absent = never expires.',
    }),
  }),
});

const ApiTokenPayload = payloadType('ApiTokenPayload', {
  apiToken: { type: ApiToken },
  token: { type: 'String', description: 'The secret, shown once.' },
});

builder.queryField('viewer', (t) =>
  t.field({
    type: Viewer,
    description: 'The caller, as identified by the bearer token.',
    resolve: (_r, _a, ctx) => ({ tokenName: ctx.actor.kind === 'token' ? ctx.actor.tokenName : '' }),
  }),
);

builder.queryField('apiTokens', (t) =>
  t.prismaConnection(
    {
      type: 'ApiToken',
      cursor: 'id',
      complexity: pagedCost,
      maxSize: maxPageSize,
      description:
        'API tokens the caller administers, newest first (ADMIN): all for a token that is ADMIN in every environment, else the tokens granted only environments where the caller is ADMIN, and the caller itself. Secrets are never returned. Errors (extensions.code): FORBIDDEN (ADMIN nowhere).',
      args: { includeRevoked: t.arg.boolean({ required: false, defaultValue: false, description: 'Also list revoked tokens.' }) },
      authScopes: { token: true },
      totalCount: (_c, args, ctx) => ctx.services.tokens.count(ctx.actor, { includeRevoked: args.includeRevoked ?? false }),
      resolve: (query, _r, args, ctx) => ctx.services.tokens.list(ctx.actor, { includeRevoked: args.includeRevoked ?? false }, query),
    },
    ApiTokenConnection,
  ),
);

builder.mutationField('revokeApiToken', (t) =>
  t.field({
    type: ApiTokenPayload,
    description:
      'Revokes a token the caller administers (ADMIN of each of its environments; global ADMIN for bootstrap tokens) or the caller itself: UNAUTHENTICATED from its next request, audited (REVOKE) in each of its environments. Idempotent. Errors: NOT_FOUND.',
    args: { id: t.arg.id({ description: 'Global id of the ApiToken.' }) },
    authScopes: { token: true },
    resolve: (_r, { id }, ctx) =>
      payload(async () => ({ apiToken: await ctx.services.tokens.revoke(ctx.actor, decodeId(id, 'ApiToken', ['id'])) })),
  }),
);

/**
 * Throws UNAUTHENTICATED when the caller's token was revoked or expired since the request began.
 * Long-lived operations call it before each result they send (a subscription resolver per event),
 * so a revoked or expired token stops receiving data at its next event, not at reconnection.
 */
export async function assertStillAuthenticated(ctx: Pick<Context, 'actor' | 'services'>): Promise<void> {
  if (await ctx.services.tokens.isStillValid(ctx.actor)) return;
  throw new GraphQLError('invalid or revoked (or expired) bearer token', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: ApiTokenPayload,
    description:
      'Creates a token with a role per environment; the caller must be ADMIN in each. Optional expiresAt (bounded). Errors: NOT_FOUND, FORBIDDEN, VALIDATION.',
    args: { input: t.arg({ type: CreateApiTokenInput, description: 'What to do: see `CreateApiTokenInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => {
        const { token, secret } = await ctx.services.tokens.create(ctx.actor, input);
        return { apiToken: token, token: secret };
      }),
  }),
);
