-- The desired schema of Indian Village Manor, for `manor diff` (docs/diff.md).
-- Edit this file, then `manor diff --dry-run` shows the migrations that get there and `manor diff` writes them.
-- Today it matches the end state of migrations/, so `manor diff` says "schema matches; nothing to write".

CREATE TABLE "User" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "_deprecated_oldField" TEXT,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "middleName" TEXT,
    "phone" TEXT NOT NULL,
    "displayName" TEXT,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
COMMENT ON COLUMN "User"."_deprecated_oldField" IS 'Deprecated on 2024-01-15, safe to remove after 2024-02-15';
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

CREATE TABLE "EmailTemplate" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "variables" JSONB NOT NULL DEFAULT '[]',
    CONSTRAINT "EmailTemplate_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "EmailTemplate_key_key" ON "EmailTemplate"("key");

CREATE TABLE "SystemConfig" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "description" TEXT,
    CONSTRAINT "SystemConfig_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "SystemConfig_key_key" ON "SystemConfig"("key");
