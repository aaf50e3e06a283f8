-- One row: raised by every transaction that queues an activity, so that a process serving
-- cached documents notices changes committed by another process (the CLI, a second node).
CREATE TABLE documents_revision (
    id INTEGER PRIMARY KEY,
    revision BIGINT NOT NULL
);
INSERT INTO documents_revision (id, revision) VALUES (1, 0);
