-- Rollback of deprecate_old_field.
-- What: removes the deprecation comment and renames "_deprecated_oldField" back to "oldField".
-- Why:  restores the schema the previous release reads; no data was touched.
-- How:  COMMENT ... IS NULL, then RENAME COLUMN (catalog-only).

COMMENT ON COLUMN "User"."_deprecated_oldField" IS NULL;
ALTER TABLE "User" RENAME COLUMN "_deprecated_oldField" TO "oldField";
