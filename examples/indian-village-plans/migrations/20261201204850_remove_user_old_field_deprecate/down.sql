-- Rollback of remove_user_old_field_deprecate: back to the schema before this step.

COMMENT ON COLUMN "User"."_deprecated_oldField" IS NULL;
ALTER TABLE "User" RENAME COLUMN "_deprecated_oldField" TO "oldField";
