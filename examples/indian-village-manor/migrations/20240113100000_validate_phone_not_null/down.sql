-- Rollback of validate_phone_not_null.
-- What: restores the state after make_phone_required: "phone" nullable, guarded by the NOT VALID check.
-- Why:  a plain DROP NOT NULL would also lose the guard that make_phone_required put in place.
-- How:  add the check back as NOT VALID (no scan), then DROP NOT NULL (catalog-only).

ALTER TABLE "User" ADD CONSTRAINT "User_phone_not_null" CHECK ("phone" IS NOT NULL) NOT VALID;
ALTER TABLE "User" ALTER COLUMN "phone" DROP NOT NULL;
