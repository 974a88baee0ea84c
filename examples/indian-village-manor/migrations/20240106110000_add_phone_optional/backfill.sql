-- Backfill for add_phone_optional: gives existing users a placeholder phone, outside the DDL transaction.
UPDATE "User" SET "phone" = '<unknown>' WHERE "phone" IS NULL;
