-- A send-back changes what the task's page shows (the reason, the report marked) and the task's
-- standing (a report sent back no longer counts as the period's): it logs the task for every
-- process's task index (*_task_change_log). Append-only: inserts only.
-- Written by hand: Prisma's schema cannot express triggers. schema.prisma in this folder is
-- unchanged from the previous migration.
CREATE TRIGGER "SendBack_change_insert" AFTER INSERT ON "SendBack" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
