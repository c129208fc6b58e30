-- Metric names are unique per environment among non-deleted metrics (soft delete frees a name).
-- Prisma's schema language cannot express a partial index, so this migration is written by hand;
-- the store enforces the rule even for two concurrent createMetric/updateMetric calls.
CREATE UNIQUE INDEX "Metric_environmentId_name_live_key" ON "Metric"("environmentId", "name") WHERE "deletedAt" IS NULL;
