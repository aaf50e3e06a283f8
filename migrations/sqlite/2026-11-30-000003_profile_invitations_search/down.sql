DROP TABLE staff_invitations;
ALTER TABLE decisions DROP COLUMN amount;
ALTER TABLE decisions DROP COLUMN search_text;
ALTER TABLE communes DROP COLUMN logo_sha256;
ALTER TABLE communes DROP COLUMN timezone;
ALTER TABLE communes DROP COLUMN legal_notice;
ALTER TABLE communes DROP COLUMN address;
ALTER TABLE communes DROP COLUMN contact_phone;
ALTER TABLE communes DROP COLUMN contact_email;
