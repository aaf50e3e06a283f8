DROP TABLE paper_count_log;
DROP TABLE paper_counts;
DROP TABLE voting_codes;
DROP TABLE votes;
DROP TABLE consultation_options;
DROP TABLE consultations;
