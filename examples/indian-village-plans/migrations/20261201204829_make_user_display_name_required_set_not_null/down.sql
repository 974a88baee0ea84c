-- Rollback of make_user_display_name_required_set_not_null: back to the schema before this step.

ALTER TABLE "User" ADD CONSTRAINT "User_displayName_not_null" CHECK ("displayName" IS NOT NULL) NOT VALID;
ALTER TABLE "User" ALTER COLUMN "displayName" DROP NOT NULL;
