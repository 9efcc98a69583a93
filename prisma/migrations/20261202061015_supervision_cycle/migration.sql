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

-- CreateTable
CREATE TABLE "Acknowledgement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assignmentId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "userId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Acknowledgement_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

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

-- CreateTable
CREATE TABLE "Milestone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dueDate" DATETIME NOT NULL,
    "unitIds" TEXT NOT NULL DEFAULT '[]',
    "position" INTEGER NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "completedById" TEXT,
    "removedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ReportMilestone" (
    "reportId" TEXT NOT NULL PRIMARY KEY,
    "milestoneId" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "SendBack_taskId_createdAt_idx" ON "SendBack"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "SendBack_reportId_idx" ON "SendBack"("reportId");

-- CreateIndex
CREATE UNIQUE INDEX "Acknowledgement_assignmentId_key" ON "Acknowledgement"("assignmentId");

-- CreateIndex
CREATE INDEX "Acknowledgement_taskId_idx" ON "Acknowledgement"("taskId");

-- CreateIndex
CREATE INDEX "Acknowledgement_unitId_idx" ON "Acknowledgement"("unitId");

-- CreateIndex
CREATE INDEX "ExtensionRequest_taskId_createdAt_idx" ON "ExtensionRequest"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "ExtensionRequest_status_createdAt_idx" ON "ExtensionRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Milestone_taskId_position_idx" ON "Milestone"("taskId", "position");

-- CreateIndex
CREATE INDEX "ReportMilestone_milestoneId_idx" ON "ReportMilestone"("milestoneId");
