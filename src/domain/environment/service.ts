/** Environments: the tenant unit. Their key authenticates SDKs for ingestion and assignment. */
import { randomBytes } from 'node:crypto';
import type { Environment, PrismaClient } from '../../generated/prisma/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { canRead, requireGlobalAdmin, requireRole, type Actor, type Role } from '../access/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { validateName } from '../names.js';

const KEY_PATTERN = /^[A-Za-z0-9._-]{3,100}$/;

export type EnvironmentService = ReturnType<typeof createEnvironmentService>;

/** Environment service: creation (global ADMIN), lookups by key (cached) and visibility. */
export function createEnvironmentService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  // Keys never change and environments are never deleted, so positive lookups are cached.
  const byKey = new Map<string, Environment>();

  async function findByKey(key: string): Promise<Environment | null> {
    const cached = byKey.get(key);
    if (cached) return cached;
    const env = await prisma.environment.findUnique({ where: { key } });
    if (env) byKey.set(key, env);
    return env;
  }

  return {
    findByKey,

    /** Creates an environment (ADMIN-in-every-environment tokens only); key generated when absent. */
    async create(actor: Actor, input: { name: string; key?: string | null }): Promise<Environment> {
      requireGlobalAdmin(actor);
      const name = validateName(input.name, ['input', 'name']);
      const key = input.key ?? `env_${randomBytes(12).toString('base64url')}`;
      if (!KEY_PATTERN.test(key)) {
        throw new ValidationError('key must be 3–100 characters of [A-Za-z0-9._-]', ['input', 'key']);
      }
      if (await findByKey(key)) throw new ConflictError(`an environment with key ${key} exists`, ['input', 'key']);
      try {
        return await prisma.environment.create({ data: { key, name } });
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new ConflictError(`an environment with key ${key} exists`, ['input', 'key']);
        }
        throw err;
      }
    },

    /** Environments the caller can read, oldest first. */
    async listVisible(actor: Actor): Promise<Environment[]> {
      if (actor.kind !== 'token') return [];
      const all = await prisma.environment.findMany({ orderBy: { createdAt: 'asc' } });
      return all.filter((e) => canRead(actor, e.id));
    },

    /** The environment if the caller can read it, else null. */
    async getVisible(actor: Actor, key: string): Promise<Environment | null> {
      const env = await findByKey(key);
      return env && canRead(actor, env.id) ? env : null;
    },

    /** The environment for a change needing `minimum`; NotFound/Forbidden otherwise. */
    async requireForChange(actor: Actor, key: string, minimum: Role, field = ['input', 'environmentKey']) {
      const env = await findByKey(key);
      if (!env || !canRead(actor, env.id)) throw new NotFoundError(`environment ${key} not found`, field);
      requireRole(actor, env.id, minimum);
      return env;
    },
  };
}
