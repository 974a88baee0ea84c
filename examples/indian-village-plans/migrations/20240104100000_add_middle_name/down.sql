-- Rollback of add_middle_name.
-- What: drops "User"."middleName".
-- Why:  restores the schema before the migration; any middle names entered since are lost.
-- How:  one DROP COLUMN (catalog-only, brief ACCESS EXCLUSIVE lock).

ALTER TABLE "User" DROP COLUMN "middleName";
