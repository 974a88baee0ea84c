-- Checks that add_middle_name took effect (read-only).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'User' AND column_name = 'middleName') THEN
        RAISE EXCEPTION 'add_middle_name: column "User"."middleName" is missing';
    END IF;
END $$;
