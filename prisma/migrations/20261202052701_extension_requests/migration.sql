-- CreateTable
CREATE TABLE "ExtensionRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "milestoneId" TEXT,
    "requestedById" TEXT NOT NULL,
    "originalDate" DATETIME NOT NULL,
    "requestedDate" DATETIME NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ExtensionRequest_taskId_createdAt_idx" ON "ExtensionRequest"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "ExtensionRequest_status_createdAt_idx" ON "ExtensionRequest"("status", "createdAt");
