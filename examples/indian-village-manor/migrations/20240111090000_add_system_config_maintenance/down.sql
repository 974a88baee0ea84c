-- Rollback of add_system_config_maintenance.
-- What: deletes the 'new-config' setting.
-- Why:  the previous release does not read it.
-- How:  DELETE by its unique key.

DELETE FROM "SystemConfig" WHERE "key" = 'new-config';
