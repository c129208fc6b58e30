/**
 * The audit log: who changed what, when, with the entity's state before and after. Entries are
 * written with `recordAudit` inside the change's own transaction, so a change and its entry
 * commit (or roll back) together. Reading is for ADMINs of the environment.
 */
import { Prisma, type AuditAction, type AuditEntityType, type PrismaClient } from '../../generated/prisma/client.js';
import type { Actor } from '../access/actor.js';
import type { EnvironmentService } from '../environment/service.js';

/** A Prisma client or an interactive transaction client. */
export type Db = Pick<PrismaClient, 'auditLogEntry'>;

export interface AuditChange {
  environmentId: string;
  entityType: AuditEntityType;
  /** Database id of the changed entity (the experiment for cohort, lifecycle and attachment changes). */
  entityId: string;
  action: AuditAction;
  /** JSON-serialisable state before the change (null on CREATE). */
  before?: unknown;
  /** JSON-serialisable state after the change (null on DELETE). */
  after?: unknown;
}

/** A caller, or the server acting on its own (e.g. revoking a rotated bootstrap token at start). */
export type AuditActor = Actor | { kind: 'system'; name: string };

/** Appends one entry for `change` made by `actor`. Call it inside the change's transaction. */
export async function recordAudit(db: Db, actor: AuditActor, change: AuditChange): Promise<void> {
  await db.auditLogEntry.create({
    data: {
      environmentId: change.environmentId,
      actorKind: actor.kind,
      actorId: actor.kind === 'token' ? actor.tokenId : null,
      actorName: actor.kind === 'token' ? actor.tokenName : actor.kind === 'system' ? actor.name : null,
      entityType: change.entityType,
      entityId: change.entityId,
      action: change.action,
      before: toJson(change.before),
      after: toJson(change.after),
    },
  });
}

/** Fields an audit entry's before/after leaves out: ids and bookkeeping timestamps. */
type Bookkeeping = 'id' | 'environmentId' | 'createdAt' | 'updatedAt' | 'deletedAt';

/** The audited state of an environment-scoped row (metric, experiment): its own fields, without ids and timestamps. */
export function auditState<T extends Record<Bookkeeping, unknown>>(row: T): Omit<T, Bookkeeping> {
  const { id, environmentId, createdAt, updatedAt, deletedAt, ...state } = row;
  return state;
}

/** Dates become ISO strings, undefined becomes null: what a JSON column stores. */
function toJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (value === undefined || value === null) return Prisma.DbNull;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

export interface AuditFilter {
  environmentKey: string;
  entityType?: AuditEntityType | null;
  entityId?: string | null;
}

export type AuditService = ReturnType<typeof createAuditService>;

/** Audit-log reader (ADMIN): `list` and `count` under the same filter. */
export function createAuditService(deps: { prisma: PrismaClient; environments: EnvironmentService }) {
  const { prisma, environments } = deps;

  /** The `where` for an ADMIN's view of an environment's log; NotFound/Forbidden otherwise. */
  async function scope(actor: Actor, filter: AuditFilter): Promise<Prisma.AuditLogEntryWhereInput> {
    // Absent and invisible environments answer alike (existence does not leak).
    const env = await environments.requireForChange(actor, filter.environmentKey, 'ADMIN', ['environmentKey']);
    return {
      environmentId: env.id,
      ...(filter.entityType ? { entityType: filter.entityType } : {}),
      ...(filter.entityId ? { entityId: filter.entityId } : {}),
    };
  }

  return {
    /**
     * Entries newest first. `page` is the pagination part of a Prisma query (take/skip/cursor and
     * selections, as built by the GraphQL connection). Throws NotFoundError, ForbiddenError.
     */
    async list(actor: Actor, filter: AuditFilter, page: Omit<Prisma.AuditLogEntryFindManyArgs, 'where' | 'orderBy'>) {
      const where = await scope(actor, filter);
      return prisma.auditLogEntry.findMany({ ...page, where, orderBy: { seq: 'desc' } });
    },

    /** How many entries match (for the connection's totalCount). */
    async count(actor: Actor, filter: AuditFilter): Promise<number> {
      return prisma.auditLogEntry.count({ where: await scope(actor, filter) });
    },
  };
}
