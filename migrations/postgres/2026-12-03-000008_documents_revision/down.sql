DROP TABLE documents_revision;
