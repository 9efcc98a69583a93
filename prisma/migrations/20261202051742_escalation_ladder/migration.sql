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
CREATE INDEX "EscalationStep_position_idx" ON "EscalationStep"("position");

-- CreateIndex
CREATE UNIQUE INDEX "Escalation_onceKey_key" ON "Escalation"("onceKey");

-- CreateIndex
CREATE UNIQUE INDEX "Escalation_liftsId_key" ON "Escalation"("liftsId");

-- CreateIndex
CREATE INDEX "Escalation_taskId_createdAt_idx" ON "Escalation"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "Escalation_kind_createdAt_idx" ON "Escalation"("kind", "createdAt");
