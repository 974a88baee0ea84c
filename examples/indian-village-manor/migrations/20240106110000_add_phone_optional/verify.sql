-- Checks that add_phone_optional took effect (read-only).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'User' AND column_name = 'phone') THEN
        RAISE EXCEPTION 'add_phone_optional: column "User"."phone" is missing';
    END IF;
END $$;
