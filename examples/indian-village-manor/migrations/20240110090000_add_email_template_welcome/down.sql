-- Rollback of add_email_template_welcome.
-- What: deletes the 'new-template' email template.
-- Why:  the previous release does not know this template.
-- How:  DELETE by its unique key.

DELETE FROM "EmailTemplate" WHERE "key" = 'new-template';
