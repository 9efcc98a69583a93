-- CreateTable
CREATE TABLE "ConferenceMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "supervisorId" TEXT NOT NULL,
    "unitId" TEXT,
    "name" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "addedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "ConferenceMember_supervisorId_removedAt_idx" ON "ConferenceMember"("supervisorId", "removedAt");
