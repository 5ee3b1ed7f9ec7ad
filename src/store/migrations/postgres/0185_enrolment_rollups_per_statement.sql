-- PostgreSQL's twin of sqlite/0185_enrolment_rollups_per_statement.sql (docs/schema.md).
-- An enrolment's rollups on its program (0008: mentors, mentees; 0080:
-- awaiting_match) are kept once per INSERT statement instead of once per
-- row. Row by row, an import's batch of n enrolments ran 2n trigger
-- functions and updated its program's row 2n times in one transaction,
-- each update slower than the one before as the transaction's versions of
-- that row piled up: 1,600 enrolments in one statement took 1 s with the
-- row triggers and 0.07 s without (measured), most of an import's time on
-- PostgreSQL. A statement-level trigger sees the rows the statement added
-- (a transition table) and updates each program once.
-- Deletions and updates of enrolments, one at a time, keep their row
-- triggers.
DROP TRIGGER participants_count_insert ON participants;
DROP TRIGGER participants_awaiting_insert ON participants;
CREATE TRIGGER participants_count_delete AFTER DELETE ON participants
  FOR EACH ROW EXECUTE FUNCTION participants_count();
CREATE TRIGGER participants_awaiting_delete AFTER DELETE ON participants
  FOR EACH ROW EXECUTE FUNCTION participants_awaiting();

-- The same rules as participants_count and participants_awaiting for a new
-- row: counted by its role; a mentee waits for a match when their account
-- is active and they have no active relationship in the program. The
-- account is read per row (a correlated lookup by its key), never by a
-- join the planner could turn into a scan of every account.
CREATE FUNCTION participants_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE programs p SET mentors = p.mentors + a.mentors, mentees = p.mentees + a.mentees,
                        awaiting_match = p.awaiting_match + a.awaiting
  FROM (SELECT n.program_id,
               COUNT(*) FILTER (WHERE n.role = 'mentor') AS mentors,
               COUNT(*) FILTER (WHERE n.role = 'mentee') AS mentees,
               COUNT(*) FILTER (WHERE n.role = 'mentee'
                                  AND (SELECT u.active FROM users u WHERE u.id = n.user_id) = 1
                                  AND NOT mentee_matched(n.program_id, n.user_id)) AS awaiting
        FROM added n GROUP BY n.program_id) a
  WHERE p.id = a.program_id;
  RETURN NULL;
END $$;
CREATE TRIGGER participants_added AFTER INSERT ON participants
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION participants_added();
