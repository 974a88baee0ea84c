-- remove_user_old_field_deprecate: step 1 of 2 of removing "User"."oldField"
-- What: renames "User"."oldField" to "_deprecated_oldField" and dates it: 'Deprecated on 2026-12-01, safe to remove after 2027-01-01'
-- Lock: ACCESS EXCLUSIVE on "User" for a catalog change (milliseconds; waits at most lock_timeout)
-- Before this step: deploy the application version that no longer uses "oldField", then run manor confirm
-- Written by manor new --change remove-column; see docs/changes/remove-column.md
-- manor:plan remove_user_old_field step 1/2
-- manor:confirm no running application version reads or writes "User"."oldField"

ALTER TABLE "User" RENAME COLUMN "oldField" TO "_deprecated_oldField";
COMMENT ON COLUMN "User"."_deprecated_oldField" IS 'Deprecated on 2026-12-01, safe to remove after 2027-01-01';
