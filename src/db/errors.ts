/** Prisma error helpers shared by the domain services. */

/** True when a write hit a unique constraint (Prisma P2002): a concurrent duplicate. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'P2002';
}
