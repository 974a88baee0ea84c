-- make_phone_required: step 2 of making "User"."phone" required, the safe way.
-- What: adds CHECK ("phone" IS NOT NULL) as NOT VALID: enforced for new and updated rows at once,
--       but existing rows are not scanned, so the ACCESS EXCLUSIVE lock lasts milliseconds.
-- Why:  "ALTER COLUMN phone SET NOT NULL" directly would scan the whole table under that lock.
--       The backfill of add_phone_optional must have finished; 20240113100000_validate_phone_not_null
--       then validates the check (weaker lock) and turns it into a real NOT NULL.
-- Rollback: down.sql drops the check constraint.

ALTER TABLE "User" ADD CONSTRAINT "User_phone_not_null" CHECK ("phone" IS NOT NULL) NOT VALID;
