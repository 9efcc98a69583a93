-- Rendered pages are cached (app/http/page-cache.server.ts) under the versions of what they show.
-- Two more kinds of change must reach those versions, whichever process writes them:
--
-- 1. A task's timeline entries (AuditEvent with a task): logged in TaskChange like any other change
--    to the task, so the task is re-read by every process's task index and its version moves on.
-- 2. What pages show but the task index does not hold: people's names and the demo flag (timelines,
--    report authors, the demo banner) and settings (the reporting calendar). Logged in PageChange;
--    its newest seq is part of every cached page's key. Logins update lastLoginAt only, which no
--    page shows, so they do not count.
--
-- Written by hand: Prisma's schema cannot express triggers; PageChange stays out of schema.prisma
-- (nothing reads it through Prisma). schema.prisma in this folder is unchanged from the previous
-- migration.
CREATE TRIGGER "AuditEvent_change_insert" AFTER INSERT ON "AuditEvent" WHEN new."taskId" IS NOT NULL BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;

-- Jurisdiction names appear in filter labels and on task pages; they change only with seeds.
CREATE TRIGGER "Jurisdiction_change_insert" AFTER INSERT ON "Jurisdiction" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "Jurisdiction_change_update" AFTER UPDATE ON "Jurisdiction" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "Jurisdiction_change_delete" AFTER DELETE ON "Jurisdiction" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;

CREATE TABLE "PageChange" (
    "seq" INTEGER PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "PageChange_at_idx" ON "PageChange"("at");

CREATE TRIGGER "User_page_change_insert" AFTER INSERT ON "User" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('User');
END;
CREATE TRIGGER "User_page_change_update" AFTER UPDATE OF "name", "isDemo" ON "User" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('User');
END;
CREATE TRIGGER "User_page_change_delete" AFTER DELETE ON "User" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('User');
END;
CREATE TRIGGER "Setting_page_change_insert" AFTER INSERT ON "Setting" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('Setting');
END;
CREATE TRIGGER "Setting_page_change_update" AFTER UPDATE ON "Setting" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('Setting');
END;
CREATE TRIGGER "Setting_page_change_delete" AFTER DELETE ON "Setting" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('Setting');
END;
