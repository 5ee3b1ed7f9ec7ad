-- PostgreSQL's twin of sqlite/0200_rhythm_voices.sql (docs/schema.md).
-- The nudge job's rhythms (rel_rhythms, read for every live relationship on
-- every pass, once a minute): who wrote or proposed what over the last four
-- weeks. A relationship's agenda items were counted through each of its
-- meetings, reading every item's row, twice (the mentor's, the mentee's).
-- An agenda item now carries its meeting's relationship (meetings never
-- change relationship), and one index counts a person's recent items
-- without reading a row. The count of meetings ahead reads the scheduled
-- meetings only.
ALTER TABLE agenda_items ADD COLUMN relationship_id BIGINT REFERENCES relationships(id) ON DELETE CASCADE;
UPDATE agenda_items a SET relationship_id = m.relationship_id FROM meetings m WHERE m.id = a.meeting_id;
ALTER TABLE agenda_items ALTER COLUMN relationship_id SET NOT NULL;
CREATE INDEX agenda_items_voice ON agenda_items(relationship_id, author_id, created_at);
CREATE INDEX meetings_scheduled ON meetings(relationship_id, starts_at) WHERE status = 'scheduled';
