-- add_middle_name: additive change.
-- What: adds the optional column "User"."middleName".
-- Why:  users asked to record a middle name; a nullable column without default is a catalog-only
--       change (no table rewrite, lock held for milliseconds), so it deploys directly.
-- Rollback: down.sql drops the column (loses middle names entered since).

ALTER TABLE "User" ADD COLUMN "middleName" TEXT;
