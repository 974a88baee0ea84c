-- Checks that make_user_phone_required_set_not_null took effect (read-only).
DO $$
BEGIN
    IF NOT (SELECT attnotnull FROM pg_attribute WHERE attrelid = '"User"'::regclass AND attname = 'phone') THEN
        RAISE EXCEPTION '"User"."phone" is not NOT NULL';
    END IF;
END $$;
