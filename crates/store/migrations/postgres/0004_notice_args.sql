-- The named values of a notice's message, as a JSON object, so the pages can show it
-- in the reader's language (the message column keeps the English text).
ALTER TABLE project_notices ADD COLUMN args TEXT;
