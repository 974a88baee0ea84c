ALTER TABLE "User" RENAME COLUMN "phone" TO "mobile";
ALTER TABLE "User" DROP COLUMN "oldField";
ALTER TABLE "User" DROP COLUMN "_deprecated_legacy";
DROP TABLE "Session";
TRUNCATE "Audit";
ALTER TABLE "Account" RENAME TO "Customer";
