/**
 * API tokens: bearer secrets stored as SHA-256 hashes, each with a role per environment. At first
 * start a bootstrap token (ADMIN in every environment) is created from LIFTGATE_BOOTSTRAP_TOKEN,
 * or generated and returned once so main.ts can print it.
 */
import type { PrismaClient } from '../../generated/prisma/client.js';
import { generateSecret, hashSecret } from '../../lib/secrets.js';
import type { EnvironmentService } from '../environment/service.js';
import { ValidationError } from '../errors.js';
import type { Actor, Role } from './actor.js';

const AUTH_CACHE_MS = 30_000;
const LAST_USED_RESOLUTION_MS = 60_000;

export type TokenService = ReturnType<typeof createTokenService>;

/** Token service over the control plane: bootstrap, issuance (secret shown once, SHA-256 stored) and authentication. */
export function createTokenService(deps: { prisma: PrismaClient; environments: EnvironmentService }) {
  const { prisma, environments } = deps;
  const cache = new Map<string, { actor: Actor; until: number }>();
  const lastUsedWritten = new Map<string, number>();

  return {
    /**
     * Makes sure a bootstrap token exists. Returns the secret when one was generated now (to be
     * shown once), else null.
     */
    async ensureBootstrap(configured: string | undefined): Promise<string | null> {
      if (configured) {
        const secretHash = hashSecret(configured);
        const existing = await prisma.apiToken.findUnique({ where: { secretHash } });
        if (!existing) {
          await prisma.apiToken.create({ data: { name: 'bootstrap', secretHash, allEnvironments: 'ADMIN' } });
        }
        return null;
      }
      if ((await prisma.apiToken.count()) > 0) return null;
      const secret = generateSecret('lg');
      await prisma.apiToken.create({
        data: { name: 'bootstrap', secretHash: hashSecret(secret), allEnvironments: 'ADMIN' },
      });
      return secret;
    },

    /** Resolves a bearer secret to an actor; null when unknown. Cached briefly. */
    async authenticate(secret: string): Promise<Actor | null> {
      const secretHash = hashSecret(secret);
      const now = Date.now();
      const hit = cache.get(secretHash);
      if (hit && hit.until > now) return hit.actor;
      const token = await prisma.apiToken.findUnique({ where: { secretHash }, include: { grants: true } });
      if (!token) return null;
      const actor: Actor = {
        kind: 'token',
        tokenId: token.id,
        tokenName: token.name,
        allEnvironments: token.allEnvironments,
        grants: new Map(token.grants.map((g) => [g.environmentId, g.role])),
      };
      cache.set(secretHash, { actor, until: now + AUTH_CACHE_MS });
      if ((lastUsedWritten.get(token.id) ?? 0) + LAST_USED_RESOLUTION_MS < now) {
        lastUsedWritten.set(token.id, now);
        await prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(now) } });
      }
      return actor;
    },

    /**
     * Creates a token with the given grants; the caller must be ADMIN in each environment.
     * Returns the stored token and its secret (shown once).
     */
    async create(actor: Actor, input: { name: string; grants: { environmentKey: string; role: Role }[] }) {
      const name = input.name.trim();
      if (!name || name.length > 200) throw new ValidationError('name must be 1–200 characters', ['input', 'name']);
      if (input.grants.length === 0) throw new ValidationError('at least one grant is required', ['input', 'grants']);
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
          grants: { create: [...grants].map(([environmentId, role]) => ({ environmentId, role })) },
        },
      });
      return { token, secret };
    },
  };
}
