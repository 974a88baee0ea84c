-- Checks that make_user_phone_required_add took effect (read-only).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '"User"'::regclass AND attname = 'phone' AND NOT attisdropped) THEN
        RAISE EXCEPTION 'column "User"."phone" is missing';
    END IF;
END $$;
