-- Times are UTC, written by the application (SQLite's CURRENT_TIMESTAMP has one-second precision).
CREATE TABLE instance_keys (
    id INTEGER PRIMARY KEY NOT NULL,
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE communes (
    id SERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    region TEXT,
    population BIGINT,
    website TEXT,
    languages TEXT NOT NULL,
    description TEXT,
    icon_url TEXT,
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id SERIAL PRIMARY KEY,
    commune_id INTEGER NOT NULL REFERENCES communes(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

CREATE TABLE decisions (
    id SERIAL PRIMARY KEY,
    commune_id INTEGER NOT NULL REFERENCES communes(id) ON DELETE CASCADE,
    key TEXT NOT NULL UNIQUE,
    reference TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    body_html TEXT NOT NULL,
    session_date DATE NOT NULL,
    status TEXT NOT NULL,
    votes_yes INTEGER,
    votes_no INTEGER,
    votes_abstain INTEGER,
    votes_absent INTEGER,
    themes TEXT NOT NULL,
    language TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);
CREATE INDEX decisions_commune ON decisions (commune_id, published_at);

CREATE TABLE attachments (
    id SERIAL PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_decision ON attachments (decision_id);

CREATE TABLE remote_actors (
    id SERIAL PRIMARY KEY,
    ap_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    username TEXT NOT NULL,
    host TEXT NOT NULL,
    name TEXT,
    inbox TEXT NOT NULL,
    shared_inbox TEXT,
    public_key_pem TEXT NOT NULL,
    json TEXT NOT NULL,
    fetched_at TIMESTAMP NOT NULL
);

CREATE TABLE followers (
    id SERIAL PRIMARY KEY,
    commune_id INTEGER NOT NULL REFERENCES communes(id) ON DELETE CASCADE,
    actor_ap_id TEXT NOT NULL,
    inbox TEXT NOT NULL,
    shared_inbox TEXT,
    follow_ap_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (commune_id, actor_ap_id)
);

CREATE TABLE follows (
    id SERIAL PRIMARY KEY,
    commune_id INTEGER NOT NULL REFERENCES communes(id) ON DELETE CASCADE,
    target_ap_id TEXT NOT NULL,
    follow_ap_id TEXT NOT NULL UNIQUE,
    accepted BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (commune_id, target_ap_id)
);

CREATE TABLE blocked_instances (
    host TEXT PRIMARY KEY NOT NULL,
    reason TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE remote_objects (
    id SERIAL PRIMARY KEY,
    ap_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    attributed_to TEXT NOT NULL,
    name TEXT,
    summary TEXT,
    url TEXT,
    reference TEXT,
    decision_kind TEXT,
    session_date DATE,
    status TEXT,
    votes_yes INTEGER,
    votes_no INTEGER,
    votes_abstain INTEGER,
    votes_absent INTEGER,
    published_at TIMESTAMP,
    updated_at TIMESTAMP,
    deleted_at TIMESTAMP,
    json TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL
);
CREATE INDEX remote_objects_author ON remote_objects (attributed_to);

CREATE TABLE shares (
    id SERIAL PRIMARY KEY,
    commune_id INTEGER NOT NULL REFERENCES communes(id) ON DELETE CASCADE,
    object_ap_id TEXT NOT NULL,
    announce_ap_id TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP,
    UNIQUE (commune_id, object_ap_id)
);

-- The transactional outbox: an activity and one delivery row per target inbox.
CREATE TABLE activities (
    id SERIAL PRIMARY KEY,
    ap_id TEXT NOT NULL UNIQUE,
    commune_id INTEGER REFERENCES communes(id) ON DELETE CASCADE,
    actor_ap_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    object_ap_id TEXT,
    public BOOLEAN NOT NULL,
    json TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX activities_outbox ON activities (commune_id, public, id);

CREATE TABLE deliveries (
    id SERIAL PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    inbox TEXT NOT NULL,
    host TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);

CREATE TABLE delivery_hosts (
    host TEXT PRIMARY KEY NOT NULL,
    failing_since TIMESTAMP,
    last_success_at TIMESTAMP,
    dead_at TIMESTAMP
);

-- Incoming activity ids already handled, so a redelivery is not applied twice.
CREATE TABLE received_activities (
    ap_id TEXT PRIMARY KEY NOT NULL,
    actor_ap_id TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL
);
