-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "heldOn" DATETIME NOT NULL,
    "minutesNumber" TEXT NOT NULL,
    "attendees" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "recordedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Meeting_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_documentId_key" ON "Meeting"("documentId");

-- CreateIndex
CREATE INDEX "Meeting_heldOn_idx" ON "Meeting"("heldOn");
