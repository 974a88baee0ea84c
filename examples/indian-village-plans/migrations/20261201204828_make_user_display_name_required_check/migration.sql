-- make_user_display_name_required_check: step 2 of 3 of making "User"."displayName" required
-- What: adds CHECK ("displayName" IS NOT NULL) NOT VALID: new and updated rows must have "displayName" at once, existing rows are not scanned; backfill.sql fills existing NULLs in batches
-- Lock: ACCESS EXCLUSIVE on "User" for a catalog change (milliseconds; waits at most lock_timeout)
-- Lock: the backfill's row locks, one batch at a time
-- Before this step: deploy the application version that always writes "displayName", then run manor confirm
-- Written by manor new --change make-required; see docs/changes/make-required.md
-- manor:plan make_user_display_name_required step 2/3
-- manor:confirm every running application version writes "User"."displayName" on insert and update

ALTER TABLE "User" ADD CONSTRAINT "User_displayName_not_null" CHECK ("displayName" IS NOT NULL) NOT VALID;
