-- make_phone_required_one_step: the strategy's "Bad Approach", kept as an example for the analyzer.
-- What: adds "User"."phone", backfills every row and sets NOT NULL, all in one migration.
-- Why this is unsafe: the UPDATE rewrites and row-locks the whole table inside the DDL transaction,
--       while the ALTER's ACCESS EXCLUSIVE lock blocks every read and write; SET NOT NULL then scans
--       the table again under that lock. Application instances still on the old release insert users
--       without a phone and fail. Compare migrations/ 20240106110000, 20240112100000, 20240113100000.
-- Rollback: down.sql drops the column.

ALTER TABLE "User" ADD COLUMN "phone" TEXT;
UPDATE "User" SET "phone" = '<unknown>' WHERE "phone" IS NULL;
ALTER TABLE "User" ALTER COLUMN "phone" SET NOT NULL;
