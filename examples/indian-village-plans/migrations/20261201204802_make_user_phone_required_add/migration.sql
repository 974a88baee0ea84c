-- make_user_phone_required_add: step 1 of 3 of making "User"."phone" required
-- What: adds "User"."phone" as a nullable column (catalog-only)
-- Lock: ACCESS EXCLUSIVE on "User" for a catalog change (milliseconds; waits at most lock_timeout)
-- Written by manor new --change make-required; see docs/changes/make-required.md
-- manor:plan make_user_phone_required step 1/3

ALTER TABLE "User" ADD COLUMN "phone" TEXT;
