-- CreateTable
CREATE TABLE "SendBack" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reportId" TEXT,
    "unitId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "decidedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "SendBack_taskId_createdAt_idx" ON "SendBack"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "SendBack_reportId_idx" ON "SendBack"("reportId");
