DROP INDEX decisions_live_reference;
