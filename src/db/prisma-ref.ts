/**
 * The process's Prisma client for Pothos' prisma plugin, which needs a client when the schema is
 * built, before the store is opened (and never, when only printing the schema). Set once by app.ts.
 */
import type { PrismaClient } from '../generated/prisma/client.js';

let current: PrismaClient | null = null;

/** Sets the process-wide client Pothos resolves prisma fields with (app.ts, once the store is open). */
export function setPrismaClient(client: PrismaClient): void {
  current = client;
}

/** The client set at start; throws if the store is not open. */
export function prismaClient(): PrismaClient {
  if (!current) throw new Error('the control-plane store is not open');
  return current;
}
