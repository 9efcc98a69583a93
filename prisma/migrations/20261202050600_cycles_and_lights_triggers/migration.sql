-- Triggers for the tables of issue 15 §7–§8 (written by hand; schema.prisma here is unchanged from
-- the previous migration). A light override or a reopened report slot changes one task's page and
-- light: logged in TaskChange. Thresholds, reporting cycles and the working calendar are settings
-- that change many lights and deadlines: logged in PageChange, whose seq keys every cached page
-- and the rules in force (app/models/standing.server.ts rulesOf).
CREATE TRIGGER "LightOverride_change_insert" AFTER INSERT ON "LightOverride" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
CREATE TRIGGER "SlotReopen_change_insert" AFTER INSERT ON "SlotReopen" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;

CREATE TRIGGER "LightSettings_page_change_insert" AFTER INSERT ON "LightSettings" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('LightSettings');
END;
CREATE TRIGGER "LightSettings_page_change_update" AFTER UPDATE ON "LightSettings" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('LightSettings');
END;
CREATE TRIGGER "LightSettings_page_change_delete" AFTER DELETE ON "LightSettings" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('LightSettings');
END;
CREATE TRIGGER "ReportingCycle_page_change_insert" AFTER INSERT ON "ReportingCycle" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('ReportingCycle');
END;
CREATE TRIGGER "CalendarYear_page_change_insert" AFTER INSERT ON "CalendarYear" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('CalendarYear');
END;
CREATE TRIGGER "CalendarYear_page_change_update" AFTER UPDATE ON "CalendarYear" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('CalendarYear');
END;
CREATE TRIGGER "CalendarYear_page_change_delete" AFTER DELETE ON "CalendarYear" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('CalendarYear');
END;
CREATE TRIGGER "CalendarDay_page_change_insert" AFTER INSERT ON "CalendarDay" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('CalendarDay');
END;
CREATE TRIGGER "CalendarDay_page_change_delete" AFTER DELETE ON "CalendarDay" BEGIN
    INSERT INTO "PageChange" ("source") VALUES ('CalendarDay');
END;
