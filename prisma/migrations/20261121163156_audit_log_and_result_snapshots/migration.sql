-- CreateEnum
CREATE TYPE "AuditEntityType" AS ENUM ('EXPERIMENT', 'METRIC');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('CREATE', 'UPDATE', 'DELETE', 'ADD_COHORT', 'START', 'DECLARE_WINNER', 'END', 'ARCHIVE', 'ATTACH_METRIC', 'DETACH_METRIC');

-- CreateTable
CREATE TABLE "ResultSnapshot" (
    "experimentId" UUID NOT NULL,
    "readout" JSONB NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResultSnapshot_pkey" PRIMARY KEY ("experimentId")
);

-- CreateTable
CREATE TABLE "AuditLogEntry" (
    "seq" SERIAL NOT NULL,
    "environmentId" UUID NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT,
    "entityType" "AuditEntityType" NOT NULL,
    "entityId" UUID NOT NULL,
    "action" "AuditAction" NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLogEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "AuditLogEntry_environmentId_seq_idx" ON "AuditLogEntry"("environmentId", "seq");

-- CreateIndex
CREATE INDEX "AuditLogEntry_entityId_seq_idx" ON "AuditLogEntry"("entityId", "seq");

-- CreateIndex
CREATE INDEX "Experiment_environmentId_status_createdAt_idx" ON "Experiment"("environmentId", "status", "createdAt");

-- AddForeignKey
ALTER TABLE "ResultSnapshot" ADD CONSTRAINT "ResultSnapshot_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLogEntry" ADD CONSTRAINT "AuditLogEntry_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
