-- Questions a commune puts to citizens. Published (Create{Question}) when it opens, closed
-- (final Update{Question}) when it closes, even across a restart: published_at and closed_at
-- say what was done. tally_due_at is set when a vote arrives and cleared when the coalesced
-- Update{Question} is queued (at most one a minute).
CREATE TABLE consultations (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commune_id INTEGER NOT NULL REFERENCES communes(id) ON DELETE CASCADE,
    key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    question TEXT NOT NULL,
    description_markdown TEXT NOT NULL,
    description_html TEXT NOT NULL,
    multiple BOOLEAN NOT NULL,
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    channels TEXT NOT NULL,
    results TEXT NOT NULL,
    language TEXT NOT NULL,
    published_at TIMESTAMP,
    closed_at TIMESTAMP,
    tally_due_at TIMESTAMP,
    tally_sent_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX consultations_commune ON consultations (commune_id);

CREATE TABLE consultation_options (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (consultation_id, position),
    UNIQUE (consultation_id, name)
);

-- One row per vote cast from the fediverse or with a code. slot is the option's id for a
-- multiple-choice consultation and 0 for a single choice, so that one unique key keeps one
-- vote per voter (single) or per voter and option (multiple), however many copies arrive.
CREATE TABLE votes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    option_id INTEGER NOT NULL REFERENCES consultation_options(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    voter TEXT NOT NULL,
    slot INTEGER NOT NULL,
    voter_inbox TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (consultation_id, voter, slot)
);
CREATE INDEX votes_option ON votes (option_id);

-- Voting codes, stored hashed; used_at is set by the vote that spends it.
CREATE TABLE voting_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,
    batch INTEGER NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX voting_codes_consultation ON voting_codes (consultation_id);

-- Paper ballots counted at a polling place, per option; every change is logged.
CREATE TABLE paper_counts (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    option_id INTEGER NOT NULL REFERENCES consultation_options(id) ON DELETE CASCADE,
    place TEXT NOT NULL,
    votes INTEGER NOT NULL,
    note TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (consultation_id, option_id, place)
);

CREATE TABLE paper_count_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    option_id INTEGER NOT NULL REFERENCES consultation_options(id) ON DELETE CASCADE,
    place TEXT NOT NULL,
    votes_before INTEGER,
    votes_after INTEGER NOT NULL,
    note TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TIMESTAMP NOT NULL
);
