-- Contact and legal information a citizen looks for, the commune's time zone (for dates on its
-- pages; empty means the capital's zone of its country), and its logo, stored like attachments
-- under its SHA-256.
ALTER TABLE communes ADD COLUMN contact_email TEXT;
ALTER TABLE communes ADD COLUMN contact_phone TEXT;
ALTER TABLE communes ADD COLUMN address TEXT;
ALTER TABLE communes ADD COLUMN legal_notice TEXT;
ALTER TABLE communes ADD COLUMN timezone TEXT;
ALTER TABLE communes ADD COLUMN logo_sha256 TEXT;

-- Searchable text folded by the application (lower case, accents removed), so that
-- "deliberation" finds "Délibération" on both databases. Filled at start for older rows.
ALTER TABLE decisions ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

-- An amount a decision commits (a contract, a loan, a budget total), in whole units of the
-- commune's currency.
ALTER TABLE decisions ADD COLUMN amount BIGINT;

-- One-time links an admin gives a new staff member, who chooses their own password. Only a
-- hash of the link's token is stored.
CREATE TABLE staff_invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commune_id INTEGER NOT NULL REFERENCES communes(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    invited_by INTEGER REFERENCES staff(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    accepted_by INTEGER REFERENCES staff(id) ON DELETE SET NULL
);
CREATE INDEX staff_invitations_commune ON staff_invitations (commune_id);
