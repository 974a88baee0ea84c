-- Checks that remove_user_old_field_drop took effect (read-only).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '"User"'::regclass AND attname = '_deprecated_oldField' AND NOT attisdropped) THEN
        RAISE EXCEPTION '"User"."_deprecated_oldField" is still there';
    END IF;
END $$;
