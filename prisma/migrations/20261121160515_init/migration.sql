-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'EDITOR', 'VIEWER');

-- CreateEnum
CREATE TYPE "MetricKind" AS ENUM ('EVENT', 'FACT');

-- CreateEnum
CREATE TYPE "MetricAggregation" AS ENUM ('COUNT', 'SUM', 'MEAN', 'OCCURRENCE', 'COUNT_DISTINCT', 'RATIO');

-- CreateEnum
CREATE TYPE "MetricPolarity" AS ENUM ('HIGHER_IS_BETTER', 'LOWER_IS_BETTER');

-- CreateEnum
CREATE TYPE "MetricStatus" AS ENUM ('DRAFT', 'ACTIVE', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "BucketInterval" AS ENUM ('HOUR', 'DAY');

-- CreateEnum
CREATE TYPE "ExperimentStatus" AS ENUM ('DRAFT', 'ACTIVE', 'WINNER_DECLARED', 'ENDED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "EndedReason" AS ENUM ('SUCCESS', 'TECH_ISSUE', 'NO_LONGER_NEEDED', 'NO_STAT_SIG', 'OTHER');

-- CreateEnum
CREATE TYPE "MetricRole" AS ENUM ('PRIMARY', 'SECONDARY', 'GUARDRAIL');

-- CreateEnum
CREATE TYPE "ExpectedDirection" AS ENUM ('INCREASE', 'DECREASE', 'NO_CHANGE');

-- CreateTable
CREATE TABLE "Environment" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Environment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "allEnvironments" "Role",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiTokenGrant" (
    "tokenId" UUID NOT NULL,
    "environmentId" UUID NOT NULL,
    "role" "Role" NOT NULL,

    CONSTRAINT "ApiTokenGrant_pkey" PRIMARY KEY ("tokenId","environmentId")
);

-- CreateTable
CREATE TABLE "Metric" (
    "id" UUID NOT NULL,
    "environmentId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "kind" "MetricKind" NOT NULL,
    "aggregation" "MetricAggregation" NOT NULL,
    "polarity" "MetricPolarity" NOT NULL,
    "status" "MetricStatus" NOT NULL,
    "definition" JSONB NOT NULL,
    "windowHours" INTEGER,
    "monitoringEnabled" BOOLEAN NOT NULL DEFAULT false,
    "monitoringInterval" "BucketInterval" NOT NULL DEFAULT 'DAY',
    "monitoringSensitivity" DOUBLE PRECISION NOT NULL DEFAULT 3.5,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Metric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Experiment" (
    "id" UUID NOT NULL,
    "environmentId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "hypothesis" TEXT,
    "links" JSONB NOT NULL DEFAULT '[]',
    "subjectType" TEXT NOT NULL DEFAULT 'ANY',
    "featureName" TEXT NOT NULL,
    "exposureEvent" TEXT NOT NULL DEFAULT '$flag_exposure',
    "status" "ExperimentStatus" NOT NULL DEFAULT 'DRAFT',
    "winningVariantId" UUID,
    "endedReason" "EndedReason",
    "resourceVersion" INTEGER NOT NULL DEFAULT 1,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Variant" (
    "id" UUID NOT NULL,
    "experimentId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "isControl" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL,

    CONSTRAINT "Variant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cohort" (
    "experimentId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Cohort_pkey" PRIMARY KEY ("experimentId","index")
);

-- CreateTable
CREATE TABLE "Allocation" (
    "experimentId" UUID NOT NULL,
    "cohortIndex" INTEGER NOT NULL,
    "variantId" UUID NOT NULL,
    "splitMillis" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "Allocation_pkey" PRIMARY KEY ("experimentId","cohortIndex","variantId")
);

-- CreateTable
CREATE TABLE "ExperimentMetric" (
    "experimentId" UUID NOT NULL,
    "metricId" UUID NOT NULL,
    "role" "MetricRole" NOT NULL,
    "expectedDirection" "ExpectedDirection" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExperimentMetric_pkey" PRIMARY KEY ("experimentId","metricId")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "experimentId" UUID NOT NULL,
    "subjectId" TEXT NOT NULL,
    "variantId" UUID NOT NULL,
    "cohortIndex" INTEGER NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("experimentId","subjectId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Environment_key_key" ON "Environment"("key");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_secretHash_key" ON "ApiToken"("secretHash");

-- CreateIndex
CREATE INDEX "Metric_environmentId_status_idx" ON "Metric"("environmentId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Experiment_environmentId_key_key" ON "Experiment"("environmentId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Variant_experimentId_key_key" ON "Variant"("experimentId", "key");

-- AddForeignKey
ALTER TABLE "ApiTokenGrant" ADD CONSTRAINT "ApiTokenGrant_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiTokenGrant" ADD CONSTRAINT "ApiTokenGrant_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Metric" ADD CONSTRAINT "Metric_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Variant" ADD CONSTRAINT "Variant_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cohort" ADD CONSTRAINT "Cohort_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Allocation" ADD CONSTRAINT "Allocation_experimentId_cohortIndex_fkey" FOREIGN KEY ("experimentId", "cohortIndex") REFERENCES "Cohort"("experimentId", "index") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Allocation" ADD CONSTRAINT "Allocation_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "Variant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentMetric" ADD CONSTRAINT "ExperimentMetric_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentMetric" ADD CONSTRAINT "ExperimentMetric_metricId_fkey" FOREIGN KEY ("metricId") REFERENCES "Metric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "Variant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
