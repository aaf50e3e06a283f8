DROP TABLE commitment_notes;
DROP TABLE commitment_milestones;
DROP TABLE commitments;
