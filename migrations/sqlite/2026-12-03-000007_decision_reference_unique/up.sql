-- A reference names one live decision of a commune: the council's register has no two
-- entries under one number. A withdrawn decision frees its reference, so a corrected text
-- can be published again under it.
--
-- Nodes that already hold duplicates keep every decision: the older one keeps the
-- reference, later ones get their key appended, which staff can then correct.
UPDATE decisions
SET reference = reference || ' (' || key || ')'
WHERE withdrawn_at IS NULL
  AND EXISTS (
    SELECT 1 FROM decisions older
    WHERE older.commune_id = decisions.commune_id
      AND older.reference = decisions.reference
      AND older.withdrawn_at IS NULL
      AND older.id < decisions.id
  );

CREATE UNIQUE INDEX decisions_live_reference ON decisions (commune_id, reference)
    WHERE withdrawn_at IS NULL;
