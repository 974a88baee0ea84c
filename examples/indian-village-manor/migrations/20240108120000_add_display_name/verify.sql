-- Checks that add_display_name took effect (read-only).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'User' AND column_name = 'displayName') THEN
        RAISE EXCEPTION 'add_display_name: column "User"."displayName" is missing';
    END IF;
END $$;
