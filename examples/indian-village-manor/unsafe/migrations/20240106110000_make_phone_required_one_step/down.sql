-- Rollback of make_phone_required_one_step.
-- What: drops "User"."phone" (its NOT NULL goes with it).
-- Why:  restores the schema of init.
-- How:  one DROP COLUMN (catalog-only).

ALTER TABLE "User" DROP COLUMN "phone";
