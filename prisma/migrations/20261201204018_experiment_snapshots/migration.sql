-- CreateEnum
CREATE TYPE "SnapshotTrigger" AS ENUM ('SCHEDULED', 'FREEZE');

-- CreateTable
CREATE TABLE "ExperimentSnapshot" (
    "id" UUID NOT NULL,
    "experimentId" UUID NOT NULL,
    "trigger" "SnapshotTrigger" NOT NULL,
    "slot" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "readout" JSONB NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExperimentSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExperimentSnapshot_experimentId_takenAt_idx" ON "ExperimentSnapshot"("experimentId", "takenAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExperimentSnapshot_experimentId_slot_key" ON "ExperimentSnapshot"("experimentId", "slot");

-- AddForeignKey
ALTER TABLE "ExperimentSnapshot" ADD CONSTRAINT "ExperimentSnapshot_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
