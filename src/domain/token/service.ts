/**
 * API tokens: bearer secrets stored as SHA-256 hashes, each with a role per environment. At first
 * start a bootstrap token (ADMIN in every environment) is created from LIFTGATE_BOOTSTRAP_TOKEN,
 * or generated and returned once so main.ts can print it. When LIFTGATE_BOOTSTRAP_TOKEN changes,
 * the previous bootstrap token is revoked at start (rotation).
 *
 * Lifecycle: a token may expire (`expiresAt`, bounded at creation) and be revoked (`revokedAt`).
 * Every request re-checks both through `authenticate`; a long-lived operation (a subscription)
 * calls `isStillValid(actor)` per event. Both read through one short cache (AUTH_CACHE_MS), which a
 * revocation in this process clears at once; another replica sees it within AUTH_CACHE_MS.
 * `lastUsedAt` is written at most once per LAST_USED_RESOLUTION_MS per token and process.
 */
import { ConfigError } from '../../config/env.js';
import type { ApiToken, Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { generateSecret, hashSecret } from '../../lib/secrets.js';
import { recordAudit, type AuditActor } from '../audit/service.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { validateName } from '../names.js';
import { roleIn, type Actor, type Role } from '../access/actor.js';

/** How long an authenticated token is trusted without reading the store again, ms. */
export const AUTH_CACHE_MS = 5_000;
/** Least time between two lastUsedAt writes of one token (per process), ms. */
export const LAST_USED_RESOLUTION_MS = 60_000;
/** Shortest lifetime a token may be created with: an expiresAt in the past or next minute is a mistake. */
const MIN_LIFETIME_MS = 60_000;

export type TokenService = ReturnType<typeof createTokenService>;

/**
 * All tokens need of environments (the environment service provides it): the environment a grant
 * names, for a change needing `minimum`; NotFoundError alike for an absent or invisible one,
 * ForbiddenError below `minimum`.
 */
export interface EnvironmentLookup {
  requireForChange(actor: Actor, key: string, minimum: Role, field: string[]): Promise<{ id: string }>;
}

type TokenActor = Extract<Actor, { kind: 'token' }>;

interface Cached {
  actor: TokenActor;
  expiresAt: number | null;
  until: number;
}

/** Token service over the control plane: bootstrap and rotation, issuance, listing, revocation, authentication. */
export function createTokenService(deps: { prisma: PrismaClient; environments: EnvironmentLookup; maxLifetimeMs: number; now?: () => number }) {
  const { prisma, environments, maxLifetimeMs } = deps;
  const now = deps.now ?? Date.now;
  const bySecret = new Map<string, Cached>();
  const byId = new Map<string, { valid: boolean; until: number }>();
  // Checks in flight per token: a thousand subscriptions of one token re-checking at one event
  // share one read instead of queueing a thousand.
  const checking = new Map<string, Promise<boolean>>();
  const lastUsedWritten = new Map<string, number>();

  const usable = (t: Pick<ApiToken, 'revokedAt' | 'expiresAt'>, at: number) => !t.revokedAt && (!t.expiresAt || t.expiresAt.getTime() > at);

  function forget(tokenId: string) {
    byId.delete(tokenId);
    checking.delete(tokenId); // a read in flight from before the change must not be cached
    for (const [hash, entry] of bySecret) if (entry.actor.tokenId === tokenId) bySecret.delete(hash);
  }

  /** lastUsedAt, throttled: a busy token costs one write per resolution, not one per request. */
  async function touch(tokenId: string, at: number) {
    if ((lastUsedWritten.get(tokenId) ?? 0) + LAST_USED_RESOLUTION_MS > at) return;
    lastUsedWritten.set(tokenId, at);
    await prisma.apiToken.updateMany({ where: { id: tokenId }, data: { lastUsedAt: new Date(at) } });
  }

  /**
   * Tokens the caller administers: all for a global ADMIN; else tokens whose every grant is in an
   * environment where the caller is ADMIN (so no grant of another environment is shown), plus the
   * caller's own token. Global tokens are visible to global ADMINs only.
   */
  function administeredWhere(actor: Actor): Prisma.ApiTokenWhereInput {
    if (actor.kind !== 'token') return { id: { in: [] } };
    if (actor.allEnvironments === 'ADMIN') return {};
    const adminIn = [...actor.grants].filter(([, role]) => role === 'ADMIN').map(([id]) => id);
    return {
      OR: [
        { id: actor.tokenId },
        ...(adminIn.length ? [{ allEnvironments: null, grants: { some: {}, every: { environmentId: { in: adminIn } } } }] : []),
      ],
    };
  }

  /** Environments a token could act in (audit entries of its revocation go to each). */
  async function environmentsOf(token: ApiToken & { grants: { environmentId: string }[] }): Promise<string[]> {
    if (token.allEnvironments) return (await prisma.environment.findMany({ select: { id: true } })).map((e) => e.id);
    return token.grants.map((g) => g.environmentId);
  }

  /** Marks the token revoked and audits it in each of its environments; false if it already was. */
  async function revokeToken(actor: AuditActor, token: ApiToken & { grants: { environmentId: string }[] }): Promise<ApiToken | null> {
    const envIds = await environmentsOf(token);
    const revokedAt = new Date(now());
    const updated = await prisma.$transaction(async (tx) => {
      const { count } = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt } });
      if (count === 0) return null;
      for (const environmentId of envIds) {
        await recordAudit(tx, actor, {
          environmentId,
          entityType: 'API_TOKEN',
          entityId: token.id,
          action: 'REVOKE',
          before: tokenState(token),
          after: { ...tokenState(token), revokedAt },
        });
      }
      return tx.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    });
    forget(token.id);
    return updated;
  }

  return {
    /**
     * Makes sure a bootstrap token exists and, with a configured secret, that it is the only live
     * one: previous bootstrap tokens (ADMIN in every environment) are revoked, audited as done by
     * the system. Returns the secret when one was generated now (to be shown once), else null.
     * Throws ConfigError when the configured secret belongs to a revoked token.
     */
    async ensureBootstrap(configured: string | undefined): Promise<string | null> {
      if (configured) {
        const secretHash = hashSecret(configured);
        const current =
          (await prisma.apiToken.findUnique({ where: { secretHash } })) ??
          (await prisma.apiToken.create({ data: { name: 'bootstrap', secretHash, allEnvironments: 'ADMIN' } }));
        if (current.revokedAt) {
          throw new ConfigError([`LIFTGATE_BOOTSTRAP_TOKEN: this secret belongs to a token revoked at ${current.revokedAt.toISOString()}; configure a new one`]);
        }
        const previous = await prisma.apiToken.findMany({
          where: { allEnvironments: { not: null }, revokedAt: null, id: { not: current.id } },
          include: { grants: true },
        });
        for (const token of previous) await revokeToken({ kind: 'system', name: 'bootstrap rotation' }, token);
        return null;
      }
      if ((await prisma.apiToken.count()) > 0) return null;
      const secret = generateSecret('lg');
      await prisma.apiToken.create({
        data: { name: 'bootstrap', secretHash: hashSecret(secret), allEnvironments: 'ADMIN' },
      });
      return secret;
    },

    /** Resolves a bearer secret to an actor; null when unknown, revoked or expired. Cached for AUTH_CACHE_MS. */
    async authenticate(secret: string): Promise<Actor | null> {
      const secretHash = hashSecret(secret);
      const at = now();
      let entry = bySecret.get(secretHash);
      if (!entry || entry.until <= at) {
        const token = await prisma.apiToken.findUnique({ where: { secretHash }, include: { grants: true } });
        if (!token || !usable(token, at)) return null;
        entry = {
          actor: {
            kind: 'token',
            tokenId: token.id,
            tokenName: token.name,
            allEnvironments: token.allEnvironments,
            grants: new Map(token.grants.map((g) => [g.environmentId, g.role])),
          },
          expiresAt: token.expiresAt?.getTime() ?? null,
          until: at + AUTH_CACHE_MS,
        };
        bySecret.set(secretHash, entry);
      }
      if (entry.expiresAt !== null && entry.expiresAt <= at) return null;
      await touch(entry.actor.tokenId, at);
      return entry.actor;
    },

    /**
     * Whether the actor is still authenticated: a token actor whose token is neither revoked nor
     * expired (anonymous and environment-key actors: true). The one check a long-lived operation
     * repeats, e.g. a subscription before each event it sends (graphql/access.ts assertStillAuthenticated).
     */
    async isStillValid(actor: Actor): Promise<boolean> {
      if (actor.kind !== 'token') return true;
      const at = now();
      const hit = byId.get(actor.tokenId);
      if (hit && hit.until > at) return hit.valid;
      const { tokenId } = actor;
      let check = checking.get(tokenId);
      if (!check) {
        check = (async () => {
          const token = await prisma.apiToken.findUnique({ where: { id: tokenId }, select: { revokedAt: true, expiresAt: true } });
          const valid = !!token && usable(token, at);
          // An expiring token is re-read at its expiry, not trusted past it.
          const until = Math.min(at + AUTH_CACHE_MS, token?.expiresAt?.getTime() ?? Infinity);
          if (checking.get(tokenId) === check) byId.set(tokenId, { valid, until });
          return valid;
        })().finally(() => {
          if (checking.get(tokenId) === check) checking.delete(tokenId);
        });
        checking.set(tokenId, check);
      }
      return check;
    },

    /**
     * Creates a token with the given grants; the caller must be ADMIN in each. `expiresAt`, when
     * given, must be at least a minute ahead and within the configured maximum lifetime. Returns
     * the stored token and its secret (shown once). Throws NOT_FOUND, FORBIDDEN, VALIDATION.
     */
    async create(actor: Actor, input: { name: string; grants: { environmentKey: string; role: Role }[]; expiresAt?: Date | null }) {
      const name = validateName(input.name, ['input', 'name']);
      if (input.grants.length === 0) throw new ValidationError('at least one grant is required', ['input', 'grants']);
      const at = now();
      if (input.expiresAt) {
        const ms = input.expiresAt.getTime() - at;
        if (ms < MIN_LIFETIME_MS || ms > maxLifetimeMs) {
          throw new ValidationError(
            `expiresAt must be between 1 minute and ${Math.round(maxLifetimeMs / 86_400_000)} days from now (LIFTGATE_API_TOKEN_MAX_LIFETIME_DAYS)`,
            ['input', 'expiresAt'],
          );
        }
      }
      const grants = new Map<string, Role>();
      for (const [i, g] of input.grants.entries()) {
        const field = ['input', 'grants', String(i), 'environmentKey'];
        // Absent and invisible environments answer alike (existence does not leak).
        const env = await environments.requireForChange(actor, g.environmentKey, 'ADMIN', field);
        if (grants.has(env.id)) throw new ValidationError('each environment may be granted once', field);
        grants.set(env.id, g.role);
      }
      const secret = generateSecret('lg');
      const token = await prisma.apiToken.create({
        data: {
          name,
          secretHash: hashSecret(secret),
          expiresAt: input.expiresAt ?? null,
          grants: { create: [...grants].map(([environmentId, role]) => ({ environmentId, role })) },
        },
      });
      return { token, secret };
    },

    /** Prisma `where` of the tokens the caller administers (see administeredWhere); for node(id) too. */
    visibleWhere: administeredWhere,

    /**
     * A page of the tokens the caller administers, newest first; revoked ones only with
     * `includeRevoked`. FORBIDDEN unless the caller is ADMIN somewhere. Never returns secrets
     * (only hashes are stored; the API layer does not expose them either).
     */
    async list(actor: Actor, filter: { includeRevoked: boolean }, page: Omit<Prisma.ApiTokenFindManyArgs, 'where' | 'orderBy'>) {
      return prisma.apiToken.findMany({ ...page, where: listWhere(actor, filter), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    },

    /** How many tokens `list` pages through. */
    async count(actor: Actor, filter: { includeRevoked: boolean }): Promise<number> {
      return prisma.apiToken.count({ where: listWhere(actor, filter) });
    },

    /**
     * Revokes a token the caller administers (or its own): unusable from its next request, audited
     * (REVOKE) in every environment it could act in. Revoking a revoked token changes nothing.
     * Throws NOT_FOUND (absent or not administered by the caller).
     */
    async revoke(actor: Actor, tokenId: string): Promise<ApiToken> {
      const token = await prisma.apiToken.findFirst({ where: { AND: [{ id: tokenId }, administeredWhere(actor)] }, include: { grants: true } });
      if (!token) throw new NotFoundError('API token not found', ['id']);
      if (token.revokedAt) return token;
      return (await revokeToken(actor, token)) ?? (await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } }));
    },
  };

  function listWhere(actor: Actor, filter: { includeRevoked: boolean }): Prisma.ApiTokenWhereInput {
    const isAdminSomewhere = actor.kind === 'token' && (actor.allEnvironments === 'ADMIN' || [...actor.grants.keys()].some((id) => roleIn(actor, id) === 'ADMIN'));
    if (!isAdminSomewhere) throw new ForbiddenError('listing API tokens needs the ADMIN role in at least one environment');
    return { AND: [administeredWhere(actor), filter.includeRevoked ? {} : { revokedAt: null }] };
  }
}

/** What the audit log records of a token: never its hash. */
function tokenState(token: ApiToken & { grants: { environmentId: string; role?: Role }[] }) {
  return {
    name: token.name,
    allEnvironments: token.allEnvironments,
    grants: token.grants.map((g) => ({ environmentId: g.environmentId, role: g.role })),
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
  };
}
