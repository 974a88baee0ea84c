-- add_last_login: records when a user last signed in, and indexes sign-up time for the admin list.
-- What: adds the nullable column "User"."lastLoginAt" and the index "User_createdAt_idx".
-- Why:  the admin page sorts users by sign-up date. The index is built CONCURRENTLY so writes to
--       "User" continue during the build (this statement cannot run inside a transaction block).
-- Rollback: down.sql is meant to drop the column and the index, but see its header.
-- manor:no-transaction

ALTER TABLE "User" ADD COLUMN "lastLoginAt" TIMESTAMPTZ;
CREATE INDEX CONCURRENTLY "User_createdAt_idx" ON "User" ("createdAt");
