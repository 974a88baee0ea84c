-- add_display_name: adding a column with a backfill (the strategy's common pattern).
-- What: adds the nullable column "User"."displayName"; backfill.sql fills it from first and last name.
-- Why:  the UI shows one display name; the backfill runs apart from this DDL so no row locks are
--       held for the whole table while the ALTER's lock is taken.
-- Rollback: down.sql drops the column.

ALTER TABLE "User" ADD COLUMN "displayName" TEXT;

-- backfill: see backfill.sql

-- Backfill (inline, as Prisma and Flyway run it)
-- Backfill for add_display_name: derives the display name of existing users; safe to re-run.
UPDATE "User" SET "displayName" = "firstName" || ' ' || "lastName" WHERE "displayName" IS NULL;
