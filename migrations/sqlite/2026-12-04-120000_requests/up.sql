-- Citizens' requests for information, complaints and suggestions, from a fediverse mention or
-- the web form. The reference is public, per commune and year (number); who asked
-- (requester_actor, requester_name, requester_contact) never leaves the staff area, and the
-- follow-up link of an anonymous requester is kept only as its SHA-256.
CREATE TABLE requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commune_id INTEGER NOT NULL REFERENCES communes (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    reference TEXT NOT NULL,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    requester_actor TEXT,
    requester_inbox TEXT,
    requester_name TEXT,
    requester_contact TEXT,
    source_ap_id TEXT UNIQUE,
    -- Whether the citizen's post was public: an answer to a direct message goes to them only.
    source_public BOOLEAN NOT NULL DEFAULT 0,
    follow_up_hash TEXT UNIQUE,
    status TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    received_on DATE NOT NULL,
    due_on DATE NOT NULL,
    extension_reason TEXT,
    transferred_to TEXT,
    refusal_reason TEXT,
    answer_text TEXT,
    answer_ap_id TEXT,
    answered_at TIMESTAMP,
    answered_on DATE,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (commune_id, year, number),
    UNIQUE (commune_id, reference)
);
CREATE INDEX requests_due ON requests (commune_id, status, due_on);

-- Public holidays that follow the lunar calendar, entered by an admin each year.
CREATE TABLE holidays (
    country TEXT NOT NULL,
    day DATE NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (country, day)
);
