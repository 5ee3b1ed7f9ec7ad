-- PostgreSQL's twin of sqlite/0030_relationship_indexes.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- Indexes the relationship statements need (tests/store/test_plans.c found
-- both scans).
-- A program's relationships in id order, for the pages of its list
-- (rel_list_of_program): without it every page sorted all of the
-- program's relationships to find the next 50.
CREATE INDEX relationships_program_page ON relationships(program_id, id);
-- With foreign keys enforced, inserting a relationship looks for the
-- mentor requests that point at its id; without an index that is a full
-- scan of mentor_requests on every new relationship.
CREATE INDEX IF NOT EXISTS mentor_requests_relationship ON mentor_requests(relationship_id);
