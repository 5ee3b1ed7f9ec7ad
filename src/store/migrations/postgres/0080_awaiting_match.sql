-- PostgreSQL's twin of sqlite/0080_awaiting_match.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- How many of a program's mentees wait for a match, kept with the program by
-- trigger functions (the same rules as SQLite's triggers): a mentee is
-- counted when enrolled as a mentee, their account is active, and they have
-- no relationship in the program in an active phase (getting_to_know,
-- goal_setting, working, closing).
CREATE INDEX relationships_mentee_program ON relationships(mentee_id, program_id, phase);
DROP INDEX relationships_mentee;

ALTER TABLE programs ADD COLUMN awaiting_match INTEGER NOT NULL DEFAULT 0;

-- Whether the mentee has an active relationship in the program.
CREATE FUNCTION mentee_matched(p BIGINT, m BIGINT) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM relationships r WHERE r.mentee_id = m AND r.program_id = p
                 AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'))
$$;

UPDATE programs SET awaiting_match = (
  SELECT COUNT(*) FROM participants x JOIN users u ON u.id = x.user_id
  WHERE x.program_id = programs.id AND x.role = 'mentee' AND u.active = 1
    AND NOT mentee_matched(x.program_id, x.user_id));

-- Enrolments: an enrolment counts by its own role, its account and the
-- relationships that exist (which an enrolment change does not touch).
CREATE FUNCTION participants_awaiting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.role = 'mentee' THEN
    UPDATE programs SET awaiting_match = awaiting_match - 1
    WHERE id = OLD.program_id
      AND (SELECT active FROM users WHERE id = OLD.user_id) = 1
      AND NOT mentee_matched(OLD.program_id, OLD.user_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.role = 'mentee' THEN
    UPDATE programs SET awaiting_match = awaiting_match + 1
    WHERE id = NEW.program_id
      AND (SELECT active FROM users WHERE id = NEW.user_id) = 1
      AND NOT mentee_matched(NEW.program_id, NEW.user_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER participants_awaiting_insert AFTER INSERT OR DELETE ON participants
  FOR EACH ROW EXECUTE FUNCTION participants_awaiting();
CREATE TRIGGER participants_awaiting_update AFTER UPDATE OF role, program_id, user_id ON participants
  FOR EACH ROW EXECUTE FUNCTION participants_awaiting();

-- Accounts: every program where the person waits as a mentee.
CREATE FUNCTION users_awaiting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.active <> NEW.active THEN
    UPDATE programs SET awaiting_match = awaiting_match + (CASE WHEN NEW.active = 1 THEN 1 ELSE -1 END)
    WHERE id IN (SELECT x.program_id FROM participants x
                 WHERE x.user_id = NEW.id AND x.role = 'mentee'
                   AND NOT mentee_matched(x.program_id, NEW.id));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER users_awaiting_active AFTER UPDATE OF active ON users
  FOR EACH ROW EXECUTE FUNCTION users_awaiting();

-- Relationships: the count moves only when a mentee's active relationships
-- in the program go from none to one or from one to none.
CREATE FUNCTION relationships_awaiting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was BOOLEAN := TG_OP IN ('DELETE', 'UPDATE')
                 AND OLD.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing');
  now_active BOOLEAN := TG_OP IN ('INSERT', 'UPDATE')
                 AND NEW.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing');
  r RECORD;
BEGIN
  IF was = now_active THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  IF NOT EXISTS (SELECT 1 FROM participants x WHERE x.program_id = r.program_id AND x.user_id = r.mentee_id
                 AND x.role = 'mentee')
     OR (SELECT active FROM users WHERE id = r.mentee_id) <> 1 THEN
    RETURN NULL;
  END IF;
  IF now_active THEN
    -- this one is now the only active one: the mentee stops waiting
    UPDATE programs SET awaiting_match = awaiting_match - 1
    WHERE id = r.program_id
      AND (SELECT COUNT(*) FROM relationships x WHERE x.mentee_id = r.mentee_id AND x.program_id = r.program_id
           AND x.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')) = 1;
  ELSE
    -- the last active one ended: the mentee waits again
    UPDATE programs SET awaiting_match = awaiting_match + 1
    WHERE id = r.program_id AND NOT mentee_matched(r.program_id, r.mentee_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER relationships_awaiting_insert AFTER INSERT OR DELETE ON relationships
  FOR EACH ROW EXECUTE FUNCTION relationships_awaiting();
CREATE TRIGGER relationships_awaiting_phase AFTER UPDATE OF phase ON relationships
  FOR EACH ROW EXECUTE FUNCTION relationships_awaiting();
