-- deprecate_old_field: step 2 of removing "User"."oldField" (the strategy's breaking-change pattern).
-- What: renames the column to "_deprecated_oldField" and records when it may be dropped.
-- Why:  the application stopped using it (step 1); a rename makes any forgotten reader fail loudly
--       while the data is still there. The DROP COLUMN comes after the safety period, in its own migration.
-- Rollback: down.sql removes the comment and renames the column back.

ALTER TABLE "User" RENAME COLUMN "oldField" TO "_deprecated_oldField";
COMMENT ON COLUMN "User"."_deprecated_oldField" IS 'Deprecated on 2024-01-15, safe to remove after 2024-02-15';
