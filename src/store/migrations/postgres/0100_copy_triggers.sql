-- PostgreSQL's twin of sqlite/0100_copy_triggers.sql (docs/schema.md).
-- copy-db (src/store/store_copy.c) writes every row of an organisation
-- together with the rollups as the source has them; the trigger functions
-- that keep the rollups (0004, 0008) would only build what it then replaces,
-- one row at a time. It switches them off for its transaction with this
-- function (ALTER TABLE needs the tables' owner: the user that migrated) and
-- on again before it commits; a failed copy rolls the switch back with the
-- rest.
CREATE FUNCTION mentord_copy_triggers(enable BOOLEAN) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF enable THEN
    ALTER TABLE participants ENABLE TRIGGER USER;
    ALTER TABLE relationships ENABLE TRIGGER USER;
    ALTER TABLE agreements ENABLE TRIGGER USER;
    ALTER TABLE meetings ENABLE TRIGGER USER;
    ALTER TABLE agenda_items ENABLE TRIGGER USER;
    ALTER TABLE meeting_reschedules ENABLE TRIGGER USER;
    ALTER TABLE messages ENABLE TRIGGER USER;
    ALTER TABLE feedback ENABLE TRIGGER USER;
    ALTER TABLE actions ENABLE TRIGGER USER;
    ALTER TABLE ideas ENABLE TRIGGER USER;
    ALTER TABLE wins ENABLE TRIGGER USER;
    ALTER TABLE goals ENABLE TRIGGER USER;
    ALTER TABLE goal_progress ENABLE TRIGGER USER;
  ELSE
    ALTER TABLE participants DISABLE TRIGGER USER;
    ALTER TABLE relationships DISABLE TRIGGER USER;
    ALTER TABLE agreements DISABLE TRIGGER USER;
    ALTER TABLE meetings DISABLE TRIGGER USER;
    ALTER TABLE agenda_items DISABLE TRIGGER USER;
    ALTER TABLE meeting_reschedules DISABLE TRIGGER USER;
    ALTER TABLE messages DISABLE TRIGGER USER;
    ALTER TABLE feedback DISABLE TRIGGER USER;
    ALTER TABLE actions DISABLE TRIGGER USER;
    ALTER TABLE ideas DISABLE TRIGGER USER;
    ALTER TABLE wins DISABLE TRIGGER USER;
    ALTER TABLE goals DISABLE TRIGGER USER;
    ALTER TABLE goal_progress DISABLE TRIGGER USER;
  END IF;
END $$;
