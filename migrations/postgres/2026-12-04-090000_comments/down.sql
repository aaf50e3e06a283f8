DROP TABLE commune_actor_blocks;
DROP TABLE form_posts;
DROP TABLE reports;
DROP TABLE moderation_log;
DROP TABLE comments;
