-- add_phone_optional: step 1 of making "User"."phone" required (the strategy's "Good Approach").
-- What: adds "phone" as a nullable column; the application starts writing it for new users.
-- Why:  SET NOT NULL in one step would fail on existing rows (and lock the table while it scans);
--       existing rows are backfilled separately, then 20240112100000_make_phone_required and
--       20240113100000_validate_phone_not_null enforce it without a long lock.
-- Rollback: down.sql drops the column.

ALTER TABLE "User" ADD COLUMN "phone" TEXT;

-- backfill: see backfill.sql

-- Backfill (inline, as Prisma and Flyway run it)
-- Backfill for add_phone_optional: gives existing users a placeholder phone, outside the DDL transaction.
UPDATE "User" SET "phone" = '<unknown>' WHERE "phone" IS NULL;
