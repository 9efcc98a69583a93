-- Acknowledgement (签收) begins with this migration: the assignments a database already has are
-- the baseline, not new work, and count as acknowledged (userId NULL, dated as assigned). An
-- acknowledgement shows on the task's page and in its unit's lists, so it logs the task for every
-- process's task index (*_task_change_log). Append-only: inserts only.
-- Written by hand: Prisma's schema cannot express triggers or data changes. schema.prisma in this
-- folder is unchanged from the previous migration.
INSERT INTO "Acknowledgement" ("id", "assignmentId", "taskId", "unitId", "userId", "createdAt")
SELECT 'ack' || lower(hex(randomblob(12))), a."id", a."taskId", a."unitId", NULL, a."createdAt"
FROM "Assignment" a;

CREATE TRIGGER "Acknowledgement_change_insert" AFTER INSERT ON "Acknowledgement" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
