SET lock_timeout = 0;
ALTER TABLE "User" ADD COLUMN "fullName" TEXT;
UPDATE "User" SET "fullName" = "firstName" || ' ' || "lastName";
