-- Fills the existing NULLs of "User"."displayName", in batches, outside the DDL transaction.
UPDATE "User" SET "displayName" = "firstName" || ' ' || "lastName" WHERE "displayName" IS NULL;
