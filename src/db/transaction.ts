/** The client of a Prisma interactive transaction (`prisma.$transaction(async (tx) => …)`). */
import type { PrismaClient } from '../generated/prisma/client.js';

/** What `$transaction`'s callback receives: the Prisma client minus connection and transaction methods. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
