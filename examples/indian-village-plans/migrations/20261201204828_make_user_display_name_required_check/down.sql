-- Rollback of make_user_display_name_required_check: back to the schema before this step.

ALTER TABLE "User" DROP CONSTRAINT "User_displayName_not_null";
-- Undoes the backfill: the rows holding the backfill's value get their NULL back (a row that held
-- that value before the backfill is reset too; a volatile backfill expression is not undone).
UPDATE "User" SET "displayName" = NULL WHERE "displayName" = "firstName" || ' ' || "lastName";
