-- Checks that make_user_display_name_required_set_not_null took effect (read-only).
DO $$
BEGIN
    IF NOT (SELECT attnotnull FROM pg_attribute WHERE attrelid = '"User"'::regclass AND attname = 'displayName') THEN
        RAISE EXCEPTION '"User"."displayName" is not NOT NULL';
    END IF;
END $$;
