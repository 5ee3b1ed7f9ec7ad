-- How many of a program's mentees wait for a match, kept with the program by
-- triggers: the health page, the manager's dashboard and the home page show
-- it on every request, and counting it (each active mentee without an active
-- relationship in the program) walked the whole program each time: at 50,000
-- relationships that query alone took minutes.
--
-- A mentee is counted when they are enrolled as a mentee, their account is
-- active, and they have no relationship in the program in an active phase
-- (getting_to_know, goal_setting, working, closing). The triggers move the
-- count when one of those three things changes: an enrolment is added,
-- removed or changes role or program; an account is switched on or off; a
-- relationship is created, deleted, or its phase moves in or out of the
-- active ones. A relationship's program and mentee never change.
--
-- The backfill and the triggers ask for one mentee's relationships in one program; without
-- this index SQLite reads the program's relationships by phase instead, for
-- every mentee. It also serves everything relationships_mentee did.
CREATE INDEX relationships_mentee_program ON relationships(mentee_id, program_id, phase);
DROP INDEX relationships_mentee;

ALTER TABLE programs ADD COLUMN awaiting_match INTEGER NOT NULL DEFAULT 0;

UPDATE programs SET awaiting_match = (
  SELECT COUNT(*) FROM participants x JOIN users u ON u.id = x.user_id
  WHERE x.program_id = programs.id AND x.role = 'mentee' AND u.active = 1
    AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.mentee_id = x.user_id AND r.program_id = x.program_id
                    AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')));

-- Enrolments: an enrolment counts by its own role, its account and the
-- relationships that exist (which an enrolment change does not touch).
CREATE TRIGGER participants_awaiting_insert AFTER INSERT ON participants
WHEN NEW.role = 'mentee'
BEGIN
  UPDATE programs SET awaiting_match = awaiting_match + 1
  WHERE id = NEW.program_id
    AND (SELECT active FROM users WHERE id = NEW.user_id) = 1
    AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.mentee_id = NEW.user_id AND r.program_id = NEW.program_id
                    AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'));
END;

CREATE TRIGGER participants_awaiting_delete AFTER DELETE ON participants
WHEN OLD.role = 'mentee'
BEGIN
  UPDATE programs SET awaiting_match = awaiting_match - 1
  WHERE id = OLD.program_id
    AND (SELECT active FROM users WHERE id = OLD.user_id) = 1
    AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.mentee_id = OLD.user_id AND r.program_id = OLD.program_id
                    AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'));
END;

CREATE TRIGGER participants_awaiting_update AFTER UPDATE OF role, program_id, user_id ON participants
WHEN OLD.role = 'mentee' OR NEW.role = 'mentee'
BEGIN
  UPDATE programs SET awaiting_match = awaiting_match - 1
  WHERE id = OLD.program_id AND OLD.role = 'mentee'
    AND (SELECT active FROM users WHERE id = OLD.user_id) = 1
    AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.mentee_id = OLD.user_id AND r.program_id = OLD.program_id
                    AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'));
  UPDATE programs SET awaiting_match = awaiting_match + 1
  WHERE id = NEW.program_id AND NEW.role = 'mentee'
    AND (SELECT active FROM users WHERE id = NEW.user_id) = 1
    AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.mentee_id = NEW.user_id AND r.program_id = NEW.program_id
                    AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'));
END;

-- Accounts: every program where the person waits as a mentee.
CREATE TRIGGER users_awaiting_active AFTER UPDATE OF active ON users
WHEN OLD.active <> NEW.active
BEGIN
  UPDATE programs SET awaiting_match = awaiting_match + (CASE WHEN NEW.active = 1 THEN 1 ELSE -1 END)
  WHERE id IN (SELECT x.program_id FROM participants x
               WHERE x.user_id = NEW.id AND x.role = 'mentee'
                 AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.mentee_id = NEW.id AND r.program_id = x.program_id
                                 AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')));
END;

-- Relationships: the count moves only when a mentee's active relationships
-- in the program go from none to one or from one to none.
CREATE TRIGGER relationships_awaiting_insert AFTER INSERT ON relationships
WHEN NEW.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')
BEGIN
  UPDATE programs SET awaiting_match = awaiting_match - 1
  WHERE id = NEW.program_id
    AND (SELECT COUNT(*) FROM relationships r WHERE r.mentee_id = NEW.mentee_id AND r.program_id = NEW.program_id
         AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')) = 1
    AND EXISTS (SELECT 1 FROM participants x WHERE x.program_id = NEW.program_id AND x.user_id = NEW.mentee_id
                AND x.role = 'mentee')
    AND (SELECT active FROM users WHERE id = NEW.mentee_id) = 1;
END;

CREATE TRIGGER relationships_awaiting_delete AFTER DELETE ON relationships
WHEN OLD.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')
BEGIN
  UPDATE programs SET awaiting_match = awaiting_match + 1
  WHERE id = OLD.program_id
    AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.mentee_id = OLD.mentee_id AND r.program_id = OLD.program_id
                    AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'))
    AND EXISTS (SELECT 1 FROM participants x WHERE x.program_id = OLD.program_id AND x.user_id = OLD.mentee_id
                AND x.role = 'mentee')
    AND (SELECT active FROM users WHERE id = OLD.mentee_id) = 1;
END;

CREATE TRIGGER relationships_awaiting_phase AFTER UPDATE OF phase ON relationships
WHEN (OLD.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'))
  <> (NEW.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'))
BEGIN
  UPDATE programs SET awaiting_match = awaiting_match
      + (CASE WHEN NEW.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing') THEN -1 ELSE 1 END)
  WHERE id = NEW.program_id
    AND (SELECT COUNT(*) FROM relationships r WHERE r.mentee_id = NEW.mentee_id AND r.program_id = NEW.program_id
         AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'))
        = (CASE WHEN NEW.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing') THEN 1 ELSE 0 END)
    AND EXISTS (SELECT 1 FROM participants x WHERE x.program_id = NEW.program_id AND x.user_id = NEW.mentee_id
                AND x.role = 'mentee')
    AND (SELECT active FROM users WHERE id = NEW.mentee_id) = 1;
END;
