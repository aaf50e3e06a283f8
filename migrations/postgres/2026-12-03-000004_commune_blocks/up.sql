-- Instances a commune's staff blocked for that commune only. Node-wide blocks stay in
-- blocked_instances, which only the operator edits (CLI).
CREATE TABLE commune_blocks (
    commune_id INTEGER NOT NULL REFERENCES communes(id) ON DELETE CASCADE,
    host TEXT NOT NULL,
    reason TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, host)
);
