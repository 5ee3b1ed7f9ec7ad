-- A participant import (svc/participant.c) reads and writes many rows per
-- round trip: each statement here takes a list as one JSON array (of values,
-- or of arrays: one per row, its columns in the order the statement names),
-- so checking or writing a batch of a file costs a handful of statements,
-- not a few per row. SQLite reads the array with json_each, PostgreSQL with
-- json_array_elements(_text). On PostgreSQL each lookup probes an index per
-- element (a LATERAL subquery, OFFSET 0 so the planner keeps it a nested
-- loop): as a plain join, the planner, which cannot know the list's
-- length, hashes it against a scan of the whole table, a cost that grows
-- with the table on every batch.

-- row import_user: key text, id int, email text, active bool
-- name: import_users_by_email (emails text) -> many import_user
-- The accounts of a list of emails, each row under the email as given (the
-- accounts are found as user_by_email finds one: lower()).
SELECT j.value, u.id, u.email, u.active FROM json_each($1) j JOIN users u ON u.email = lower(j.value);
-- postgres:
SELECT j.e, u.id, u.email, u.active FROM json_array_elements_text(CAST($1 AS JSON)) AS j(e)
JOIN LATERAL (SELECT u.id, u.email, u.active FROM users u WHERE u.email = lower(j.e) OFFSET 0) u ON true;

-- row import_account: id int, email text, active bool
-- name: import_users_by_id (ids text) -> many import_account
SELECT u.id, u.email, u.active FROM users u WHERE u.id IN (SELECT value FROM json_each($1));
-- postgres:
SELECT u.id, u.email, u.active FROM json_array_elements_text(CAST($1 AS JSON)) AS j(e)
JOIN LATERAL (SELECT u.id, u.email, u.active FROM users u WHERE u.id = CAST(j.e AS BIGINT) OFFSET 0) u ON true;

-- row import_enrolment: user_id int, role text
-- name: import_enrolments (program_id int, user_ids text) -> many import_enrolment
-- What a list of people already are in a program.
SELECT x.user_id, x.role FROM participants x
WHERE x.program_id = $1 AND x.user_id IN (SELECT value FROM json_each($2));
-- postgres:
SELECT x.user_id, x.role FROM json_array_elements_text(CAST($2 AS JSON)) AS j(e)
JOIN LATERAL (SELECT x.user_id, x.role FROM participants x
              WHERE x.program_id = $1 AND x.user_id = CAST(j.e AS BIGINT) OFFSET 0) x ON true;

-- name: import_users_insert (rows text, role text, now int) -> changes
-- New accounts without a password, rows [email, name]; their ids are read
-- back with import_users_by_email.
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO users (email, name, role, password_hash, active, created_at, updated_at)
SELECT lower(value->>0), value->>1, $2, NULL, 1, $3, $3 FROM json_each($1);
-- postgres:
INSERT INTO users (email, name, role, password_hash, active, created_at, updated_at)
SELECT lower(r->>0), r->>1, $2, NULL, 1, $3, $3 FROM json_array_elements(CAST($1 AS JSON)) r;

-- row import_made: id int, user_id int
-- name: import_participants_insert (program_id int, now int, list text) -> many import_made
-- Enrolments, rows [user_id, role, capacity]; answers each one's id.
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO participants (program_id, user_id, role, capacity, created_at)
SELECT $1, value->>0, value->>1, value->>2, $2 FROM json_each($3) RETURNING id, user_id;
-- postgres:
INSERT INTO participants (program_id, user_id, role, capacity, created_at)
SELECT $1, CAST(r->>0 AS BIGINT), r->>1, CAST(r->>2 AS INTEGER), $2 FROM json_array_elements(CAST($3 AS JSON)) r
RETURNING id, user_id;

-- name: import_links_insert (purpose text, created_by int?, now int, expires_at int, list text) -> many import_made
-- Account links of new accounts, rows [user_id, token_hash]; answers each
-- link's id and its account.
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO account_links (user_id, purpose, token_hash, created_by, created_at, expires_at)
SELECT value->>0, $1, value->>1, $2, $3, $4 FROM json_each($5) RETURNING id, user_id;
-- postgres:
INSERT INTO account_links (user_id, purpose, token_hash, created_by, created_at, expires_at)
SELECT CAST(r->>0 AS BIGINT), $1, r->>1, $2, $3, $4 FROM json_array_elements(CAST($5 AS JSON)) r
RETURNING id, user_id;

-- name: import_notify_people (user_ids text) -> many notify_person
-- Recipients as notify_person reads one.
SELECT u.id, u.email, u.name, u.active, COALESCE(p.timezone, 'UTC'), COALESCE(s.mode, 'immediate'),
       COALESCE(s.digest_hour, 8), COALESCE(s.meetings, 1), COALESCE(s.messages, 1),
       COALESCE(s.reminders, 1), COALESCE(s.nudges, 1), COALESCE(s.thank_you, 1)
FROM users u LEFT JOIN profiles p ON p.user_id = u.id
LEFT JOIN notification_settings s ON s.user_id = u.id
WHERE u.id IN (SELECT value FROM json_each($1));
-- postgres:
SELECT u.id, u.email, u.name, u.active, COALESCE(p.timezone, 'UTC'), COALESCE(s.mode, 'immediate'),
       COALESCE(s.digest_hour, 8), COALESCE(s.meetings, 1), COALESCE(s.messages, 1),
       COALESCE(s.reminders, 1), COALESCE(s.nudges, 1), COALESCE(s.thank_you, 1)
FROM json_array_elements_text(CAST($1 AS JSON)) AS j(e)
JOIN LATERAL (SELECT * FROM users u WHERE u.id = CAST(j.e AS BIGINT) OFFSET 0) u ON true
LEFT JOIN LATERAL (SELECT p.timezone FROM profiles p WHERE p.user_id = u.id OFFSET 0) p ON true
LEFT JOIN LATERAL (SELECT * FROM notification_settings s WHERE s.user_id = u.id OFFSET 0) s ON true;

-- name: import_outbox_insert (status text, now int, rows text)
-- Mail, rows [user_id, to_addr, to_name, category, kind, dedup_key, message_id, subject, body], as
-- outbox_insert writes one (a row whose dedup_key is already there is left out).
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO outbox (user_id, to_addr, to_name, category, kind, dedup_key, message_id, subject, body,
                    ics, ics_method, status, next_attempt_at, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8,
       NULL, NULL, $1, $2, $2
FROM json_each($3) WHERE 1
ON CONFLICT (dedup_key) DO NOTHING;
-- postgres:
INSERT INTO outbox (user_id, to_addr, to_name, category, kind, dedup_key, message_id, subject, body,
                    ics, ics_method, status, next_attempt_at, created_at)
SELECT CAST(r->>0 AS BIGINT), r->>1, r->>2, r->>3, r->>4, r->>5, r->>6, r->>7, r->>8, NULL, NULL, $1, $2, $2
FROM json_array_elements(CAST($3 AS JSON)) r
ON CONFLICT (dedup_key) DO NOTHING;

-- name: import_audit_insert (at int, actor_id int?, action text, object_type text, rows text)
-- Audit lines of one action, rows [object_id, detail].
INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail)
SELECT $1, $2, $3, $4, value->>0, value->>1 FROM json_each($5);
-- postgres:
INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail)
SELECT $1, $2, $3, $4, CAST(r->>0 AS BIGINT), r->>1 FROM json_array_elements(CAST($5 AS JSON)) r;
