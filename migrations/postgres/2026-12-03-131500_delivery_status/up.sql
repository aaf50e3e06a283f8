-- The HTTP status of the last answer from the remote inbox (none after a connection error),
-- so a refusal (4xx) can be told from a failure and shown with its code.
ALTER TABLE deliveries ADD COLUMN last_status INTEGER;
