DROP TABLE commune_blocks;
