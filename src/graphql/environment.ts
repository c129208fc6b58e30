/** Environments: the tenant unit. */
import { builder } from './builder.js';
import { payload, payloadType } from './errors.js';
import { visibleEnvironmentNode } from './visibility.js';

export const EnvironmentNode = builder.prismaNode('Environment', {
  id: { field: 'id' },
  description: 'The tenant unit. Its key authenticates SDKs (X-Environment-Key) for ingestion and assignment.',
  // node(id) of an absent or invisible environment is null, not an error.
  nullable: true,
  findUnique: (id, ctx) => visibleEnvironmentNode(id, ctx.actor),
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Public key: SDKs send it as X-Environment-Key; names the environment in queries.' }),
    name: t.exposeString('name', { description: 'Display name.' }),
    createdAt: t.expose('createdAt', { description: 'When the environment was created.', type: 'DateTime' }),
  }),
});

const CreateEnvironmentInput = builder.inputType('CreateEnvironmentInput', {
  description: 'A new environment (tenant).',
  fields: (t) => ({
    name: t.string({ description: '1–200 characters.' }),
    key: t.string({ required: false, description: 'Generated when absent.' }),
  }),
});

const EnvironmentPayload = payloadType('EnvironmentPayload', { environment: { type: EnvironmentNode } });

builder.queryFields((t) => ({
  environments: t.field({
    type: [EnvironmentNode],
    description: 'Environments the caller can read, oldest first.',
    resolve: (_r, _a, ctx) => ctx.services.environments.listVisible(ctx.actor),
  }),
  environment: t.field({
    type: EnvironmentNode,
    nullable: true,
    description: 'The environment with this key; null when absent or not visible.',
    args: { key: t.arg.string({ description: 'Key of the environment.' }) },
    resolve: (_r, { key }, ctx) => ctx.services.environments.getVisible(ctx.actor, key),
  }),
}));

builder.mutationField('createEnvironment', (t) =>
  t.field({
    type: EnvironmentPayload,
    description: 'Creates an environment (tokens that are ADMIN in every environment). Errors: FORBIDDEN, VALIDATION, CONFLICT.',
    args: { input: t.arg({ type: CreateEnvironmentInput, description: 'What to do: see `CreateEnvironmentInput`.' }) },
    resolve: (_r, { input }, ctx) =>
      payload(async () => ({ environment: await ctx.services.environments.create(ctx.actor, input) })),
  }),
);
