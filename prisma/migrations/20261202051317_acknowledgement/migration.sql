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

-- CreateIndex
CREATE UNIQUE INDEX "Acknowledgement_assignmentId_key" ON "Acknowledgement"("assignmentId");

-- CreateIndex
CREATE INDEX "Acknowledgement_taskId_idx" ON "Acknowledgement"("taskId");

-- CreateIndex
CREATE INDEX "Acknowledgement_unitId_idx" ON "Acknowledgement"("unitId");
