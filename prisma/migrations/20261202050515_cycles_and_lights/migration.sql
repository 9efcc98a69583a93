-- CreateTable
CREATE TABLE "LightSettings" (
    "unitId" TEXT NOT NULL PRIMARY KEY,
    "dueSoonDays" INTEGER NOT NULL,
    "reportDueSoonDays" INTEGER NOT NULL,
    "progressLagPoints" INTEGER,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LightOverride" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "light" TEXT,
    "reason" TEXT NOT NULL,
    "expiresAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CalendarYear" (
    "year" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" TEXT NOT NULL PRIMARY KEY,
    "year" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ReportingCycle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT,
    "taskId" TEXT,
    "rule" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SlotReopen" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "until" DATETIME NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "LightOverride_taskId_createdAt_idx" ON "LightOverride"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "CalendarDay_year_idx" ON "CalendarDay"("year");

-- CreateIndex
CREATE INDEX "ReportingCycle_documentId_createdAt_idx" ON "ReportingCycle"("documentId", "createdAt");

-- CreateIndex
CREATE INDEX "ReportingCycle_taskId_createdAt_idx" ON "ReportingCycle"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "SlotReopen_taskId_unitId_period_idx" ON "SlotReopen"("taskId", "unitId", "period");
