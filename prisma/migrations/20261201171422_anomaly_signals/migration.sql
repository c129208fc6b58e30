-- CreateEnum
CREATE TYPE "AnomalyDirection" AS ENUM ('UP', 'DOWN');

-- CreateEnum
CREATE TYPE "AnomalyStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('LOW', 'MEDIUM', 'HIGH');

-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'ACKNOWLEDGE';

-- AlterEnum
ALTER TYPE "AuditEntityType" ADD VALUE 'ANOMALY_SIGNAL';

-- CreateTable
CREATE TABLE "AnomalySignal" (
    "id" UUID NOT NULL,
    "environmentId" UUID NOT NULL,
    "metricId" UUID NOT NULL,
    "interval" "BucketInterval" NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "observed" DOUBLE PRECISION NOT NULL,
    "expected" DOUBLE PRECISION NOT NULL,
    "lower" DOUBLE PRECISION NOT NULL,
    "upper" DOUBLE PRECISION NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "direction" "AnomalyDirection" NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "AnomalyStatus" NOT NULL DEFAULT 'OPEN',
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnomalySignal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitorCursor" (
    "metricId" UUID NOT NULL,
    "interval" "BucketInterval" NOT NULL,
    "evaluatedThrough" TIMESTAMP(3) NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MonitorCursor_pkey" PRIMARY KEY ("metricId")
);

-- CreateIndex
CREATE INDEX "AnomalySignal_environmentId_bucket_idx" ON "AnomalySignal"("environmentId", "bucket");

-- CreateIndex
CREATE INDEX "AnomalySignal_environmentId_status_bucket_idx" ON "AnomalySignal"("environmentId", "status", "bucket");

-- CreateIndex
CREATE INDEX "AnomalySignal_metricId_status_bucket_idx" ON "AnomalySignal"("metricId", "status", "bucket");

-- CreateIndex
CREATE UNIQUE INDEX "AnomalySignal_metricId_interval_bucket_key" ON "AnomalySignal"("metricId", "interval", "bucket");

-- AddForeignKey
ALTER TABLE "AnomalySignal" ADD CONSTRAINT "AnomalySignal_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnomalySignal" ADD CONSTRAINT "AnomalySignal_metricId_fkey" FOREIGN KEY ("metricId") REFERENCES "Metric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonitorCursor" ADD CONSTRAINT "MonitorCursor_metricId_fkey" FOREIGN KEY ("metricId") REFERENCES "Metric"("id") ON DELETE CASCADE ON UPDATE CASCADE;
