-- The supervision cycle's tables (SendBack, Acknowledgement, ExtensionRequest, Milestone) change
-- what a task's page and light show: each change logs the task for every process's task index
-- (*_task_change_log). Acknowledgement (签收) begins here: the assignments a database already has
-- are the baseline, not new work, and count as acknowledged (userId NULL, dated as assigned).
-- Written by hand: Prisma's schema cannot express triggers or data changes. schema.prisma in this
-- folder is unchanged from the previous migration.
CREATE TRIGGER "SendBack_change_insert" AFTER INSERT ON "SendBack" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
INSERT INTO "Acknowledgement" ("id", "assignmentId", "taskId", "unitId", "userId", "createdAt")
SELECT 'ack' || lower(hex(randomblob(12))), a."id", a."taskId", a."unitId", NULL, a."createdAt"
FROM "Assignment" a;

CREATE TRIGGER "Acknowledgement_change_insert" AFTER INSERT ON "Acknowledgement" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
CREATE TRIGGER "ExtensionRequest_change_insert" AFTER INSERT ON "ExtensionRequest" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
CREATE TRIGGER "ExtensionRequest_change_update" AFTER UPDATE ON "ExtensionRequest" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
CREATE TRIGGER "Milestone_change_insert" AFTER INSERT ON "Milestone" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
CREATE TRIGGER "Milestone_change_update" AFTER UPDATE ON "Milestone" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
