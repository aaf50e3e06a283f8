-- The licence a commune's open data is published under (SPDX id), stated in its catalog.
ALTER TABLE communes ADD COLUMN data_licence TEXT NOT NULL DEFAULT 'CC-BY-4.0';
