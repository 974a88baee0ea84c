-- add_system_config_maintenance: data migration (the strategy's "Adding System Config" pattern).
-- What: inserts the setting 'new-config' with its default value.
-- Why:  the application reads this setting from the release that ships with this migration.
-- Rollback: down.sql deletes the row by its key.

INSERT INTO "SystemConfig" ("id", "key", "value", "description") VALUES
  (gen_random_uuid(), 'new-config', 'default-value', 'Description');
