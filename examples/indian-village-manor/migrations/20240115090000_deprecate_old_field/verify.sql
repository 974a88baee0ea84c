-- Checks that deprecate_old_field took effect (read-only).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'User' AND column_name = '_deprecated_oldField') THEN
        RAISE EXCEPTION 'deprecate_old_field: column "User"."_deprecated_oldField" is missing';
    END IF;
    IF col_description('"User"'::regclass,
                       (SELECT attnum FROM pg_attribute WHERE attrelid = '"User"'::regclass AND attname = '_deprecated_oldField')) IS NULL THEN
        RAISE EXCEPTION 'deprecate_old_field: the deprecation comment is missing';
    END IF;
END $$;
