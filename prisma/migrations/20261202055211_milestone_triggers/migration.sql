-- A task's milestones are on its page and its nearest open one counts for its light: each change
-- logs the task for every process's task index (*_task_change_log). A report's milestone is
-- written with the report (whose own trigger logs the task).
-- Written by hand: Prisma's schema cannot express triggers. schema.prisma in this folder is
-- unchanged from the previous migration.
CREATE TRIGGER "Milestone_change_insert" AFTER INSERT ON "Milestone" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
CREATE TRIGGER "Milestone_change_update" AFTER UPDATE ON "Milestone" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
