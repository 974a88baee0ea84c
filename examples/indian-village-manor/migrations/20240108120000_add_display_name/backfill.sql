-- Backfill for add_display_name: derives the display name of existing users; safe to re-run.
UPDATE "User" SET "displayName" = "firstName" || ' ' || "lastName" WHERE "displayName" IS NULL;
