-- Wrong voting codes per client address, so that guessing is limited; rows older than the
-- window are removed as new attempts come.
CREATE TABLE code_attempts (
    id SERIAL PRIMARY KEY,
    address TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX code_attempts_address ON code_attempts (address, at);
