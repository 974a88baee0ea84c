-- Checks that make_user_display_name_required_check took effect (read-only).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '"User"'::regclass AND conname = 'User_displayName_not_null') THEN
        RAISE EXCEPTION 'constraint User_displayName_not_null is missing';
    END IF;
END $$;
