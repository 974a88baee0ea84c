-- add_email_template_welcome: data migration (the strategy's "Adding Email Templates" pattern).
-- What: inserts the email template 'new-template' with its variable list.
-- Why:  the application sends this email from the release that ships with this migration.
-- Rollback: down.sql deletes the row by its key.

INSERT INTO "EmailTemplate" ("id", "key", "subject", "body", "variables") VALUES
  (gen_random_uuid(), 'new-template', 'Subject', 'Body {{variable}}', '["variable"]');
