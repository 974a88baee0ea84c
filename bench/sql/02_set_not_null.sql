-- The spec's bad approach
ALTER TABLE "User" ALTER COLUMN "phone" SET NOT NULL;
