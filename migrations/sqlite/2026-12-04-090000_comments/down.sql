ALTER TABLE communes DROP COLUMN hold_new_commenters;
DROP TABLE commune_actor_blocks;
DROP TABLE form_posts;
DROP TABLE reports;
DROP TABLE moderation_log;
DROP TABLE comments;
