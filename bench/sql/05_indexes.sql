CREATE INDEX "User_email_idx" ON "User"("email");
DROP INDEX "Post_title_idx";
CREATE INDEX CONCURRENTLY "User_name_idx" ON "User"("name");
REINDEX TABLE "User";
