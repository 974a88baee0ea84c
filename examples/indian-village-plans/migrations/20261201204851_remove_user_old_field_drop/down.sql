-- Rollback of remove_user_old_field_drop: back to the schema before this step.

-- manor:irreversible because the values of "User"."_deprecated_oldField" are gone; restore them from the backup taken before this deploy
