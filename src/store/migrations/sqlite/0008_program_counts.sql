-- How many mentors and mentees a program has, kept with the program by
-- triggers, so that listing programs reads two columns instead of counting
-- every participant of each program on every request (62,500 participants
-- cost ~10 ms per program). And an index that lets a program's participants
-- be paged in id order without sorting the whole program.
ALTER TABLE programs ADD COLUMN mentors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE programs ADD COLUMN mentees INTEGER NOT NULL DEFAULT 0;

UPDATE programs SET
  mentors = (SELECT COUNT(*) FROM participants x WHERE x.program_id = programs.id AND x.role = 'mentor'),
  mentees = (SELECT COUNT(*) FROM participants x WHERE x.program_id = programs.id AND x.role = 'mentee');

CREATE TRIGGER participants_count_insert AFTER INSERT ON participants
BEGIN
  UPDATE programs SET mentors = mentors + (NEW.role = 'mentor'), mentees = mentees + (NEW.role = 'mentee')
  WHERE id = NEW.program_id;
END;

CREATE TRIGGER participants_count_delete AFTER DELETE ON participants
BEGIN
  UPDATE programs SET mentors = mentors - (OLD.role = 'mentor'), mentees = mentees - (OLD.role = 'mentee')
  WHERE id = OLD.program_id;
END;

CREATE TRIGGER participants_count_update AFTER UPDATE OF role, program_id ON participants
BEGIN
  UPDATE programs SET mentors = mentors - (OLD.role = 'mentor'), mentees = mentees - (OLD.role = 'mentee')
  WHERE id = OLD.program_id;
  UPDATE programs SET mentors = mentors + (NEW.role = 'mentor'), mentees = mentees + (NEW.role = 'mentee')
  WHERE id = NEW.program_id;
END;

CREATE INDEX participants_program ON participants(program_id);
