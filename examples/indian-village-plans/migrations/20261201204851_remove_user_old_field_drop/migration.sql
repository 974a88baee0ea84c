-- remove_user_old_field_drop: step 2 of 2 of removing "User"."oldField"
-- What: drops "User"."_deprecated_oldField" after its safety period (the deprecation gate checks the comment's date too)
-- Lock: ACCESS EXCLUSIVE on "User" for a catalog change (milliseconds; waits at most lock_timeout) (DROP COLUMN only marks the column dropped)
-- Written by manor new --change remove-column; see docs/changes/remove-column.md
-- manor:plan remove_user_old_field step 2/2
-- manor:wait 31d

ALTER TABLE "User" DROP COLUMN "_deprecated_oldField";
