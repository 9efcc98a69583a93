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
CREATE INDEX "Milestone_taskId_position_idx" ON "Milestone"("taskId", "position");

-- CreateIndex
CREATE INDEX "ReportMilestone_milestoneId_idx" ON "ReportMilestone"("milestoneId");
