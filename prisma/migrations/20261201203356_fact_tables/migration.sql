-- AlterEnum
ALTER TYPE "AuditEntityType" ADD VALUE 'FACT_TABLE';

-- AlterTable
ALTER TABLE "Metric" ADD COLUMN     "factTableIds" UUID[] DEFAULT ARRAY[]::UUID[];

-- CreateTable
CREATE TABLE "FactTable" (
    "id" UUID NOT NULL,
    "environmentId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "sql" TEXT NOT NULL,
    "timestampColumn" TEXT NOT NULL,
    "identifierColumns" TEXT[],
    "columns" JSONB NOT NULL,
    "rowFilters" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "FactTable_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FactTable_environmentId_createdAt_idx" ON "FactTable"("environmentId", "createdAt");

-- AddForeignKey
ALTER TABLE "FactTable" ADD CONSTRAINT "FactTable_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fact-table names are unique per environment among non-deleted fact tables.
CREATE UNIQUE INDEX "FactTable_environmentId_name_live_key" ON "FactTable"("environmentId", "name") WHERE "deletedAt" IS NULL;
-- Metrics built on a fact table are found by its id.
CREATE INDEX "Metric_factTableIds_idx" ON "Metric" USING GIN ("factTableIds");
