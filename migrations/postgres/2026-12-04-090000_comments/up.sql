-- Replies to a commune's objects: from the fediverse (author_id, the remote actor) or the
-- commune's own answers (author_id NULL, staff_id who wrote it). A reply to a reply hangs on
-- the same object (object_url), so a thread stays together; ap_id makes every copy of a
-- Create one row. state: visible, held (waiting for a moderator) or hidden (by a moderator).
CREATE TABLE comments (
    id SERIAL PRIMARY KEY,
    commune_id INTEGER NOT NULL REFERENCES communes (id) ON DELETE CASCADE,
    object_url TEXT NOT NULL,
    ap_id TEXT NOT NULL UNIQUE,
    in_reply_to TEXT NOT NULL,
    author_id INTEGER REFERENCES remote_actors (id) ON DELETE CASCADE,
    staff_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,
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

-- What moderators did to comments: who, when, what, why. comment_ap_id, not a key: the log
-- outlives a comment its author deletes.
CREATE TABLE moderation_log (
    id SERIAL PRIMARY KEY,
    commune_id INTEGER NOT NULL REFERENCES communes (id) ON DELETE CASCADE,
    comment_ap_id TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX moderation_log_commune ON moderation_log (commune_id, at);

-- Reports: Flag activities from other servers (flag_ap_id; target is the first flagged thing
-- of ours: a comment, an object, or the commune itself) and visitors' reports of a comment
-- from its page (flag_ap_id NULL), waiting in the moderation queue until resolved.
CREATE TABLE reports (
    id SERIAL PRIMARY KEY,
    commune_id INTEGER NOT NULL REFERENCES communes (id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    reporter TEXT,
    flag_ap_id TEXT UNIQUE,
    reason TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by INTEGER REFERENCES staff (id) ON DELETE SET NULL
);
CREATE INDEX reports_open ON reports (commune_id, resolved_at);


-- Public form posts per client address (a visitor's report, later a request), for the
-- per-address limit.
CREATE TABLE form_posts (
    id SERIAL PRIMARY KEY,
    key TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX form_posts_key ON form_posts (key, at);

-- Actors a commune's staff blocked (instances are in commune_blocks): their activities are
-- refused for that commune.
CREATE TABLE commune_actor_blocks (
    commune_id INTEGER NOT NULL REFERENCES communes (id) ON DELETE CASCADE,
    actor_ap_id TEXT NOT NULL,
    reason TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, actor_ap_id)
);

-- Hold comments from actors the commune has not seen yet until a moderator approves them.
ALTER TABLE communes ADD COLUMN hold_new_commenters BOOLEAN NOT NULL DEFAULT FALSE;
