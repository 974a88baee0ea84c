-- Rollback of init.
-- What: drops the three tables the init migration created (their indexes go with them).
-- Why:  returns the database to empty; destroys all data, so only for development or a failed first deploy.
-- How:  DROP TABLE in reverse order of creation.

DROP TABLE "SystemConfig";
DROP TABLE "EmailTemplate";
DROP TABLE "User";
