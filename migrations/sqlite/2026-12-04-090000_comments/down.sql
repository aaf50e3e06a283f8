DROP TABLE reports;
DROP TABLE moderation_log;
DROP TABLE comments;
