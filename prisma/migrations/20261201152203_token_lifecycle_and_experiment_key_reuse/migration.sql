-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'REVOKE';

-- AlterEnum
ALTER TYPE "AuditEntityType" ADD VALUE 'API_TOKEN';

-- DropIndex
DROP INDEX "Experiment_environmentId_key_key";

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "revokedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Experiment_environmentId_key_idx" ON "Experiment"("environmentId", "key");

-- Experiment keys are unique per environment among live experiments only (not deleted, not
-- ARCHIVED), so a new experiment may take the key of an archived or deleted one. Prisma's schema
-- language cannot express a partial index, so this part is written by hand (and the store enforces
-- the rule even for two concurrent createExperiment calls). ARCHIVED is terminal, so a row never
-- re-enters the index.
CREATE UNIQUE INDEX "Experiment_environmentId_key_live_key" ON "Experiment"("environmentId", "key") WHERE "deletedAt" IS NULL AND "status" <> 'ARCHIVED';
