-- Rollback of add_display_name.
-- What: drops "User"."displayName".
-- Why:  restores the schema before the migration; the values were derived, so nothing unique is lost
--       unless users edited their display name since.
-- How:  one DROP COLUMN (catalog-only).

ALTER TABLE "User" DROP COLUMN "displayName";
