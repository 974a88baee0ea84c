-- Checks that init took effect: the three tables exist (read-only).
DO $$
BEGIN
    IF to_regclass('"User"') IS NULL OR to_regclass('"EmailTemplate"') IS NULL OR to_regclass('"SystemConfig"') IS NULL THEN
        RAISE EXCEPTION 'init: table "User", "EmailTemplate" or "SystemConfig" is missing';
    END IF;
END $$;
