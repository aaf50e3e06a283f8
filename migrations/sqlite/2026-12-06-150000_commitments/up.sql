-- The commune's action plan, as OGP Local defines a commitment.
CREATE TABLE commitments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commune_id INTEGER NOT NULL REFERENCES communes (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    problem TEXT NOT NULL,
    description TEXT NOT NULL,
    lead TEXT NOT NULL,
    partners TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    status TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (commune_id, key)
);

CREATE TABLE commitment_milestones (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commitment_id INTEGER NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    due_on DATE NOT NULL,
    done_on DATE,
    evidence_url TEXT
);
CREATE INDEX commitment_milestones_of ON commitment_milestones (commitment_id, due_on);

-- Progress notes written by staff, dated.
CREATE TABLE commitment_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commitment_id INTEGER NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
    written_on DATE NOT NULL,
    text TEXT NOT NULL,
    author TEXT,
    created_at TIMESTAMP NOT NULL
);
