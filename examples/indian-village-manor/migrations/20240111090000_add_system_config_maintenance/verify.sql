-- Checks that add_system_config_maintenance took effect (read-only).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM "SystemConfig" WHERE "key" = 'new-config') THEN
        RAISE EXCEPTION 'add_system_config_maintenance: setting ''new-config'' is missing';
    END IF;
END $$;
