-- validate_phone_not_null: step 3 of making "User"."phone" required.
-- What: validates the check from make_phone_required, sets the column NOT NULL, drops the check.
-- Why:  VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE (reads and writes continue); then
--       SET NOT NULL skips its own scan because a validated CHECK already proves it (PostgreSQL 12+),
--       so its ACCESS EXCLUSIVE lock is brief; the check is then redundant.
-- Rollback: down.sql puts the NOT VALID check back and drops NOT NULL (the schema of make_phone_required).

ALTER TABLE "User" VALIDATE CONSTRAINT "User_phone_not_null";
ALTER TABLE "User" ALTER COLUMN "phone" SET NOT NULL;
ALTER TABLE "User" DROP CONSTRAINT "User_phone_not_null";
