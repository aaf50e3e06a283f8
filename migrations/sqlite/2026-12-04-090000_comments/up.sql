-- Replies from the fediverse to a commune's objects. A reply to a reply hangs on the same
-- object (object_url), so a thread stays together; ap_id makes every copy of a Create one
-- row. state: visible, held (waiting for a moderator) or hidden (by a moderator).
CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commune_id INTEGER NOT NULL REFERENCES communes (id) ON DELETE CASCADE,
    object_url TEXT NOT NULL,
    ap_id TEXT NOT NULL UNIQUE,
    in_reply_to TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES remote_actors (id) ON DELETE CASCADE,
    url TEXT,
    content_html TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    state TEXT NOT NULL DEFAULT 'visible',
    answered_at TIMESTAMP,
    received_at TIMESTAMP NOT NULL
);
CREATE INDEX comments_object ON comments (object_url, published_at);
CREATE INDEX comments_unanswered ON comments (commune_id, answered_at);
CREATE INDEX comments_author ON comments (author_id);
