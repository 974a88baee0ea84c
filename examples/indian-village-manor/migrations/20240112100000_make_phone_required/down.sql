-- Rollback of make_phone_required.
-- What: drops the NOT VALID check "User_phone_not_null".
-- Why:  restores the schema of add_phone_optional: phone optional again.
-- How:  one DROP CONSTRAINT (catalog-only).

ALTER TABLE "User" DROP CONSTRAINT "User_phone_not_null";
