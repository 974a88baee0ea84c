ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");
ALTER TABLE "Post" ADD CONSTRAINT "Post_n_pos" CHECK ("n" > 0);
ALTER TABLE "User" ADD CONSTRAINT "User_email_key" UNIQUE ("email");
ALTER TABLE "Post" ALTER COLUMN "id" TYPE bigint;
