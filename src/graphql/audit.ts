/** The audit log (ADMIN): every change to experiments and metrics, newest first. */
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError } from '../domain/errors.js';
import { builder } from './builder.js';
import { pagedCost } from './cost.js';

export const AuditEntityTypeEnum = builder.enumType('AuditEntityType', {
  description: 'Kind of entity an audit entry is about.',
  values: ['EXPERIMENT', 'METRIC'] as const,
});

export const AuditActionEnum = builder.enumType('AuditAction', {
  description: 'What was done. Cohort, lifecycle and attachment changes are entries of the experiment.',
  values: [
    'CREATE',
    'UPDATE',
    'DELETE',
    'ADD_COHORT',
    'START',
    'DECLARE_WINNER',
    'END',
    'ARCHIVE',
    'ATTACH_METRIC',
    'DETACH_METRIC',
  ] as const,
});

const TYPENAME = { EXPERIMENT: 'Experiment', METRIC: 'Metric' } as const;

const AuditLogEntryObject = builder.prismaObject('AuditLogEntry', {
  description: 'One change: who made it, to what, when, and the state before and after.',
  fields: (t) => ({
    sequence: t.exposeInt('seq', { description: 'Position in the environment\'s log; higher is later.' }),
    actorKind: t.exposeString('actorKind', { description: '"token" or "environmentKey".' }),
    actorId: t.exposeString('actorId', { nullable: true, description: 'Id of the API token that made the change.' }),
    actorName: t.exposeString('actorName', { nullable: true, description: 'Name of the API token that made the change.' }),
    entityType: t.field({ type: AuditEntityTypeEnum, resolve: (e) => e.entityType }),
    entityId: t.id({
      description: 'Global id of the entity (fetchable through Query.node unless deleted).',
      resolve: (e) => encodeGlobalID(TYPENAME[e.entityType], e.entityId),
    }),
    action: t.field({ type: AuditActionEnum, resolve: (e) => e.action }),
    before: t.expose('before', { type: 'JSON', nullable: true, description: 'State before the change; null on CREATE.' }),
    after: t.expose('after', { type: 'JSON', nullable: true, description: 'State after the change; null on DELETE.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const AuditLogConnection = builder.connectionObject(
  {
    type: AuditLogEntryObject,
    name: 'AuditLogConnection',
  },
  { name: 'AuditLogEdge' },
);

builder.queryField('auditLog', (t) =>
  t.prismaConnection(
    {
      type: 'AuditLogEntry',
      cursor: 'seq',
      complexity: pagedCost,
      description:
        'The environment\'s audit log, newest first (ADMIN). Filter by entity type and/or entity global id. Errors (extensions.code): NOT_FOUND, FORBIDDEN.',
      args: {
        environmentKey: t.arg.string(),
        entityType: t.arg({ type: AuditEntityTypeEnum, required: false }),
        entityId: t.arg.id({ required: false, description: 'Global id of an Experiment or Metric.' }),
      },
      totalCount: (_connection, args, ctx) => ctx.services.audit.count(ctx.actor, auditFilter(args)),
      resolve: (query, _root, args, ctx) => ctx.services.audit.list(ctx.actor, auditFilter(args), query),
    },
    AuditLogConnection,
  ),
);

function auditFilter(args: { environmentKey: string; entityType?: 'EXPERIMENT' | 'METRIC' | null; entityId?: string | null }) {
  let entityId: string | null = null;
  if (args.entityId) {
    try {
      entityId = decodeGlobalID(args.entityId).id;
    } catch {
      throw new NotFoundError('no entity with this id', ['entityId']);
    }
    if (!/^[0-9a-f-]{36}$/i.test(entityId)) throw new NotFoundError('no entity with this id', ['entityId']);
  }
  return { environmentKey: args.environmentKey, entityType: args.entityType ?? null, entityId };
}
