-- Enrolment and finding a mentor (issue 13, items 1 and 6): archived
-- programs, the rules of self-enrolment, withdrawals, and the counts behind
-- the profile's suggestions.

-- An archived program is read-only (its reports stay readable) until a
-- manager or an administrator restores it.
ALTER TABLE programs ADD COLUMN archived_at BIGINT;
ALTER TABLE programs ADD COLUMN archived_by INTEGER REFERENCES users(id);

-- Self-enrolment: who may enrol themselves ('' nobody: the managers enrol
-- everyone), and who is eligible: departments and locations (JSON arrays of
-- text, empty for any) and a career level range per role (NULL for no bound).
ALTER TABLE programs ADD COLUMN open_to TEXT NOT NULL DEFAULT ''
  CHECK (open_to IN ('', 'mentee', 'mentor', 'both'));
ALTER TABLE programs ADD COLUMN eligible_departments TEXT NOT NULL DEFAULT '[]';
ALTER TABLE programs ADD COLUMN eligible_locations TEXT NOT NULL DEFAULT '[]';
ALTER TABLE programs ADD COLUMN mentee_seniority_min INTEGER CHECK (mentee_seniority_min BETWEEN 1 AND 10);
ALTER TABLE programs ADD COLUMN mentee_seniority_max INTEGER CHECK (mentee_seniority_max BETWEEN 1 AND 10);
ALTER TABLE programs ADD COLUMN mentor_seniority_min INTEGER CHECK (mentor_seniority_min BETWEEN 1 AND 10);
ALTER TABLE programs ADD COLUMN mentor_seniority_max INTEGER CHECK (mentor_seniority_max BETWEEN 1 AND 10);

-- The programs open for self-enrolment, for the "enrol me" page.
CREATE INDEX programs_open ON programs(id) WHERE open_to <> '' AND archived_at IS NULL;

-- A participant withdrawn by a manager: the enrolment as it was, why, and
-- the relationships that were ended with it (their history stays with them).
CREATE TABLE participant_withdrawals (
  id           INTEGER PRIMARY KEY,
  program_id   INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  role         TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
  capacity     INTEGER NOT NULL,
  enrolled_at  BIGINT NOT NULL,
  reason       TEXT NOT NULL,
  ended        TEXT NOT NULL DEFAULT '[]',
  withdrawn_by INTEGER REFERENCES users(id),
  withdrawn_at BIGINT NOT NULL
);
CREATE INDEX participant_withdrawals_program ON participant_withdrawals(program_id, id);
CREATE INDEX participant_withdrawals_user ON participant_withdrawals(user_id);

-- What people entered in their profiles, counted per value, for the
-- suggestions of the profile's fields: kind is skill (offered and wanted
-- together), interest, language, department or location; norm the
-- case-folded value; value its first spelling; n how many entries use it.
CREATE TABLE profile_suggestions (
  kind  TEXT NOT NULL,
  norm  TEXT NOT NULL,
  value TEXT NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (kind, norm)
);
CREATE INDEX profile_suggestions_top ON profile_suggestions(kind, n);

INSERT INTO profile_suggestions (kind, norm, value, n)
SELECT CASE WHEN kind IN ('skill_offered', 'skill_wanted') THEN 'skill' ELSE kind END, norm, MIN(value), COUNT(*)
FROM profile_items GROUP BY 1, 2;
INSERT INTO profile_suggestions (kind, norm, value, n)
SELECT 'department', lower(trim(department)), MIN(trim(department)), COUNT(*)
FROM profiles WHERE trim(department) <> '' GROUP BY 2;
INSERT INTO profile_suggestions (kind, norm, value, n)
SELECT 'location', lower(trim(location)), MIN(trim(location)), COUNT(*)
FROM profiles WHERE trim(location) <> '' GROUP BY 2;

CREATE TRIGGER profile_items_suggest_insert AFTER INSERT ON profile_items
BEGIN
  INSERT INTO profile_suggestions (kind, norm, value, n)
  VALUES (CASE WHEN NEW.kind IN ('skill_offered', 'skill_wanted') THEN 'skill' ELSE NEW.kind END,
          NEW.norm, NEW.value, 1)
  ON CONFLICT (kind, norm) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER profile_items_suggest_delete AFTER DELETE ON profile_items
BEGIN
  UPDATE profile_suggestions SET n = n - 1
  WHERE kind = CASE WHEN OLD.kind IN ('skill_offered', 'skill_wanted') THEN 'skill' ELSE OLD.kind END
    AND norm = OLD.norm;
  DELETE FROM profile_suggestions
  WHERE kind = CASE WHEN OLD.kind IN ('skill_offered', 'skill_wanted') THEN 'skill' ELSE OLD.kind END
    AND norm = OLD.norm AND n <= 0;
END;

CREATE TRIGGER profiles_suggest_insert AFTER INSERT ON profiles
BEGIN
  INSERT INTO profile_suggestions (kind, norm, value, n)
  SELECT 'department', lower(trim(NEW.department)), trim(NEW.department), 1 WHERE trim(NEW.department) <> ''
  ON CONFLICT (kind, norm) DO UPDATE SET n = n + 1;
  INSERT INTO profile_suggestions (kind, norm, value, n)
  SELECT 'location', lower(trim(NEW.location)), trim(NEW.location), 1 WHERE trim(NEW.location) <> ''
  ON CONFLICT (kind, norm) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER profiles_suggest_update AFTER UPDATE OF department, location ON profiles
BEGIN
  UPDATE profile_suggestions SET n = n - 1
  WHERE (kind = 'department' AND norm = lower(trim(OLD.department)))
     OR (kind = 'location' AND norm = lower(trim(OLD.location)));
  DELETE FROM profile_suggestions
  WHERE ((kind = 'department' AND norm = lower(trim(OLD.department)))
      OR (kind = 'location' AND norm = lower(trim(OLD.location)))) AND n <= 0;
  INSERT INTO profile_suggestions (kind, norm, value, n)
  SELECT 'department', lower(trim(NEW.department)), trim(NEW.department), 1 WHERE trim(NEW.department) <> ''
  ON CONFLICT (kind, norm) DO UPDATE SET n = n + 1;
  INSERT INTO profile_suggestions (kind, norm, value, n)
  SELECT 'location', lower(trim(NEW.location)), trim(NEW.location), 1 WHERE trim(NEW.location) <> ''
  ON CONFLICT (kind, norm) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER profiles_suggest_delete AFTER DELETE ON profiles
BEGIN
  UPDATE profile_suggestions SET n = n - 1
  WHERE (kind = 'department' AND norm = lower(trim(OLD.department)))
     OR (kind = 'location' AND norm = lower(trim(OLD.location)));
  DELETE FROM profile_suggestions
  WHERE ((kind = 'department' AND norm = lower(trim(OLD.department)))
      OR (kind = 'location' AND norm = lower(trim(OLD.location)))) AND n <= 0;
END;
