-- PostgreSQL's twin of sqlite/0008_program_counts.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- How many mentors and mentees a program has, kept with the program by a
-- trigger function, so that listing programs reads two columns instead of
-- counting every participant of each program on every request. And an index
-- that lets a program's participants be paged in id order without sorting
-- the whole program.
ALTER TABLE programs ADD COLUMN mentors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE programs ADD COLUMN mentees INTEGER NOT NULL DEFAULT 0;

UPDATE programs SET
  mentors = (SELECT COUNT(*) FROM participants x WHERE x.program_id = programs.id AND x.role = 'mentor'),
  mentees = (SELECT COUNT(*) FROM participants x WHERE x.program_id = programs.id AND x.role = 'mentee');

CREATE FUNCTION participants_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE programs SET mentors = mentors - (OLD.role = 'mentor')::int,
                        mentees = mentees - (OLD.role = 'mentee')::int
    WHERE id = OLD.program_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE programs SET mentors = mentors + (NEW.role = 'mentor')::int,
                        mentees = mentees + (NEW.role = 'mentee')::int
    WHERE id = NEW.program_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER participants_count_insert AFTER INSERT OR DELETE ON participants
  FOR EACH ROW EXECUTE FUNCTION participants_count();
CREATE TRIGGER participants_count_update AFTER UPDATE OF role, program_id ON participants
  FOR EACH ROW EXECUTE FUNCTION participants_count();

CREATE INDEX participants_program ON participants(program_id);
