-- CreateIndex
CREATE INDEX "ProgressReport_taskId_period_consolidated_idx" ON "ProgressReport"("taskId", "period", "consolidated");
