-- Checks that make_user_display_name_required_add took effect (read-only).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '"User"'::regclass AND attname = 'displayName' AND NOT attisdropped) THEN
        RAISE EXCEPTION 'column "User"."displayName" is missing';
    END IF;
END $$;
