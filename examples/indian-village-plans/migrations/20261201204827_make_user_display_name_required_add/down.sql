-- Rollback of make_user_display_name_required_add: back to the schema before this step.

ALTER TABLE "User" DROP COLUMN "displayName";
