-- make_user_phone_required_check: step 2 of 3 of making "User"."phone" required
-- What: adds CHECK ("phone" IS NOT NULL) NOT VALID: new and updated rows must have "phone" at once, existing rows are not scanned; backfill.sql fills existing NULLs in batches
-- Lock: ACCESS EXCLUSIVE on "User" for a catalog change (milliseconds; waits at most lock_timeout)
-- Lock: the backfill's row locks, one batch at a time
-- Before this step: deploy the application version that always writes "phone", then run manor confirm
-- Written by manor new --change make-required; see docs/changes/make-required.md
-- manor:plan make_user_phone_required step 2/3
-- manor:confirm every running application version writes "User"."phone" on insert and update

ALTER TABLE "User" ADD CONSTRAINT "User_phone_not_null" CHECK ("phone" IS NOT NULL) NOT VALID;
