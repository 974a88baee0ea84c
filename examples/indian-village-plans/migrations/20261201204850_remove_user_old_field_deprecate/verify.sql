-- Checks that remove_user_old_field_deprecate took effect (read-only).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '"User"'::regclass AND attname = '_deprecated_oldField' AND NOT attisdropped) THEN
        RAISE EXCEPTION 'column "User"."_deprecated_oldField" is missing';
    END IF;
END $$;
