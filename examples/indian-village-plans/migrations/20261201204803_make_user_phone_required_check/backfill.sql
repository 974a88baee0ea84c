-- Fills the existing NULLs of "User"."phone", in batches, outside the DDL transaction.
UPDATE "User" SET "phone" = '<unknown>' WHERE "phone" IS NULL;
