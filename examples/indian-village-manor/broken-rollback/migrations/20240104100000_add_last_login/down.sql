-- Rollback of add_last_login. DELIBERATELY INCOMPLETE, as an example for `manor test rollback`.
-- What: drops "User"."lastLoginAt".
-- Why:  should restore the schema of init, but it forgets DROP INDEX "User_createdAt_idx", so the
--       index survives the rollback and the schema after up + down differs from the one before.
-- How:  one DROP COLUMN (the fix would add: DROP INDEX CONCURRENTLY "User_createdAt_idx";).

ALTER TABLE "User" DROP COLUMN "lastLoginAt";
