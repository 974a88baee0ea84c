-- Rollback of make_user_phone_required_set_not_null: back to the schema before this step.

ALTER TABLE "User" ADD CONSTRAINT "User_phone_not_null" CHECK ("phone" IS NOT NULL) NOT VALID;
ALTER TABLE "User" ALTER COLUMN "phone" DROP NOT NULL;
