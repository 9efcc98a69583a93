-- CreateTable
CREATE TABLE "Instruction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "leaderId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "InstructionAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "instructionId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Instruction_taskId_createdAt_idx" ON "Instruction"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "InstructionAnswer_reportId_idx" ON "InstructionAnswer"("reportId");

-- CreateIndex
CREATE INDEX "InstructionAnswer_taskId_idx" ON "InstructionAnswer"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "InstructionAnswer_instructionId_reportId_key" ON "InstructionAnswer"("instructionId", "reportId");
