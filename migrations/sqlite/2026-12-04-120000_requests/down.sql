DROP TABLE holidays;
DROP TABLE requests;
