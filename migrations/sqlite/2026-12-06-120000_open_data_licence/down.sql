ALTER TABLE communes DROP COLUMN data_licence;
