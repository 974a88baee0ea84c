-- Rollback of make_user_phone_required_add: back to the schema before this step.

ALTER TABLE "User" DROP COLUMN "phone";
