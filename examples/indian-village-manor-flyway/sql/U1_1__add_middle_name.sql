ALTER TABLE "User" DROP COLUMN "middleName";
