CREATE TABLE "Comment" (
    "id" SERIAL NOT NULL,
    "body" VARCHAR(500) NOT NULL,
    "postId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Comment_postId_idx" ON "Comment"("postId");
