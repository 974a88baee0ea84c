ALTER TABLE "User" ADD COLUMN "middleName" TEXT;
ALTER TABLE "User" ADD COLUMN "token" uuid DEFAULT gen_random_uuid();
ALTER TABLE "User" ADD COLUMN "createdAt" timestamptz DEFAULT now();
ALTER TABLE "User" ADD COLUMN "phone2" TEXT NOT NULL;
ALTER TABLE "User" ADD COLUMN "meta" json;
