-- An extension request is on its task's page, and an approved one moves the task's effective due
-- date (its light, days overdue): each change logs the task for every process's task index
-- (*_task_change_log).
-- Written by hand: Prisma's schema cannot express triggers. schema.prisma in this folder is
-- unchanged from the previous migration.
CREATE TRIGGER "ExtensionRequest_change_insert" AFTER INSERT ON "ExtensionRequest" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
CREATE TRIGGER "ExtensionRequest_change_update" AFTER UPDATE ON "ExtensionRequest" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
