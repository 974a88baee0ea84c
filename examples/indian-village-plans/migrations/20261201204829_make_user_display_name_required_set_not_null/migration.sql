-- make_user_display_name_required_set_not_null: step 3 of 3 of making "User"."displayName" required
-- What: validates the check (scans under SHARE UPDATE EXCLUSIVE: reads and writes go on), sets "displayName" NOT NULL (no scan: the validated check proves it), drops the check
-- Lock: SHARE UPDATE EXCLUSIVE on "User" while VALIDATE scans (reads and writes continue)
-- Lock: ACCESS EXCLUSIVE on "User" for a catalog change (milliseconds; waits at most lock_timeout) for SET NOT NULL and DROP CONSTRAINT
-- Written by manor new --change make-required; see docs/changes/make-required.md
-- manor:plan make_user_display_name_required step 3/3

ALTER TABLE "User" VALIDATE CONSTRAINT "User_displayName_not_null";
ALTER TABLE "User" ALTER COLUMN "displayName" SET NOT NULL;
ALTER TABLE "User" DROP CONSTRAINT "User_displayName_not_null";
