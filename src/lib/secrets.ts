/** Random secrets and their one-way hashes (tokens are stored hashed, never in clear). */
import { createHash, randomBytes } from 'node:crypto';

/** A URL-safe random secret with a readable prefix, e.g. `lg_3f…` (32 random bytes). */
export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Hex SHA-256 of a secret: tokens have 256 bits of entropy, so no salt or slow hash is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
