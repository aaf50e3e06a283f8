-- Staff accounts belong to one commune: a session of commune A can do nothing on commune B.
CREATE TABLE staff (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commune_id INTEGER NOT NULL REFERENCES communes(id) ON DELETE CASCADE,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    disabled_at TIMESTAMP,
    UNIQUE (commune_id, username)
);

-- Only a hash of the session token is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- Failed logins, per account and per address, for rate limiting.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    key TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
