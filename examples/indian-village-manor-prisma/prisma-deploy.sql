-- What `prisma migrate deploy` leaves in a database: the schema its migrations build and the
-- _prisma_migrations table with one row per migration, as Prisma writes them. The table is Prisma's own
-- definition for PostgreSQL (prisma-engines: schema-engine/connectors/sql-schema-connector/src/flavour/postgres.rs);
-- each checksum is the SHA-256 (hex) of the migration.sql file. Used by docs/from-prisma.md to try the import.
-- The third migration first failed on a lock timeout and was marked rolled back (prisma migrate resolve
-- --rolled-back) before it was applied again: both rows are here, as Prisma keeps them.

CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);

-- 20240102090000_init
-- init: the first schema of Indian Village Manor.
-- What: creates "User", "EmailTemplate" and "SystemConfig" with Prisma-style quoted camelCase
--       identifiers; ids are uuid from gen_random_uuid() (core since PostgreSQL 13, no extension).
-- Why:  the starting point every later migration builds on.
-- Rollback: down.sql drops the three tables (only safe before any real data exists).

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "oldField" TEXT,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailTemplate" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "variables" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "EmailTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SystemConfig" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "description" TEXT,

    CONSTRAINT "SystemConfig_pkey" PRIMARY KEY ("id")
);

-- CreateIndex (tables created in this migration are empty, so plain CREATE INDEX locks nobody)
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "EmailTemplate_key_key" ON "EmailTemplate"("key");

-- CreateIndex
CREATE UNIQUE INDEX "SystemConfig_key_key" ON "SystemConfig"("key");

INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
VALUES ('bece52d1-840d-53e1-8af4-8e90e2464df9', 'b2933457f42ea95fba5958f0f93b9fbf4aebacab912cac06f8efb4fc165fd0da', timestamptz '2024-01-02 09:00:00+00' + interval '1 second', '20240102090000_init', NULL, NULL, timestamptz '2024-01-02 09:00:00+00', 1);

-- 20240104100000_add_middle_name
-- add_middle_name: additive change.
-- What: adds the optional column "User"."middleName".
-- Why:  users asked to record a middle name; a nullable column without default is a catalog-only
--       change (no table rewrite, lock held for milliseconds), so it deploys directly.
-- Rollback: down.sql drops the column (loses middle names entered since).

ALTER TABLE "User" ADD COLUMN "middleName" TEXT;

INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
VALUES ('e3efc253-2538-5d95-aa29-60457669607c', 'ca72a8da184b605d4070c9d4ee94fa9a80c3cbf080d7a608334a9ee11e6ebbec', timestamptz '2024-01-04 10:00:00+00' + interval '1 second', '20240104100000_add_middle_name', NULL, NULL, timestamptz '2024-01-04 10:00:00+00', 1);

-- 20240106110000_add_phone_optional
-- add_phone_optional: step 1 of making "User"."phone" required (the strategy's "Good Approach").
-- What: adds "phone" as a nullable column; the application starts writing it for new users.
-- Why:  SET NOT NULL in one step would fail on existing rows (and lock the table while it scans);
--       existing rows are backfilled separately, then 20240112100000_make_phone_required and
--       20240113100000_validate_phone_not_null enforce it without a long lock.
-- Rollback: down.sql drops the column.

ALTER TABLE "User" ADD COLUMN "phone" TEXT;

-- backfill: see backfill.sql

-- Backfill (inline, as Prisma and Flyway run it)
-- Backfill for add_phone_optional: gives existing users a placeholder phone, outside the DDL transaction.
UPDATE "User" SET "phone" = '<unknown>' WHERE "phone" IS NULL;

INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
VALUES ('48fa339c-6203-59d2-9a0b-eb038feecd2f', 'c1fe38d951006361999a8470fdc36f1ff5b081603060a3e66b489af33184961b', NULL, '20240106110000_add_phone_optional', 'Database error code: 55P03\n\nDatabase error:\nERROR: canceling statement due to lock timeout', timestamptz '2024-01-06 11:00:00+00' + interval '30 minutes', '2024-01-06 11:00:00+00', 0);
INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
VALUES ('4cd2bd76-8698-5efb-a16f-69c2e803a639', 'c1fe38d951006361999a8470fdc36f1ff5b081603060a3e66b489af33184961b', timestamptz '2024-01-06 11:00:00+00' + interval '1 hour 2 seconds', '20240106110000_add_phone_optional', NULL, NULL, timestamptz '2024-01-06 11:00:00+00' + interval '1 hour', 1);

-- 20240108120000_add_display_name
-- add_display_name: adding a column with a backfill (the strategy's common pattern).
-- What: adds the nullable column "User"."displayName"; backfill.sql fills it from first and last name.
-- Why:  the UI shows one display name; the backfill runs apart from this DDL so no row locks are
--       held for the whole table while the ALTER's lock is taken.
-- Rollback: down.sql drops the column.

ALTER TABLE "User" ADD COLUMN "displayName" TEXT;

-- backfill: see backfill.sql

-- Backfill (inline, as Prisma and Flyway run it)
-- Backfill for add_display_name: derives the display name of existing users; safe to re-run.
UPDATE "User" SET "displayName" = "firstName" || ' ' || "lastName" WHERE "displayName" IS NULL;

INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
VALUES ('d341d4ca-430f-55cb-b28b-964b63d5fc6c', '473b498ea6c624d5fac64ab10eaee6f7b6e22d7087d62df192a69cce79b20831', timestamptz '2024-01-08 12:00:00+00' + interval '1 second', '20240108120000_add_display_name', NULL, NULL, timestamptz '2024-01-08 12:00:00+00', 1);

-- 20240110090000_add_email_template_welcome
-- add_email_template_welcome: data migration (the strategy's "Adding Email Templates" pattern).
-- What: inserts the email template 'new-template' with its variable list.
-- Why:  the application sends this email from the release that ships with this migration.
-- Rollback: down.sql deletes the row by its key.

INSERT INTO "EmailTemplate" ("id", "key", "subject", "body", "variables") VALUES
  (gen_random_uuid(), 'new-template', 'Subject', 'Body {{variable}}', '["variable"]');

INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
VALUES ('07232266-132b-5a82-9dc3-508303eef1f8', '41a062f9dbd4f9ce4fddcf5fd87895056a6a4ae14d315800484cfa9ad8519e1b', timestamptz '2024-01-10 09:00:00+00' + interval '1 second', '20240110090000_add_email_template_welcome', NULL, NULL, timestamptz '2024-01-10 09:00:00+00', 1);

-- 20240111090000_add_system_config_maintenance
-- add_system_config_maintenance: data migration (the strategy's "Adding System Config" pattern).
-- What: inserts the setting 'new-config' with its default value.
-- Why:  the application reads this setting from the release that ships with this migration.
-- Rollback: down.sql deletes the row by its key.

INSERT INTO "SystemConfig" ("id", "key", "value", "description") VALUES
  (gen_random_uuid(), 'new-config', 'default-value', 'Description');

INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
VALUES ('2704defc-1b16-582b-a73d-35983e1ffd43', '94d22d1bba84c6696e225d8894f681444d6a9e81873117f90757725c15ebe789', timestamptz '2024-01-11 09:00:00+00' + interval '1 second', '20240111090000_add_system_config_maintenance', NULL, NULL, timestamptz '2024-01-11 09:00:00+00', 1);

-- 20240112100000_make_phone_required
-- make_phone_required: step 2 of making "User"."phone" required, the safe way.
-- What: adds CHECK ("phone" IS NOT NULL) as NOT VALID: enforced for new and updated rows at once,
--       but existing rows are not scanned, so the ACCESS EXCLUSIVE lock lasts milliseconds.
-- Why:  "ALTER COLUMN phone SET NOT NULL" directly would scan the whole table under that lock.
--       The backfill of add_phone_optional must have finished; 20240113100000_validate_phone_not_null
--       then validates the check (weaker lock) and turns it into a real NOT NULL.
-- Rollback: down.sql drops the check constraint.

ALTER TABLE "User" ADD CONSTRAINT "User_phone_not_null" CHECK ("phone" IS NOT NULL) NOT VALID;

INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
VALUES ('9621f934-1b09-5af8-be5c-51a851d6c343', 'db70bc0b6eb9447a2726a91783668f6eae8c1a44b70248a9fe341d208790dac7', timestamptz '2024-01-12 10:00:00+00' + interval '1 second', '20240112100000_make_phone_required', NULL, NULL, timestamptz '2024-01-12 10:00:00+00', 1);

-- 20240113100000_validate_phone_not_null
-- validate_phone_not_null: step 3 of making "User"."phone" required.
-- What: validates the check from make_phone_required, sets the column NOT NULL, drops the check.
-- Why:  VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE (reads and writes continue); then
--       SET NOT NULL skips its own scan because a validated CHECK already proves it (PostgreSQL 12+),
--       so its ACCESS EXCLUSIVE lock is brief; the check is then redundant.
-- Rollback: down.sql puts the NOT VALID check back and drops NOT NULL (the schema of make_phone_required).

ALTER TABLE "User" VALIDATE CONSTRAINT "User_phone_not_null";
ALTER TABLE "User" ALTER COLUMN "phone" SET NOT NULL;
ALTER TABLE "User" DROP CONSTRAINT "User_phone_not_null";

INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
VALUES ('247518fa-5eb7-5cff-9b88-5352e0ca478a', 'b328d418afecc9fc67515f96a62d1590c227efa3c11cb0a80ca264048bc1ad0d', timestamptz '2024-01-13 10:00:00+00' + interval '1 second', '20240113100000_validate_phone_not_null', NULL, NULL, timestamptz '2024-01-13 10:00:00+00', 1);

-- 20240115090000_deprecate_old_field
-- deprecate_old_field: step 2 of removing "User"."oldField" (the strategy's breaking-change pattern).
-- What: renames the column to "_deprecated_oldField" and records when it may be dropped.
-- Why:  the application stopped using it (step 1); a rename makes any forgotten reader fail loudly
--       while the data is still there. The DROP COLUMN comes after the safety period, in its own migration.
-- Rollback: down.sql removes the comment and renames the column back.

ALTER TABLE "User" RENAME COLUMN "oldField" TO "_deprecated_oldField";
COMMENT ON COLUMN "User"."_deprecated_oldField" IS 'Deprecated on 2024-01-15, safe to remove after 2024-02-15';

INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
VALUES ('962f0054-be73-51ac-87a1-b5bb70e70e71', '2fb501a0ea3a482b9ea454adb3d0dac297e0dcd305fe5fbf3b17b042268c11af', timestamptz '2024-01-15 09:00:00+00' + interval '1 second', '20240115090000_deprecate_old_field', NULL, NULL, timestamptz '2024-01-15 09:00:00+00', 1);
