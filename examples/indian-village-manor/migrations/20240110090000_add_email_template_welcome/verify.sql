-- Checks that add_email_template_welcome took effect (read-only).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM "EmailTemplate" WHERE "key" = 'new-template') THEN
        RAISE EXCEPTION 'add_email_template_welcome: email template ''new-template'' is missing';
    END IF;
END $$;
