-- Checks that validate_phone_not_null took effect (read-only).
DO $$
BEGIN
    IF NOT (SELECT attnotnull FROM pg_attribute WHERE attrelid = '"User"'::regclass AND attname = 'phone') THEN
        RAISE EXCEPTION 'validate_phone_not_null: "User"."phone" is not NOT NULL';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '"User"'::regclass AND conname = 'User_phone_not_null') THEN
        RAISE EXCEPTION 'validate_phone_not_null: the temporary check "User_phone_not_null" is still there';
    END IF;
END $$;
