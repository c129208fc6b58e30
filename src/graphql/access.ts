/** Roles, grants, the viewer and API tokens. */
import { roleIn, type Role } from '../domain/access/actor.js';
import type { Environment } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { EnvironmentNode } from './environment.js';
import { payload, payloadType } from './errors.js';

export const RoleEnum = builder.enumType('Role', {
  values: {
    ADMIN: { description: 'Everything in the environment, including tokens and deletion.' },
    EDITOR: { description: 'Create and change metrics, fact tables and experiments.' },
    VIEWER: { description: 'Read only.' },
  } satisfies Record<Role, unknown>,
});

const Grant = builder.objectRef<{ environment: Environment; role: Role }>('Grant').implement({
  description: 'A role in one environment.',
  fields: (t) => ({
    environment: t.field({ type: EnvironmentNode, resolve: (g) => g.environment }),
    role: t.field({ type: RoleEnum, resolve: (g) => g.role }),
  }),
});

const Viewer = builder.objectRef<{ tokenName: string }>('Viewer').implement({
  description: 'The caller, as identified by the bearer token.',
  fields: (t) => ({
    tokenName: t.exposeString('tokenName'),
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
  description: 'A bearer token; its secret is shown once, at creation, and is stored hashed.',
  // node(id) of an absent or invisible token is null, not an error.
  nullable: true,
  // A token is visible to itself and to tokens that are ADMIN in every environment.
  findUnique: (id, ctx) => {
    const a = ctx.actor;
    const self = a.kind === 'token' ? a.tokenId : '00000000-0000-0000-0000-000000000000';
    return a.kind === 'token' && a.allEnvironments === 'ADMIN' ? { id } : { id, AND: [{ id: self }] };
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    grants: t.field({
      type: [Grant],
      description: 'Environments this token can use, with its role in each.',
      select: { grants: { include: { environment: true } } },
      resolve: (token) => token.grants.map((g) => ({ environment: g.environment, role: g.role })),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
  }),
});

const GrantInput = builder.inputType('GrantInput', {
  fields: (t) => ({
    environmentKey: t.string(),
    role: t.field({ type: RoleEnum }),
  }),
});

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string(),
    grants: t.field({ type: [GrantInput] }),
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

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: ApiTokenPayload,
    description: 'Creates a token with a role per environment; the caller must be ADMIN in each. Errors: NOT_FOUND, FORBIDDEN, VALIDATION.',
    args: { input: t.arg({ type: CreateApiTokenInput }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => {
        const { token, secret } = await ctx.services.tokens.create(ctx.actor, input);
        return { apiToken: token, token: secret };
      }),
  }),
);
