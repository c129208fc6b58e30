/** The audit log (ADMIN): every change to experiments and metrics, and token revocations, newest first. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { AuditAction, AuditEntityType } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { decodeId } from './errors.js';
import { pagedCost } from './cost.js';
import { maxPageSize } from './paging.js';

export const AuditEntityTypeEnum = builder.enumType(AuditEntityType, {
  name: 'AuditEntityType',
  description: 'Kind of entity an audit entry is about.',
  values: {
    EXPERIMENT: { description: 'An experiment (also its cohorts, lifecycle and attachments).' },
    METRIC: { description: 'A metric.' },
    API_TOKEN: { description: 'An API token; recorded in every environment the token could act in.' },
    ANOMALY_SIGNAL: { description: 'An anomaly signal (acknowledgements).' },
    FACT_TABLE: { description: 'A fact table.' },
  },
});

export const AuditActionEnum = builder.enumType(AuditAction, {
  name: 'AuditAction',
  description: 'What was done. Cohort, lifecycle and attachment changes are entries of the experiment.',
  values: {
    CREATE: { description: 'Created.' },
    UPDATE: { description: 'Changed (fields or variants).' },
    DELETE: { description: 'Soft-deleted.' },
    ADD_COHORT: { description: 'A cohort was added.' },
    START: { description: 'Started (DRAFT → ACTIVE).' },
    DECLARE_WINNER: { description: 'A winner was declared.' },
    END: { description: 'Ended.' },
    ARCHIVE: { description: 'Archived.' },
    ATTACH_METRIC: { description: 'A metric was attached.' },
    DETACH_METRIC: { description: 'A metric was detached.' },
    REVOKE: { description: 'An API token was revoked.' },
    ACKNOWLEDGE: { description: 'An anomaly signal was acknowledged.' },
  },
});

const TYPENAME = { EXPERIMENT: 'Experiment', METRIC: 'Metric', API_TOKEN: 'ApiToken', ANOMALY_SIGNAL: 'AnomalySignal', FACT_TABLE: 'FactTable' } as const satisfies Record<AuditEntityType, string>;

const AuditLogEntryObject = builder.prismaObject('AuditLogEntry', {
  description: 'One change: who made it, to what, when, and the state before and after.',
  fields: (t) => ({
    sequence: t.exposeInt('seq', { description: 'Position in the environment\'s log; higher is later.' }),
    actorKind: t.exposeString('actorKind', {
      description: '"token", "environmentKey", or "system" (the server itself, e.g. revoking a rotated bootstrap token).',
    }),
    actorId: t.exposeString('actorId', { nullable: true, description: 'Id of the API token that made the change.' }),
    actorName: t.exposeString('actorName', { nullable: true, description: 'Name of the API token that made the change.' }),
    entityType: t.field({ description: 'Kind of entity changed.', type: AuditEntityTypeEnum, resolve: (e) => e.entityType }),
    entityId: t.id({
      description: 'Global id of the entity (fetchable through Query.node unless deleted).',
      resolve: (e) => encodeGlobalID(TYPENAME[e.entityType], e.entityId),
    }),
    action: t.field({ description: 'What was done.', type: AuditActionEnum, resolve: (e) => e.action }),
    before: t.expose('before', { type: 'JSON', nullable: true, description: 'State before the change; null on CREATE.' }),
    after: t.expose('after', { type: 'JSON', nullable: true, description: 'State after the change; null on DELETE.' }),
    createdAt: t.expose('createdAt', { description: 'When the change committed.', type: 'DateTime' }),
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
      maxSize: maxPageSize,
      description:
        'The environment\'s audit log, newest first (ADMIN). Filter by entity type and/or entity global id. Errors (extensions.code): NOT_FOUND, FORBIDDEN.',
      args: {
        environmentKey: t.arg.string({ description: 'Key of the environment (ADMIN there).' }),
        entityType: t.arg({ description: 'Only entries about this kind of entity.', type: AuditEntityTypeEnum, required: false }),
        entityId: t.arg.id({ required: false, description: 'Global id of an Experiment, Metric or ApiToken.' }),
      },
      totalCount: (_connection, args, ctx) => ctx.services.audit.count(ctx.actor, auditFilter(args)),
      resolve: (query, _root, args, ctx) => ctx.services.audit.list(ctx.actor, auditFilter(args), query),
    },
    AuditLogConnection,
  ),
);

/** The service's filter from the field's args; an entityId of any type that does not decode is NOT_FOUND. */
function auditFilter(args: { environmentKey: string; entityType?: AuditEntityType | null; entityId?: string | null }) {
  const entityId = args.entityId ? decodeId(args.entityId, null, ['entityId']) : null;
  return { environmentKey: args.environmentKey, entityType: args.entityType ?? null, entityId };
}
