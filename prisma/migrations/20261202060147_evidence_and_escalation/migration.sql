-- CreateTable
CREATE TABLE "EvidenceFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "EscalationStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "recipients" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Escalation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "stepId" TEXT,
    "kind" TEXT NOT NULL,
    "onceKey" TEXT,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "actorId" TEXT,
    "liftsId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "EvidenceFile_taskId_createdAt_idx" ON "EvidenceFile"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "EvidenceFile_reportId_idx" ON "EvidenceFile"("reportId");

-- CreateIndex
CREATE INDEX "EvidenceFile_sha256_idx" ON "EvidenceFile"("sha256");

-- CreateIndex
CREATE INDEX "EscalationStep_position_idx" ON "EscalationStep"("position");

-- CreateIndex
CREATE UNIQUE INDEX "Escalation_onceKey_key" ON "Escalation"("onceKey");

-- CreateIndex
CREATE UNIQUE INDEX "Escalation_liftsId_key" ON "Escalation"("liftsId");

-- CreateIndex
CREATE INDEX "Escalation_taskId_createdAt_idx" ON "Escalation"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "Escalation_kind_createdAt_idx" ON "Escalation"("kind", "createdAt");
