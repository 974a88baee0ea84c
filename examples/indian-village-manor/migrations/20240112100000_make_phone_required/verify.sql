-- Checks that make_phone_required took effect (read-only).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conrelid = '"User"'::regclass AND conname = 'User_phone_not_null' AND contype = 'c') THEN
        RAISE EXCEPTION 'make_phone_required: check constraint "User_phone_not_null" is missing';
    END IF;
END $$;
