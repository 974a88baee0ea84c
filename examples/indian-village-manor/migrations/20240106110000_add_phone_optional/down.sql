-- Rollback of add_phone_optional.
-- What: drops "User"."phone".
-- Why:  restores the schema before the migration; phone numbers collected since are lost.
-- How:  one DROP COLUMN (catalog-only). Roll back make_phone_required first if it was applied.

ALTER TABLE "User" DROP COLUMN "phone";
