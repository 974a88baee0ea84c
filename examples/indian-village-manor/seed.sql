-- Seed data for development and tests of Indian Village Manor, for the schema after all migrations.
-- Idempotent: every insert skips rows whose unique key already exists, so it can be run repeatedly.

INSERT INTO "User" ("email", "firstName", "lastName", "middleName", "phone", "displayName") VALUES
  ('asha.rao@example.com', 'Asha', 'Rao', NULL, '+1 313 555 0101', 'Asha Rao'),
  ('daniel.okafor@example.com', 'Daniel', 'Okafor', 'Chukwuemeka', '+1 313 555 0102', 'Daniel Okafor'),
  ('mary.oconnor@example.com', 'Mary', 'O''Connor', NULL, '+1 313 555 0103', 'Mary O''Connor')
ON CONFLICT ("email") DO NOTHING;

INSERT INTO "EmailTemplate" ("id", "key", "subject", "body", "variables") VALUES
  (gen_random_uuid(), 'welcome', 'Welcome to Indian Village Manor', 'Hello {{firstName}}; your account is ready.', '["firstName"]'),
  (gen_random_uuid(), 'password-reset', 'Reset your password', 'Use this link within 1 hour: {{resetUrl}}', '["resetUrl"]')
ON CONFLICT ("key") DO NOTHING;

INSERT INTO "SystemConfig" ("id", "key", "value", "description") VALUES
  (gen_random_uuid(), 'maintenance-mode', 'false', 'When true, the site shows the maintenance page'),
  (gen_random_uuid(), 'support-email', 'support@example.com', 'Where the contact form sends messages')
ON CONFLICT ("key") DO NOTHING;
