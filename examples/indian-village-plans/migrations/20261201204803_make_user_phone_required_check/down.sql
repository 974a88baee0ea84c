-- Rollback of make_user_phone_required_check: back to the schema before this step.

ALTER TABLE "User" DROP CONSTRAINT "User_phone_not_null";
-- Undoes the backfill: the rows holding the backfill's value get their NULL back (a row that held
-- that value before the backfill is reset too; a volatile backfill expression is not undone).
UPDATE "User" SET "phone" = NULL WHERE "phone" = '<unknown>';
