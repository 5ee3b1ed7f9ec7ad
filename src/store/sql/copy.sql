-- copy-db (src/store/store_copy.c): every table of an organisation, read
-- from one database and written to another with every row and id, in an
-- order that satisfies the foreign keys. Per table: `copy_T_read` (a page
-- after a key for tables with a single-column key, the first column; the
-- whole table otherwise), `copy_T_write`, which writes a batch of rows
-- given as one JSON array of arrays (the read's columns, in order: one
-- statement for up to two thousand rows), and `copy_T_count` to verify the
-- copy. tests/store/test_copy.c checks that these know every table and
-- every column of the schema: a migration that adds one adds it here.
--
-- Special steps: outbox rows are written without their digest link (a row
-- may name a digest written after it), set afterwards by
-- copy_outbox_digests; the rollups (health_*, programs' counts) are taken
-- from the source after the rows (on SQLite the triggers build them as the
-- rows arrive and they are then replaced; PostgreSQL's are switched off
-- during the copy, copy_triggers); on PostgreSQL the identities are set
-- past the largest copied id (copy_T_ids).

-- row copy_users: id int, email text, name text, role text, password_hash text?, active int, created_at int, updated_at int, last_login_at int?
-- name: copy_users_read (after int, lim int) -> many copy_users
-- scan: copy-db reads every row once
SELECT id, email, name, role, password_hash, active, created_at, updated_at, last_login_at FROM users WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_users_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO users (id, email, name, role, password_hash, active, created_at, updated_at, last_login_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8
FROM json_each($1);
-- postgres:
INSERT INTO users (id, email, name, role, password_hash, active, created_at, updated_at, last_login_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS BIGINT), CAST(r->>8 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_users_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM users;

-- row copy_profiles: user_id int, headline text, bio text, department text, seniority int?, manager_id int?, location text, timezone text, preferred_channel text?, meeting_style text?, preferences text, updated_at int
-- name: copy_profiles_read (after int, lim int) -> many copy_profiles
-- scan: copy-db reads every row once
SELECT user_id, headline, bio, department, seniority, manager_id, location, timezone, preferred_channel, meeting_style, preferences, updated_at FROM profiles WHERE user_id > $1 ORDER BY user_id LIMIT $2;

-- name: copy_profiles_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO profiles (user_id, headline, bio, department, seniority, manager_id, location, timezone, preferred_channel, meeting_style, preferences, updated_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11
FROM json_each($1);
-- postgres:
INSERT INTO profiles (user_id, headline, bio, department, seniority, manager_id, location, timezone, preferred_channel, meeting_style, preferences, updated_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS TEXT), CAST(r->>7 AS TEXT), CAST(r->>8 AS TEXT), CAST(r->>9 AS TEXT), CAST(r->>10 AS TEXT), CAST(r->>11 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_profiles_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM profiles;

-- row copy_user_scim: user_id int, user_name text, external_id text?, given_name text, family_name text, updated_at int
-- name: copy_user_scim_read (after int, lim int) -> many copy_user_scim
-- scan: copy-db reads every row once
SELECT user_id, user_name, external_id, given_name, family_name, updated_at FROM user_scim WHERE user_id > $1 ORDER BY user_id LIMIT $2;

-- name: copy_user_scim_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO user_scim (user_id, user_name, external_id, given_name, family_name, updated_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5
FROM json_each($1);
-- postgres:
INSERT INTO user_scim (user_id, user_name, external_id, given_name, family_name, updated_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_user_scim_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM user_scim;

-- row copy_profile_items: user_id int, kind text, position int, value text, norm text
-- name: copy_profile_items_read -> many copy_profile_items
-- scan: copy-db reads every row once
SELECT user_id, kind, position, value, norm FROM profile_items ORDER BY user_id, kind, norm;

-- name: copy_profile_items_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO profile_items (user_id, kind, position, value, norm)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4
FROM json_each($1);
-- postgres:
INSERT INTO profile_items (user_id, kind, position, value, norm)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_profile_items_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM profile_items;

-- row copy_availability: user_id int, day int, start_min int, end_min int
-- name: copy_availability_read -> many copy_availability
-- scan: copy-db reads every row once
SELECT user_id, day, start_min, end_min FROM availability ORDER BY user_id, day, start_min;

-- name: copy_availability_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO availability (user_id, day, start_min, end_min)
SELECT value->>0, value->>1, value->>2, value->>3
FROM json_each($1);
-- postgres:
INSERT INTO availability (user_id, day, start_min, end_min)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_availability_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM availability;

-- row copy_profile_prefs: user_id int, kind text, position int, value text, norm text
-- name: copy_profile_prefs_read -> many copy_profile_prefs
-- scan: copy-db reads every row once
SELECT user_id, kind, position, value, norm FROM profile_prefs ORDER BY user_id, kind, norm;

-- name: copy_profile_prefs_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO profile_prefs (user_id, kind, position, value, norm)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4
FROM json_each($1);
-- postgres:
INSERT INTO profile_prefs (user_id, kind, position, value, norm)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_profile_prefs_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM profile_prefs;

-- row copy_sessions: id int, token_hash text, user_id int, csrf_token text, created_at int, expires_at int, last_seen_at int, ip text, user_agent text
-- name: copy_sessions_read (after int, lim int) -> many copy_sessions
-- scan: copy-db reads every row once
SELECT id, token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent FROM sessions WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_sessions_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO sessions (id, token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8
FROM json_each($1);
-- postgres:
INSERT INTO sessions (id, token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS TEXT), CAST(r->>8 AS TEXT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_sessions_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM sessions;

-- row copy_api_tokens: id int, user_id int, name text, token_hash text, created_at int, last_used_at int?, revoked_at int?, expires_at int?, scope text, last_used_ip text, created_by int?
-- name: copy_api_tokens_read (after int, lim int) -> many copy_api_tokens
-- scan: copy-db reads every row once
SELECT id, user_id, name, token_hash, created_at, last_used_at, revoked_at, expires_at, scope, last_used_ip, created_by FROM api_tokens WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_api_tokens_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, last_used_at, revoked_at, expires_at, scope, last_used_ip, created_by)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10
FROM json_each($1);
-- postgres:
INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, last_used_at, revoked_at, expires_at, scope, last_used_ip, created_by)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS BIGINT), CAST(r->>8 AS TEXT), CAST(r->>9 AS TEXT), CAST(r->>10 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_api_tokens_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM api_tokens;

-- row copy_account_links: id int, user_id int, purpose text, token_hash text, created_by int?, created_at int, expires_at int, used_at int?, revoked_at int?
-- name: copy_account_links_read (after int, lim int) -> many copy_account_links
-- scan: copy-db reads every row once
SELECT id, user_id, purpose, token_hash, created_by, created_at, expires_at, used_at, revoked_at FROM account_links WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_account_links_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO account_links (id, user_id, purpose, token_hash, created_by, created_at, expires_at, used_at, revoked_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8
FROM json_each($1);
-- postgres:
INSERT INTO account_links (id, user_id, purpose, token_hash, created_by, created_at, expires_at, used_at, revoked_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS BIGINT), CAST(r->>8 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_account_links_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM account_links;

-- row copy_two_factor: user_id int, secret text, confirmed_at int?, last_step int, created_at int
-- name: copy_two_factor_read (after int, lim int) -> many copy_two_factor
-- scan: copy-db reads every row once
SELECT user_id, secret, confirmed_at, last_step, created_at FROM two_factor WHERE user_id > $1 ORDER BY user_id LIMIT $2;

-- name: copy_two_factor_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO two_factor (user_id, secret, confirmed_at, last_step, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4
FROM json_each($1);
-- postgres:
INSERT INTO two_factor (user_id, secret, confirmed_at, last_step, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_two_factor_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM two_factor;

-- row copy_recovery_codes: id int, user_id int, code_hash text, used_at int?
-- name: copy_recovery_codes_read (after int, lim int) -> many copy_recovery_codes
-- scan: copy-db reads every row once
SELECT id, user_id, code_hash, used_at FROM recovery_codes WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_recovery_codes_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO recovery_codes (id, user_id, code_hash, used_at)
SELECT value->>0, value->>1, value->>2, value->>3
FROM json_each($1);
-- postgres:
INSERT INTO recovery_codes (id, user_id, code_hash, used_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS TEXT), CAST(r->>3 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_recovery_codes_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM recovery_codes;

-- row copy_login_challenges: id int, token_hash text, user_id int, created_at int, expires_at int, attempts int
-- name: copy_login_challenges_read (after int, lim int) -> many copy_login_challenges
-- scan: copy-db reads every row once
SELECT id, token_hash, user_id, created_at, expires_at, attempts FROM login_challenges WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_login_challenges_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO login_challenges (id, token_hash, user_id, created_at, expires_at, attempts)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5
FROM json_each($1);
-- postgres:
INSERT INTO login_challenges (id, token_hash, user_id, created_at, expires_at, attempts)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_login_challenges_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM login_challenges;

-- row copy_login_throttle: key text, failures int, first_at int, last_at int
-- name: copy_login_throttle_read -> many copy_login_throttle
-- scan: copy-db reads every row once
SELECT key, failures, first_at, last_at FROM login_throttle ORDER BY key;

-- name: copy_login_throttle_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO login_throttle (key, failures, first_at, last_at)
SELECT value->>0, value->>1, value->>2, value->>3
FROM json_each($1);
-- postgres:
INSERT INTO login_throttle (key, failures, first_at, last_at)
SELECT CAST(r->>0 AS TEXT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_login_throttle_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM login_throttle;

-- row copy_sso_logins: id int, state_hash text, nonce text, verifier text, next text, created_at int, expires_at int
-- name: copy_sso_logins_read (after int, lim int) -> many copy_sso_logins
-- scan: copy-db reads every row once
SELECT id, state_hash, nonce, verifier, next, created_at, expires_at FROM sso_logins WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_sso_logins_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO sso_logins (id, state_hash, nonce, verifier, next, created_at, expires_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6
FROM json_each($1);
-- postgres:
INSERT INTO sso_logins (id, state_hash, nonce, verifier, next, created_at, expires_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_sso_logins_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM sso_logins;

-- row copy_sso_identities: issuer text, subject text, user_id int, created_at int, last_login_at int
-- name: copy_sso_identities_read -> many copy_sso_identities
-- scan: copy-db reads every row once
SELECT issuer, subject, user_id, created_at, last_login_at FROM sso_identities ORDER BY issuer, subject;

-- name: copy_sso_identities_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO sso_identities (issuer, subject, user_id, created_at, last_login_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4
FROM json_each($1);
-- postgres:
INSERT INTO sso_identities (issuer, subject, user_id, created_at, last_login_at)
SELECT CAST(r->>0 AS TEXT), CAST(r->>1 AS TEXT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_sso_identities_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM sso_identities;

-- row copy_org_settings: key text, value text, updated_at int, updated_by int?
-- name: copy_org_settings_read -> many copy_org_settings
-- scan: copy-db reads every row once
SELECT key, value, updated_at, updated_by FROM org_settings ORDER BY key;

-- name: copy_org_settings_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO org_settings (key, value, updated_at, updated_by)
SELECT value->>0, value->>1, value->>2, value->>3
FROM json_each($1);
-- postgres:
INSERT INTO org_settings (key, value, updated_at, updated_by)
SELECT CAST(r->>0 AS TEXT), CAST(r->>1 AS TEXT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_org_settings_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM org_settings;

-- row copy_audit_log: id int, at int, actor_id int?, action text, object_type text, object_id int?, detail text
-- name: copy_audit_log_read (after int, lim int) -> many copy_audit_log
-- scan: copy-db reads every row once
SELECT id, at, actor_id, action, object_type, object_id, detail FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_audit_log_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO audit_log (id, at, actor_id, action, object_type, object_id, detail)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6
FROM json_each($1);
-- postgres:
INSERT INTO audit_log (id, at, actor_id, action, object_type, object_id, detail)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS TEXT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_audit_log_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM audit_log;

-- row copy_programs: id int, name text, description text, kind text, starts_on text, ends_on text, matching text, cadence_days int, max_mentors_per_mentee int, weights text, created_by int?, created_at int, updated_at int, mentors int, mentees int, awaiting_match int, archived_at int?, archived_by int?, open_to text, eligible_departments text, eligible_locations text, mentee_seniority_min int?, mentee_seniority_max int?, mentor_seniority_min int?, mentor_seniority_max int?
-- name: copy_programs_read (after int, lim int) -> many copy_programs
-- scan: copy-db reads every row once
SELECT id, name, description, kind, starts_on, ends_on, matching, cadence_days, max_mentors_per_mentee, weights, created_by, created_at, updated_at, mentors, mentees, awaiting_match, archived_at, archived_by, open_to, eligible_departments, eligible_locations, mentee_seniority_min, mentee_seniority_max, mentor_seniority_min, mentor_seniority_max FROM programs WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_programs_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO programs (id, name, description, kind, starts_on, ends_on, matching, cadence_days, max_mentors_per_mentee, weights, created_by, created_at, updated_at, mentors, mentees, awaiting_match, archived_at, archived_by, open_to, eligible_departments, eligible_locations, mentee_seniority_min, mentee_seniority_max, mentor_seniority_min, mentor_seniority_max)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11, value->>12, value->>13, value->>14, value->>15, value->>16, value->>17, value->>18, value->>19, value->>20, value->>21, value->>22, value->>23, value->>24
FROM json_each($1);
-- postgres:
INSERT INTO programs (id, name, description, kind, starts_on, ends_on, matching, cadence_days, max_mentors_per_mentee, weights, created_by, created_at, updated_at, mentors, mentees, awaiting_match, archived_at, archived_by, open_to, eligible_departments, eligible_locations, mentee_seniority_min, mentee_seniority_max, mentor_seniority_min, mentor_seniority_max)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS TEXT), CAST(r->>6 AS TEXT), CAST(r->>7 AS BIGINT), CAST(r->>8 AS BIGINT), CAST(r->>9 AS TEXT), CAST(r->>10 AS BIGINT), CAST(r->>11 AS BIGINT), CAST(r->>12 AS BIGINT), CAST(r->>13 AS BIGINT), CAST(r->>14 AS BIGINT), CAST(r->>15 AS BIGINT), CAST(r->>16 AS BIGINT), CAST(r->>17 AS BIGINT), CAST(r->>18 AS TEXT), CAST(r->>19 AS TEXT), CAST(r->>20 AS TEXT), CAST(r->>21 AS BIGINT), CAST(r->>22 AS BIGINT), CAST(r->>23 AS BIGINT), CAST(r->>24 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_programs_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM programs;


-- row copy_program_managers: program_id int, user_id int
-- name: copy_program_managers_read -> many copy_program_managers
-- scan: copy-db reads every row once
SELECT program_id, user_id FROM program_managers ORDER BY program_id, user_id;

-- name: copy_program_managers_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO program_managers (program_id, user_id)
SELECT value->>0, value->>1
FROM json_each($1);
-- postgres:
INSERT INTO program_managers (program_id, user_id)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_program_managers_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM program_managers;

-- row copy_participants: id int, program_id int, user_id int, role text, capacity int, created_at int
-- name: copy_participants_read (after int, lim int) -> many copy_participants
-- scan: copy-db reads every row once
SELECT id, program_id, user_id, role, capacity, created_at FROM participants WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_participants_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO participants (id, program_id, user_id, role, capacity, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5
FROM json_each($1);
-- postgres:
INSERT INTO participants (id, program_id, user_id, role, capacity, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_participants_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM participants;

-- row copy_health_settings: program_id int, quiet_factor real, schedule_min int, credit_min int, pushed_min int, repeat_min int, agenda_balance real, engagement_min int, overdue_grace_days int, at_risk_below int, updated_by int?, updated_at int, slow_reply_hours int
-- name: copy_health_settings_read (after int, lim int) -> many copy_health_settings
-- scan: copy-db reads every row once
SELECT program_id, quiet_factor, schedule_min, credit_min, pushed_min, repeat_min, agenda_balance, engagement_min, overdue_grace_days, at_risk_below, updated_by, updated_at, slow_reply_hours FROM health_settings WHERE program_id > $1 ORDER BY program_id LIMIT $2;

-- name: copy_health_settings_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO health_settings (program_id, quiet_factor, schedule_min, credit_min, pushed_min, repeat_min, agenda_balance, engagement_min, overdue_grace_days, at_risk_below, updated_by, updated_at, slow_reply_hours)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11, value->>12
FROM json_each($1);
-- postgres:
INSERT INTO health_settings (program_id, quiet_factor, schedule_min, credit_min, pushed_min, repeat_min, agenda_balance, engagement_min, overdue_grace_days, at_risk_below, updated_by, updated_at, slow_reply_hours)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS DOUBLE PRECISION), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS DOUBLE PRECISION), CAST(r->>7 AS BIGINT), CAST(r->>8 AS BIGINT), CAST(r->>9 AS BIGINT), CAST(r->>10 AS BIGINT), CAST(r->>11 AS BIGINT), CAST(r->>12 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_health_settings_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM health_settings;

-- row copy_relationships: id int, program_id int, mentor_id int, mentee_id int, phase text, origin text, keep_in_touch_days int?, created_by int?, created_at int, updated_at int, completed_at int?, ended_by_org_at int?
-- name: copy_relationships_read (after int, lim int) -> many copy_relationships
-- scan: copy-db reads every row once
SELECT id, program_id, mentor_id, mentee_id, phase, origin, keep_in_touch_days, created_by, created_at, updated_at, completed_at, ended_by_org_at FROM relationships WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_relationships_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO relationships (id, program_id, mentor_id, mentee_id, phase, origin, keep_in_touch_days, created_by, created_at, updated_at, completed_at, ended_by_org_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11
FROM json_each($1);
-- postgres:
INSERT INTO relationships (id, program_id, mentor_id, mentee_id, phase, origin, keep_in_touch_days, created_by, created_at, updated_at, completed_at, ended_by_org_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS TEXT), CAST(r->>5 AS TEXT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS BIGINT), CAST(r->>8 AS BIGINT), CAST(r->>9 AS BIGINT), CAST(r->>10 AS BIGINT), CAST(r->>11 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_relationships_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM relationships;

-- row copy_relationship_events: id int, relationship_id int, at int, actor_id int?, kind text, detail text
-- name: copy_relationship_events_read (after int, lim int) -> many copy_relationship_events
-- scan: copy-db reads every row once
SELECT id, relationship_id, at, actor_id, kind, detail FROM relationship_events WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_relationship_events_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO relationship_events (id, relationship_id, at, actor_id, kind, detail)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5
FROM json_each($1);
-- postgres:
INSERT INTO relationship_events (id, relationship_id, at, actor_id, kind, detail)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS TEXT), CAST(r->>5 AS TEXT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_relationship_events_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM relationship_events;

-- row copy_agreements: relationship_id int, purpose text, expected_results text, cadence_days int, duration_weeks int, confidentiality text, version int, updated_by int?, updated_at int, mentor_signed_at int?, mentee_signed_at int?
-- name: copy_agreements_read (after int, lim int) -> many copy_agreements
-- scan: copy-db reads every row once
SELECT relationship_id, purpose, expected_results, cadence_days, duration_weeks, confidentiality, version, updated_by, updated_at, mentor_signed_at, mentee_signed_at FROM agreements WHERE relationship_id > $1 ORDER BY relationship_id LIMIT $2;

-- name: copy_agreements_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO agreements (relationship_id, purpose, expected_results, cadence_days, duration_weeks, confidentiality, version, updated_by, updated_at, mentor_signed_at, mentee_signed_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10
FROM json_each($1);
-- postgres:
INSERT INTO agreements (relationship_id, purpose, expected_results, cadence_days, duration_weeks, confidentiality, version, updated_by, updated_at, mentor_signed_at, mentee_signed_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS TEXT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS TEXT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS BIGINT), CAST(r->>8 AS BIGINT), CAST(r->>9 AS BIGINT), CAST(r->>10 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_agreements_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM agreements;

-- row copy_goals: id int, relationship_id int, title text, outcome text, term text, metric text, baseline real?, target real?, due_on text?, relevance text, status text, confirmed_by int?, confirmed_at int?, created_by int, created_at int, updated_at int
-- name: copy_goals_read (after int, lim int) -> many copy_goals
-- scan: copy-db reads every row once
SELECT id, relationship_id, title, outcome, term, metric, baseline, target, due_on, relevance, status, confirmed_by, confirmed_at, created_by, created_at, updated_at FROM goals WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_goals_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO goals (id, relationship_id, title, outcome, term, metric, baseline, target, due_on, relevance, status, confirmed_by, confirmed_at, created_by, created_at, updated_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11, value->>12, value->>13, value->>14, value->>15
FROM json_each($1);
-- postgres:
INSERT INTO goals (id, relationship_id, title, outcome, term, metric, baseline, target, due_on, relevance, status, confirmed_by, confirmed_at, created_by, created_at, updated_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS TEXT), CAST(r->>6 AS DOUBLE PRECISION), CAST(r->>7 AS DOUBLE PRECISION), CAST(r->>8 AS TEXT), CAST(r->>9 AS TEXT), CAST(r->>10 AS TEXT), CAST(r->>11 AS BIGINT), CAST(r->>12 AS BIGINT), CAST(r->>13 AS BIGINT), CAST(r->>14 AS BIGINT), CAST(r->>15 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_goals_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM goals;

-- row copy_goal_progress: id int, goal_id int, value real, note text, author_id int, at int
-- name: copy_goal_progress_read (after int, lim int) -> many copy_goal_progress
-- scan: copy-db reads every row once
SELECT id, goal_id, value, note, author_id, at FROM goal_progress WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_goal_progress_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO goal_progress (id, goal_id, value, note, author_id, at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5
FROM json_each($1);
-- postgres:
INSERT INTO goal_progress (id, goal_id, value, note, author_id, at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS DOUBLE PRECISION), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_goal_progress_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM goal_progress;

-- row copy_meetings: id int, relationship_id int, starts_at int, duration_min int, channel text, kind text, rrule text?, status text, in_mentee_hours int, in_mentor_hours int, sequence int, created_by int, created_at int, updated_at int
-- name: copy_meetings_read (after int, lim int) -> many copy_meetings
-- scan: copy-db reads every row once
SELECT id, relationship_id, starts_at, duration_min, channel, kind, rrule, status, in_mentee_hours, in_mentor_hours, sequence, created_by, created_at, updated_at FROM meetings WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_meetings_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO meetings (id, relationship_id, starts_at, duration_min, channel, kind, rrule, status, in_mentee_hours, in_mentor_hours, sequence, created_by, created_at, updated_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11, value->>12, value->>13
FROM json_each($1);
-- postgres:
INSERT INTO meetings (id, relationship_id, starts_at, duration_min, channel, kind, rrule, status, in_mentee_hours, in_mentor_hours, sequence, created_by, created_at, updated_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS TEXT), CAST(r->>5 AS TEXT), CAST(r->>6 AS TEXT), CAST(r->>7 AS TEXT), CAST(r->>8 AS BIGINT), CAST(r->>9 AS BIGINT), CAST(r->>10 AS BIGINT), CAST(r->>11 AS BIGINT), CAST(r->>12 AS BIGINT), CAST(r->>13 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_meetings_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM meetings;

-- row copy_meeting_reschedules: id int, meeting_id int, from_starts_at int, to_starts_at int, requested_by int, reason text, at int
-- name: copy_meeting_reschedules_read (after int, lim int) -> many copy_meeting_reschedules
-- scan: copy-db reads every row once
SELECT id, meeting_id, from_starts_at, to_starts_at, requested_by, reason, at FROM meeting_reschedules WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_meeting_reschedules_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO meeting_reschedules (id, meeting_id, from_starts_at, to_starts_at, requested_by, reason, at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6
FROM json_each($1);
-- postgres:
INSERT INTO meeting_reschedules (id, meeting_id, from_starts_at, to_starts_at, requested_by, reason, at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS TEXT), CAST(r->>6 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_meeting_reschedules_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM meeting_reschedules;

-- row copy_agenda_items: id int, meeting_id int, author_id int, text text, is_question int, created_at int, relationship_id int
-- name: copy_agenda_items_read (after int, lim int) -> many copy_agenda_items
-- scan: copy-db reads every row once
SELECT id, meeting_id, author_id, text, is_question, created_at, relationship_id FROM agenda_items WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_agenda_items_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO agenda_items (id, meeting_id, author_id, text, is_question, created_at, relationship_id)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6
FROM json_each($1);
-- postgres:
INSERT INTO agenda_items (id, meeting_id, author_id, text, is_question, created_at, relationship_id)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_agenda_items_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM agenda_items;

-- row copy_meeting_notes: id int, meeting_id int, author_id int, body text, private int, created_at int
-- name: copy_meeting_notes_read (after int, lim int) -> many copy_meeting_notes
-- scan: copy-db reads every row once
SELECT id, meeting_id, author_id, body, private, created_at FROM meeting_notes WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_meeting_notes_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO meeting_notes (id, meeting_id, author_id, body, private, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5
FROM json_each($1);
-- postgres:
INSERT INTO meeting_notes (id, meeting_id, author_id, body, private, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_meeting_notes_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM meeting_notes;

-- row copy_feedback: id int, meeting_id int, from_id int, to_id int, rating int, comment text, tags text, acknowledged_at int?, created_at int
-- name: copy_feedback_read (after int, lim int) -> many copy_feedback
-- scan: copy-db reads every row once
SELECT id, meeting_id, from_id, to_id, rating, comment, tags, acknowledged_at, created_at FROM feedback WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_feedback_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO feedback (id, meeting_id, from_id, to_id, rating, comment, tags, acknowledged_at, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8
FROM json_each($1);
-- postgres:
INSERT INTO feedback (id, meeting_id, from_id, to_id, rating, comment, tags, acknowledged_at, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS TEXT), CAST(r->>6 AS TEXT), CAST(r->>7 AS BIGINT), CAST(r->>8 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_feedback_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM feedback;

-- row copy_concerns: id int, relationship_id int, author_id int, title text, detail text, status text, plan text?, plan_idea_id int?, created_at int, updated_at int
-- name: copy_concerns_read (after int, lim int) -> many copy_concerns
-- scan: copy-db reads every row once
SELECT id, relationship_id, author_id, title, detail, status, plan, plan_idea_id, created_at, updated_at FROM concerns WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_concerns_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO concerns (id, relationship_id, author_id, title, detail, status, plan, plan_idea_id, created_at, updated_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9
FROM json_each($1);
-- postgres:
INSERT INTO concerns (id, relationship_id, author_id, title, detail, status, plan, plan_idea_id, created_at, updated_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS TEXT), CAST(r->>6 AS TEXT), CAST(r->>7 AS BIGINT), CAST(r->>8 AS BIGINT), CAST(r->>9 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_concerns_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM concerns;

-- row copy_ideas: id int, concern_id int, author_id int, credited_to int, text text, created_at int
-- name: copy_ideas_read (after int, lim int) -> many copy_ideas
-- scan: copy-db reads every row once
SELECT id, concern_id, author_id, credited_to, text, created_at FROM ideas WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_ideas_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO ideas (id, concern_id, author_id, credited_to, text, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5
FROM json_each($1);
-- postgres:
INSERT INTO ideas (id, concern_id, author_id, credited_to, text, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_ideas_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM ideas;

-- row copy_idea_credits: id int, idea_id int, from_user int, to_user int, by_user int, at int
-- name: copy_idea_credits_read (after int, lim int) -> many copy_idea_credits
-- scan: copy-db reads every row once
SELECT id, idea_id, from_user, to_user, by_user, at FROM idea_credits WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_idea_credits_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO idea_credits (id, idea_id, from_user, to_user, by_user, at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5
FROM json_each($1);
-- postgres:
INSERT INTO idea_credits (id, idea_id, from_user, to_user, by_user, at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_idea_credits_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM idea_credits;

-- row copy_actions: id int, relationship_id int, concern_id int?, title text, owner_id int, due_on text, goal_id int?, status text, created_by int, created_at int, updated_at int
-- name: copy_actions_read (after int, lim int) -> many copy_actions
-- scan: copy-db reads every row once
SELECT id, relationship_id, concern_id, title, owner_id, due_on, goal_id, status, created_by, created_at, updated_at FROM actions WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_actions_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO actions (id, relationship_id, concern_id, title, owner_id, due_on, goal_id, status, created_by, created_at, updated_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10
FROM json_each($1);
-- postgres:
INSERT INTO actions (id, relationship_id, concern_id, title, owner_id, due_on, goal_id, status, created_by, created_at, updated_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS TEXT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS TEXT), CAST(r->>8 AS BIGINT), CAST(r->>9 AS BIGINT), CAST(r->>10 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_actions_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM actions;

-- row copy_wins: id int, relationship_id int, author_id int, text text, goal_id int?, idea_id int?, created_at int
-- name: copy_wins_read (after int, lim int) -> many copy_wins
-- scan: copy-db reads every row once
SELECT id, relationship_id, author_id, text, goal_id, idea_id, created_at FROM wins WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_wins_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO wins (id, relationship_id, author_id, text, goal_id, idea_id, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6
FROM json_each($1);
-- postgres:
INSERT INTO wins (id, relationship_id, author_id, text, goal_id, idea_id, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_wins_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM wins;

-- row copy_messages: id int, relationship_id int, author_id int, body text, created_at int
-- name: copy_messages_read (after int, lim int) -> many copy_messages
-- scan: copy-db reads every row once
SELECT id, relationship_id, author_id, body, created_at FROM messages WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_messages_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO messages (id, relationship_id, author_id, body, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4
FROM json_each($1);
-- postgres:
INSERT INTO messages (id, relationship_id, author_id, body, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_messages_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM messages;

-- row copy_checkins: id int, relationship_id int, author_id int, mood int, note text, created_at int
-- name: copy_checkins_read (after int, lim int) -> many copy_checkins
-- scan: copy-db reads every row once
SELECT id, relationship_id, author_id, mood, note, created_at FROM checkins WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_checkins_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO checkins (id, relationship_id, author_id, mood, note, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5
FROM json_each($1);
-- postgres:
INSERT INTO checkins (id, relationship_id, author_id, mood, note, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_checkins_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM checkins;

-- row copy_learnings: id int, relationship_id int, author_id int, direction text, text text, created_at int
-- name: copy_learnings_read (after int, lim int) -> many copy_learnings
-- scan: copy-db reads every row once
SELECT id, relationship_id, author_id, direction, text, created_at FROM learnings WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_learnings_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO learnings (id, relationship_id, author_id, direction, text, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5
FROM json_each($1);
-- postgres:
INSERT INTO learnings (id, relationship_id, author_id, direction, text, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_learnings_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM learnings;

-- row copy_closures: relationship_id int, user_id int, reflection text, satisfaction int, goals_met int?, mentor_important int?, would_recommend int?, thank_you_note text, created_at int
-- name: copy_closures_read -> many copy_closures
-- scan: copy-db reads every row once
SELECT relationship_id, user_id, reflection, satisfaction, goals_met, mentor_important, would_recommend, thank_you_note, created_at FROM closures ORDER BY relationship_id, user_id;

-- name: copy_closures_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO closures (relationship_id, user_id, reflection, satisfaction, goals_met, mentor_important, would_recommend, thank_you_note, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8
FROM json_each($1);
-- postgres:
INSERT INTO closures (relationship_id, user_id, reflection, satisfaction, goals_met, mentor_important, would_recommend, thank_you_note, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS TEXT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS TEXT), CAST(r->>8 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_closures_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM closures;

-- row copy_notification_settings: user_id int, mode text, digest_hour int, meetings int, messages int, reminders int, nudges int, thank_you int, updated_at int
-- name: copy_notification_settings_read (after int, lim int) -> many copy_notification_settings
-- scan: copy-db reads every row once
SELECT user_id, mode, digest_hour, meetings, messages, reminders, nudges, thank_you, updated_at FROM notification_settings WHERE user_id > $1 ORDER BY user_id LIMIT $2;

-- name: copy_notification_settings_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO notification_settings (user_id, mode, digest_hour, meetings, messages, reminders, nudges, thank_you, updated_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8
FROM json_each($1);
-- postgres:
INSERT INTO notification_settings (user_id, mode, digest_hour, meetings, messages, reminders, nudges, thank_you, updated_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS BIGINT), CAST(r->>8 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_notification_settings_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM notification_settings;

-- row copy_outbox: id int, user_id int?, to_addr text, to_name text, category text, kind text, dedup_key text?, message_id text, subject text, body text, ics text?, ics_method text?, status text, attempts int, next_attempt_at int, lease_until int?, last_error text?, created_at int, sent_at int?
-- name: copy_outbox_read (after int, lim int) -> many copy_outbox
-- scan: copy-db reads every row once
SELECT id, user_id, to_addr, to_name, category, kind, dedup_key, message_id, subject, body, ics, ics_method, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at FROM outbox WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_outbox_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO outbox (id, user_id, to_addr, to_name, category, kind, dedup_key, message_id, subject, body, ics, ics_method, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11, value->>12, value->>13, value->>14, value->>15, value->>16, value->>17, value->>18
FROM json_each($1);
-- postgres:
INSERT INTO outbox (id, user_id, to_addr, to_name, category, kind, dedup_key, message_id, subject, body, ics, ics_method, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS TEXT), CAST(r->>6 AS TEXT), CAST(r->>7 AS TEXT), CAST(r->>8 AS TEXT), CAST(r->>9 AS TEXT), CAST(r->>10 AS TEXT), CAST(r->>11 AS TEXT), CAST(r->>12 AS TEXT), CAST(r->>13 AS BIGINT), CAST(r->>14 AS BIGINT), CAST(r->>15 AS BIGINT), CAST(r->>16 AS TEXT), CAST(r->>17 AS BIGINT), CAST(r->>18 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_outbox_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM outbox;

-- row copy_meeting_notices: meeting_id int, sequence int, status text, at int
-- name: copy_meeting_notices_read (after int, lim int) -> many copy_meeting_notices
-- scan: copy-db reads every row once
SELECT meeting_id, sequence, status, at FROM meeting_notices WHERE meeting_id > $1 ORDER BY meeting_id LIMIT $2;

-- name: copy_meeting_notices_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO meeting_notices (meeting_id, sequence, status, at)
SELECT value->>0, value->>1, value->>2, value->>3
FROM json_each($1);
-- postgres:
INSERT INTO meeting_notices (meeting_id, sequence, status, at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS TEXT), CAST(r->>3 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_meeting_notices_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM meeting_notices;

-- row copy_calendar_tokens: user_id int, token_hash text, created_at int, last_used_at int?
-- name: copy_calendar_tokens_read (after int, lim int) -> many copy_calendar_tokens
-- scan: copy-db reads every row once
SELECT user_id, token_hash, created_at, last_used_at FROM calendar_tokens WHERE user_id > $1 ORDER BY user_id LIMIT $2;

-- name: copy_calendar_tokens_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO calendar_tokens (user_id, token_hash, created_at, last_used_at)
SELECT value->>0, value->>1, value->>2, value->>3
FROM json_each($1);
-- postgres:
INSERT INTO calendar_tokens (user_id, token_hash, created_at, last_used_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_calendar_tokens_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM calendar_tokens;

-- row copy_match_runs: id int, program_id int, algorithm text, status text, weights text, total_score int, stats text, created_by int?, created_at int, published_at int?
-- name: copy_match_runs_read (after int, lim int) -> many copy_match_runs
-- scan: copy-db reads every row once
SELECT id, program_id, algorithm, status, weights, total_score, stats, created_by, created_at, published_at FROM match_runs WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_match_runs_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO match_runs (id, program_id, algorithm, status, weights, total_score, stats, created_by, created_at, published_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9
FROM json_each($1);
-- postgres:
INSERT INTO match_runs (id, program_id, algorithm, status, weights, total_score, stats, created_by, created_at, published_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS TEXT), CAST(r->>7 AS BIGINT), CAST(r->>8 AS BIGINT), CAST(r->>9 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_match_runs_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM match_runs;

-- row copy_match_run_pairs: run_id int, mentee_id int, mentor_id int, score int, reasons text, edited int, department text
-- name: copy_match_run_pairs_read -> many copy_match_run_pairs
-- scan: copy-db reads every row once
SELECT run_id, mentee_id, mentor_id, score, reasons, edited, department FROM match_run_pairs ORDER BY run_id, mentee_id;

-- name: copy_match_run_pairs_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO match_run_pairs (run_id, mentee_id, mentor_id, score, reasons, edited, department)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6
FROM json_each($1);
-- postgres:
INSERT INTO match_run_pairs (run_id, mentee_id, mentor_id, score, reasons, edited, department)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS TEXT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_match_run_pairs_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM match_run_pairs;

-- row copy_match_run_unmatched: run_id int, mentee_id int, reason text, department text, help text
-- name: copy_match_run_unmatched_read -> many copy_match_run_unmatched
-- scan: copy-db reads every row once
SELECT run_id, mentee_id, reason, department, help FROM match_run_unmatched ORDER BY run_id, mentee_id;

-- name: copy_match_run_unmatched_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO match_run_unmatched (run_id, mentee_id, reason, department, help)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4
FROM json_each($1);
-- postgres:
INSERT INTO match_run_unmatched (run_id, mentee_id, reason, department, help)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_match_run_unmatched_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM match_run_unmatched;

-- row copy_mentor_requests: id int, program_id int, mentee_id int, mentor_id int, message text, status text, answer text, relationship_id int?, created_at int, answered_at int?
-- name: copy_mentor_requests_read (after int, lim int) -> many copy_mentor_requests
-- scan: copy-db reads every row once
SELECT id, program_id, mentee_id, mentor_id, message, status, answer, relationship_id, created_at, answered_at FROM mentor_requests WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_mentor_requests_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO mentor_requests (id, program_id, mentee_id, mentor_id, message, status, answer, relationship_id, created_at, answered_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9
FROM json_each($1);
-- postgres:
INSERT INTO mentor_requests (id, program_id, mentee_id, mentor_id, message, status, answer, relationship_id, created_at, answered_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS TEXT), CAST(r->>5 AS TEXT), CAST(r->>6 AS TEXT), CAST(r->>7 AS BIGINT), CAST(r->>8 AS BIGINT), CAST(r->>9 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_mentor_requests_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM mentor_requests;

-- row copy_articles: id int, starter_key text?, title text, summary text, body text, status text, version int, comments_closed int, helpful_yes int, helpful_votes int, created_by int?, updated_by int?, created_at int, updated_at int, published_at int?
-- name: copy_articles_read (after int, lim int) -> many copy_articles
-- scan: copy-db reads every row once
SELECT id, starter_key, title, summary, body, status, version, comments_closed, helpful_yes, helpful_votes, created_by, updated_by, created_at, updated_at, published_at FROM articles WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_articles_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
-- helpful_yes, helpful_votes: 0, the triggers count them again as the rows under it arrive
INSERT INTO articles (id, starter_key, title, summary, body, status, version, comments_closed, helpful_yes, helpful_votes, created_by, updated_by, created_at, updated_at, published_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, 0, 0, value->>10, value->>11, value->>12, value->>13, value->>14
FROM json_each($1);
-- postgres:
INSERT INTO articles (id, starter_key, title, summary, body, status, version, comments_closed, helpful_yes, helpful_votes, created_by, updated_by, created_at, updated_at, published_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS TEXT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS BIGINT), 0, 0, CAST(r->>10 AS BIGINT), CAST(r->>11 AS BIGINT), CAST(r->>12 AS BIGINT), CAST(r->>13 AS BIGINT), CAST(r->>14 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_articles_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM articles;

-- row copy_article_tags: article_id int, kind text, value text
-- name: copy_article_tags_read -> many copy_article_tags
-- scan: copy-db reads every row once
SELECT article_id, kind, value FROM article_tags ORDER BY article_id, kind, value;

-- name: copy_article_tags_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO article_tags (article_id, kind, value)
SELECT value->>0, value->>1, value->>2
FROM json_each($1);
-- postgres:
INSERT INTO article_tags (article_id, kind, value)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS TEXT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_article_tags_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM article_tags;

-- row copy_article_related: article_id int, related_id int, position int
-- name: copy_article_related_read -> many copy_article_related
-- scan: copy-db reads every row once
SELECT article_id, related_id, position FROM article_related ORDER BY article_id, related_id;

-- name: copy_article_related_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO article_related (article_id, related_id, position)
SELECT value->>0, value->>1, value->>2
FROM json_each($1);
-- postgres:
INSERT INTO article_related (article_id, related_id, position)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_article_related_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM article_related;

-- row copy_article_versions: article_id int, version int, title text, summary text, body text, phases text, audiences text, flags text, related text, note text, edited_by int?, edited_at int
-- name: copy_article_versions_read -> many copy_article_versions
-- scan: copy-db reads every row once
SELECT article_id, version, title, summary, body, phases, audiences, flags, related, note, edited_by, edited_at FROM article_versions ORDER BY article_id, version;

-- name: copy_article_versions_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO article_versions (article_id, version, title, summary, body, phases, audiences, flags, related, note, edited_by, edited_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11
FROM json_each($1);
-- postgres:
INSERT INTO article_versions (article_id, version, title, summary, body, phases, audiences, flags, related, note, edited_by, edited_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS TEXT), CAST(r->>6 AS TEXT), CAST(r->>7 AS TEXT), CAST(r->>8 AS TEXT), CAST(r->>9 AS TEXT), CAST(r->>10 AS BIGINT), CAST(r->>11 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_article_versions_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM article_versions;

-- row copy_article_votes: article_id int, user_id int, helpful int, missing text, created_at int, updated_at int
-- name: copy_article_votes_read -> many copy_article_votes
-- scan: copy-db reads every row once
SELECT article_id, user_id, helpful, missing, created_at, updated_at FROM article_votes ORDER BY article_id, user_id;

-- name: copy_article_votes_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO article_votes (article_id, user_id, helpful, missing, created_at, updated_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5
FROM json_each($1);
-- postgres:
INSERT INTO article_votes (article_id, user_id, helpful, missing, created_at, updated_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_article_votes_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM article_votes;

-- row copy_article_comments: id int, article_id int, author_id int?, body text, hidden int, moderated_by int?, moderated_at int?, created_at int
-- name: copy_article_comments_read (after int, lim int) -> many copy_article_comments
-- scan: copy-db reads every row once
SELECT id, article_id, author_id, body, hidden, moderated_by, moderated_at, created_at FROM article_comments WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_article_comments_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO article_comments (id, article_id, author_id, body, hidden, moderated_by, moderated_at, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7
FROM json_each($1);
-- postgres:
INSERT INTO article_comments (id, article_id, author_id, body, hidden, moderated_by, moderated_at, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_article_comments_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM article_comments;

-- row copy_help_requests: id int, program_id int, relationship_id int?, article_id int?, asker_id int, subject text, body text, status text, replies int, created_at int, updated_at int, answered_at int?, answered_by int?
-- name: copy_help_requests_read (after int, lim int) -> many copy_help_requests
-- scan: copy-db reads every row once
SELECT id, program_id, relationship_id, article_id, asker_id, subject, body, status, replies, created_at, updated_at, answered_at, answered_by FROM help_requests WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_help_requests_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
-- replies: 0, the triggers count them again as the rows under it arrive
INSERT INTO help_requests (id, program_id, relationship_id, article_id, asker_id, subject, body, status, replies, created_at, updated_at, answered_at, answered_by)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, 0, value->>9, value->>10, value->>11, value->>12
FROM json_each($1);
-- postgres:
INSERT INTO help_requests (id, program_id, relationship_id, article_id, asker_id, subject, body, status, replies, created_at, updated_at, answered_at, answered_by)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS TEXT), CAST(r->>6 AS TEXT), CAST(r->>7 AS TEXT), 0, CAST(r->>9 AS BIGINT), CAST(r->>10 AS BIGINT), CAST(r->>11 AS BIGINT), CAST(r->>12 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_help_requests_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM help_requests;

-- row copy_help_replies: id int, request_id int, author_id int?, body text, created_at int
-- name: copy_help_replies_read (after int, lim int) -> many copy_help_replies
-- scan: copy-db reads every row once
SELECT id, request_id, author_id, body, created_at FROM help_replies WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_help_replies_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO help_replies (id, request_id, author_id, body, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4
FROM json_each($1);
-- postgres:
INSERT INTO help_replies (id, request_id, author_id, body, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_help_replies_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM help_replies;

-- row copy_message_reads: user_id int, relationship_id int, last_read_id int
-- name: copy_message_reads_read -> many copy_message_reads
-- scan: copy-db reads every row once
SELECT user_id, relationship_id, last_read_id FROM message_reads ORDER BY user_id, relationship_id;

-- name: copy_message_reads_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO message_reads (user_id, relationship_id, last_read_id)
SELECT value->>0, value->>1, value->>2
FROM json_each($1);
-- postgres:
INSERT INTO message_reads (user_id, relationship_id, last_read_id)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_message_reads_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM message_reads;

-- row copy_health_activity: program_id int, relationship_id int, mentor_id int, mentee_id int, phase text, started_at int, cadence_days int?, last_message_at int, last_meeting_at int, meetings int, meetings_held int, meetings_by_mentor int, meetings_by_mentee int, agenda_by_mentor int, agenda_by_mentee int, outside_mentee_hours int, mentor_reschedules int, ideas_credit_moved int, mentor_wins_on_mentee_ideas int, unlinked_mentee_actions int, goals int, goals_active int, goals_achieved int, goals_dropped int, first_active_due_on text?, progress_goals int, progress_pct_sum real, ratings int, rating_sum int, held_minutes int, mentor_replies int, mentee_replies int, mentor_reply_median int?, mentee_reply_median int?
-- name: copy_health_activity_read -> many copy_health_activity
-- scan: copy-db reads every row once
SELECT program_id, relationship_id, mentor_id, mentee_id, phase, started_at, cadence_days, last_message_at, last_meeting_at, meetings, meetings_held, meetings_by_mentor, meetings_by_mentee, agenda_by_mentor, agenda_by_mentee, outside_mentee_hours, mentor_reschedules, ideas_credit_moved, mentor_wins_on_mentee_ideas, unlinked_mentee_actions, goals, goals_active, goals_achieved, goals_dropped, first_active_due_on, progress_goals, progress_pct_sum, ratings, rating_sum, held_minutes, mentor_replies, mentee_replies, mentor_reply_median, mentee_reply_median FROM health_activity ORDER BY program_id, relationship_id;

-- name: copy_health_activity_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO health_activity (program_id, relationship_id, mentor_id, mentee_id, phase, started_at, cadence_days, last_message_at, last_meeting_at, meetings, meetings_held, meetings_by_mentor, meetings_by_mentee, agenda_by_mentor, agenda_by_mentee, outside_mentee_hours, mentor_reschedules, ideas_credit_moved, mentor_wins_on_mentee_ideas, unlinked_mentee_actions, goals, goals_active, goals_achieved, goals_dropped, first_active_due_on, progress_goals, progress_pct_sum, ratings, rating_sum, held_minutes, mentor_replies, mentee_replies, mentor_reply_median, mentee_reply_median)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11, value->>12, value->>13, value->>14, value->>15, value->>16, value->>17, value->>18, value->>19, value->>20, value->>21, value->>22, value->>23, value->>24, value->>25, value->>26, value->>27, value->>28, value->>29, value->>30, value->>31, value->>32, value->>33
FROM json_each($1);
-- postgres:
INSERT INTO health_activity (program_id, relationship_id, mentor_id, mentee_id, phase, started_at, cadence_days, last_message_at, last_meeting_at, meetings, meetings_held, meetings_by_mentor, meetings_by_mentee, agenda_by_mentor, agenda_by_mentee, outside_mentee_hours, mentor_reschedules, ideas_credit_moved, mentor_wins_on_mentee_ideas, unlinked_mentee_actions, goals, goals_active, goals_achieved, goals_dropped, first_active_due_on, progress_goals, progress_pct_sum, ratings, rating_sum, held_minutes, mentor_replies, mentee_replies, mentor_reply_median, mentee_reply_median)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS BIGINT), CAST(r->>8 AS BIGINT), CAST(r->>9 AS BIGINT), CAST(r->>10 AS BIGINT), CAST(r->>11 AS BIGINT), CAST(r->>12 AS BIGINT), CAST(r->>13 AS BIGINT), CAST(r->>14 AS BIGINT), CAST(r->>15 AS BIGINT), CAST(r->>16 AS BIGINT), CAST(r->>17 AS BIGINT), CAST(r->>18 AS BIGINT), CAST(r->>19 AS BIGINT), CAST(r->>20 AS BIGINT), CAST(r->>21 AS BIGINT), CAST(r->>22 AS BIGINT), CAST(r->>23 AS BIGINT), CAST(r->>24 AS TEXT), CAST(r->>25 AS BIGINT), CAST(r->>26 AS DOUBLE PRECISION), CAST(r->>27 AS BIGINT), CAST(r->>28 AS BIGINT), CAST(r->>29 AS BIGINT), CAST(r->>30 AS BIGINT), CAST(r->>31 AS BIGINT), CAST(r->>32 AS BIGINT), CAST(r->>33 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_health_activity_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM health_activity;

-- row copy_health_tags: relationship_id int, program_id int, to_id int, tag text, n int, first_at int, corrected_at int?
-- name: copy_health_tags_read -> many copy_health_tags
-- scan: copy-db reads every row once
SELECT relationship_id, program_id, to_id, tag, n, first_at, corrected_at FROM health_tags ORDER BY relationship_id, to_id, tag;

-- name: copy_health_tags_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO health_tags (relationship_id, program_id, to_id, tag, n, first_at, corrected_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6
FROM json_each($1);
-- postgres:
INSERT INTO health_tags (relationship_id, program_id, to_id, tag, n, first_at, corrected_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_health_tags_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM health_tags;

-- row copy_health_months: program_id int, month text, meetings int
-- name: copy_health_months_read -> many copy_health_months
-- scan: copy-db reads every row once
SELECT program_id, month, meetings FROM health_months ORDER BY program_id, month;

-- name: copy_health_months_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO health_months (program_id, month, meetings)
SELECT value->>0, value->>1, value->>2
FROM json_each($1);
-- postgres:
INSERT INTO health_months (program_id, month, meetings)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_health_months_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM health_months;

-- row copy_digest: id int, digest_id int
-- name: copy_outbox_digests_read (after int, lim int) -> many copy_digest
-- The digest each digested row went into (written without it above).
-- scan: copy-db reads every row once
SELECT id, digest_id FROM outbox WHERE digest_id IS NOT NULL AND id > $1 ORDER BY id LIMIT $2;

-- name: copy_outbox_digests_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
UPDATE outbox SET digest_id = d.value->>1 FROM json_each($1) d WHERE outbox.id = d.value->>0;
-- postgres:
UPDATE outbox SET digest_id = CAST(r->>1 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r WHERE outbox.id = CAST(r->>0 AS BIGINT);

-- row copy_counts: id int, mentors int, mentees int, awaiting_match int
-- name: copy_program_counts_read (after int, lim int) -> many copy_counts
-- The programs' kept counts of mentors and mentees (migration 0008) and of
-- mentees awaiting a match (0080), which SQLite's triggers moved as the
-- rows arrived.
-- scan: copy-db reads every row once
SELECT id, mentors, mentees, awaiting_match FROM programs WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_program_counts_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
UPDATE programs SET mentors = d.value->>1, mentees = d.value->>2, awaiting_match = d.value->>3
FROM json_each($1) d WHERE programs.id = d.value->>0;
-- postgres:
UPDATE programs SET mentors = CAST(r->>1 AS INTEGER), mentees = CAST(r->>2 AS INTEGER),
  awaiting_match = CAST(r->>3 AS INTEGER)
FROM json_array_elements(CAST($1 AS JSON)) r WHERE programs.id = CAST(r->>0 AS BIGINT);

-- name: copy_clear_health_activity
-- The rollups SQLite's triggers built while the rows arrived, replaced
-- next by the source's own.
-- scan: copy-db empties the rollups of a database it fills
DELETE FROM health_activity;

-- name: copy_clear_health_tags
-- scan: copy-db empties the rollups of a database it fills
DELETE FROM health_tags;

-- name: copy_clear_health_months
-- scan: copy-db empties the rollups of a database it fills
DELETE FROM health_months;

-- name: copy_triggers (enable bool)
-- PostgreSQL: the rollups' trigger functions off while the copy writes
-- (they would only build what the source's rollups replace), on again
-- before it commits (migration 0100). SQLite cannot switch them off.
SELECT $1;
-- postgres:
SELECT mentord_copy_triggers($1 = 1);

-- name: copy_users_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM users;
-- postgres:
SELECT setval(pg_get_serial_sequence('users', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM users;

-- name: copy_sessions_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM sessions;
-- postgres:
SELECT setval(pg_get_serial_sequence('sessions', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM sessions;

-- name: copy_api_tokens_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM api_tokens;
-- postgres:
SELECT setval(pg_get_serial_sequence('api_tokens', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM api_tokens;

-- name: copy_audit_log_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM audit_log;
-- postgres:
SELECT setval(pg_get_serial_sequence('audit_log', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM audit_log;

-- name: copy_programs_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM programs;
-- postgres:
SELECT setval(pg_get_serial_sequence('programs', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM programs;

-- name: copy_participants_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM participants;
-- postgres:
SELECT setval(pg_get_serial_sequence('participants', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM participants;

-- name: copy_relationships_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM relationships;
-- postgres:
SELECT setval(pg_get_serial_sequence('relationships', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM relationships;

-- name: copy_relationship_events_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM relationship_events;
-- postgres:
SELECT setval(pg_get_serial_sequence('relationship_events', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM relationship_events;

-- name: copy_goals_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM goals;
-- postgres:
SELECT setval(pg_get_serial_sequence('goals', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM goals;

-- name: copy_goal_progress_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM goal_progress;
-- postgres:
SELECT setval(pg_get_serial_sequence('goal_progress', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM goal_progress;

-- name: copy_meetings_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM meetings;
-- postgres:
SELECT setval(pg_get_serial_sequence('meetings', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM meetings;

-- name: copy_meeting_reschedules_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM meeting_reschedules;
-- postgres:
SELECT setval(pg_get_serial_sequence('meeting_reschedules', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM meeting_reschedules;

-- name: copy_agenda_items_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM agenda_items;
-- postgres:
SELECT setval(pg_get_serial_sequence('agenda_items', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM agenda_items;

-- name: copy_meeting_notes_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM meeting_notes;
-- postgres:
SELECT setval(pg_get_serial_sequence('meeting_notes', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM meeting_notes;

-- name: copy_feedback_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM feedback;
-- postgres:
SELECT setval(pg_get_serial_sequence('feedback', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM feedback;

-- name: copy_concerns_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM concerns;
-- postgres:
SELECT setval(pg_get_serial_sequence('concerns', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM concerns;

-- name: copy_ideas_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM ideas;
-- postgres:
SELECT setval(pg_get_serial_sequence('ideas', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM ideas;

-- name: copy_idea_credits_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM idea_credits;
-- postgres:
SELECT setval(pg_get_serial_sequence('idea_credits', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM idea_credits;

-- name: copy_actions_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM actions;
-- postgres:
SELECT setval(pg_get_serial_sequence('actions', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM actions;

-- name: copy_wins_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM wins;
-- postgres:
SELECT setval(pg_get_serial_sequence('wins', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM wins;

-- name: copy_messages_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM messages;
-- postgres:
SELECT setval(pg_get_serial_sequence('messages', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM messages;

-- name: copy_checkins_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM checkins;
-- postgres:
SELECT setval(pg_get_serial_sequence('checkins', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM checkins;

-- name: copy_learnings_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM learnings;
-- postgres:
SELECT setval(pg_get_serial_sequence('learnings', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM learnings;

-- name: copy_outbox_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM outbox;
-- postgres:
SELECT setval(pg_get_serial_sequence('outbox', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM outbox;

-- name: copy_match_runs_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM match_runs;
-- postgres:
SELECT setval(pg_get_serial_sequence('match_runs', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM match_runs;

-- name: copy_mentor_requests_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM mentor_requests;
-- postgres:
SELECT setval(pg_get_serial_sequence('mentor_requests', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM mentor_requests;

-- name: copy_account_links_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM account_links;
-- postgres:
SELECT setval(pg_get_serial_sequence('account_links', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM account_links;

-- name: copy_recovery_codes_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM recovery_codes;
-- postgres:
SELECT setval(pg_get_serial_sequence('recovery_codes', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM recovery_codes;

-- name: copy_login_challenges_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM login_challenges;
-- postgres:
SELECT setval(pg_get_serial_sequence('login_challenges', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM login_challenges;

-- name: copy_articles_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM articles;
-- postgres:
SELECT setval(pg_get_serial_sequence('articles', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM articles;

-- name: copy_article_comments_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM article_comments;
-- postgres:
SELECT setval(pg_get_serial_sequence('article_comments', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM article_comments;

-- name: copy_help_requests_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM help_requests;
-- postgres:
SELECT setval(pg_get_serial_sequence('help_requests', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM help_requests;

-- name: copy_help_replies_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM help_replies;
-- postgres:
SELECT setval(pg_get_serial_sequence('help_replies', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM help_replies;

-- row copy_skill_ratings: relationship_id int, rater_role text, moment text, norm text, skill text, rating int, rater_id int, rated_at int
-- name: copy_skill_ratings_read -> many copy_skill_ratings
-- scan: copy-db reads every row once
SELECT relationship_id, rater_role, moment, norm, skill, rating, rater_id, rated_at FROM skill_ratings ORDER BY relationship_id, rater_role, moment, norm;

-- name: copy_skill_ratings_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO skill_ratings (relationship_id, rater_role, moment, norm, skill, rating, rater_id, rated_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7
FROM json_each($1);
-- postgres:
INSERT INTO skill_ratings (relationship_id, rater_role, moment, norm, skill, rating, rater_id, rated_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_skill_ratings_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM skill_ratings;

-- row copy_reply_delays: id int, relationship_id int, responder_role text, kind text, waited_from int, answered_at int, delay int
-- name: copy_reply_delays_read (after int, lim int) -> many copy_reply_delays
-- scan: copy-db reads every row once
SELECT id, relationship_id, responder_role, kind, waited_from, answered_at, delay FROM reply_delays WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_reply_delays_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO reply_delays (id, relationship_id, responder_role, kind, waited_from, answered_at, delay)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6
FROM json_each($1);
-- postgres:
INSERT INTO reply_delays (id, relationship_id, responder_role, kind, waited_from, answered_at, delay)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_reply_delays_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM reply_delays;

-- name: copy_clear_reply_delays
-- The delays SQLite's message trigger recorded while the messages
-- arrived, replaced next by the source's own.
-- scan: copy-db empties the rollups of a database it fills
DELETE FROM reply_delays;

-- name: copy_reply_delays_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM reply_delays;
-- postgres:
SELECT setval(pg_get_serial_sequence('reply_delays', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM reply_delays;

-- row copy_manager_messages: id int, relationship_id int, author_id int?, body text, created_at int
-- name: copy_manager_messages_read (after int, lim int) -> many copy_manager_messages
-- scan: copy-db reads every row once
SELECT id, relationship_id, author_id, body, created_at FROM manager_messages WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_manager_messages_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO manager_messages (id, relationship_id, author_id, body, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4
FROM json_each($1);
-- postgres:
INSERT INTO manager_messages (id, relationship_id, author_id, body, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_manager_messages_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM manager_messages;

-- name: copy_manager_messages_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM manager_messages;
-- postgres:
SELECT setval(pg_get_serial_sequence('manager_messages', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM manager_messages;

-- row copy_manager_notes: id int, relationship_id int, author_id int?, body text, created_at int
-- name: copy_manager_notes_read (after int, lim int) -> many copy_manager_notes
-- scan: copy-db reads every row once
SELECT id, relationship_id, author_id, body, created_at FROM manager_notes WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_manager_notes_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO manager_notes (id, relationship_id, author_id, body, created_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4
FROM json_each($1);
-- postgres:
INSERT INTO manager_notes (id, relationship_id, author_id, body, created_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_manager_notes_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM manager_notes;

-- name: copy_manager_notes_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM manager_notes;
-- postgres:
SELECT setval(pg_get_serial_sequence('manager_notes', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM manager_notes;

-- row copy_health_watch: relationship_id int, state text?, flags int, at_risk_count int, checked_at int?
-- name: copy_health_watch_read (after int, lim int) -> many copy_health_watch
-- scan: copy-db reads every row once
SELECT relationship_id, state, flags, at_risk_count, checked_at FROM health_watch WHERE relationship_id > $1 ORDER BY relationship_id LIMIT $2;

-- name: copy_health_watch_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO health_watch (relationship_id, state, flags, at_risk_count, checked_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4
FROM json_each($1);
-- postgres:
INSERT INTO health_watch (relationship_id, state, flags, at_risk_count, checked_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS TEXT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_health_watch_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM health_watch;

-- name: copy_clear_health_watch
-- scan: copy-db empties the watch's rows SQLite's trigger made while the relationships arrived
DELETE FROM health_watch;

-- row copy_participant_withdrawals: id int, program_id int, user_id int, role text, capacity int, enrolled_at int, reason text, ended text, withdrawn_by int?, withdrawn_at int
-- name: copy_participant_withdrawals_read (after int, lim int) -> many copy_participant_withdrawals
-- scan: copy-db reads every row once
SELECT id, program_id, user_id, role, capacity, enrolled_at, reason, ended, withdrawn_by, withdrawn_at FROM participant_withdrawals WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_participant_withdrawals_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO participant_withdrawals (id, program_id, user_id, role, capacity, enrolled_at, reason, ended, withdrawn_by, withdrawn_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9
FROM json_each($1);
-- postgres:
INSERT INTO participant_withdrawals (id, program_id, user_id, role, capacity, enrolled_at, reason, ended, withdrawn_by, withdrawn_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS BIGINT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS TEXT), CAST(r->>7 AS TEXT), CAST(r->>8 AS BIGINT), CAST(r->>9 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_participant_withdrawals_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM participant_withdrawals;

-- name: copy_participant_withdrawals_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM participant_withdrawals;
-- postgres:
SELECT setval(pg_get_serial_sequence('participant_withdrawals', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM participant_withdrawals;


-- row copy_profile_suggestions: kind text, norm text, value text, n int
-- name: copy_profile_suggestions_read -> many copy_profile_suggestions
-- scan: copy-db reads every row once
SELECT kind, norm, value, n FROM profile_suggestions ORDER BY kind, norm;

-- name: copy_profile_suggestions_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO profile_suggestions (kind, norm, value, n)
SELECT value->>0, value->>1, value->>2, value->>3
FROM json_each($1);
-- postgres:
INSERT INTO profile_suggestions (kind, norm, value, n)
SELECT CAST(r->>0 AS TEXT), CAST(r->>1 AS TEXT), CAST(r->>2 AS TEXT), CAST(r->>3 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_profile_suggestions_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM profile_suggestions;

-- name: copy_clear_profile_suggestions
-- scan: copy-db empties the suggestions SQLite's triggers counted while the profiles arrived
DELETE FROM profile_suggestions;

-- name: copy_sso_logins_ids -> int
-- PostgreSQL: the next id after the largest copied (ids were written
-- explicitly, past the identity's sequence). SQLite continues after the
-- largest id by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM sso_logins;
-- postgres:
SELECT setval(pg_get_serial_sequence('sso_logins', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM sso_logins;

-- row copy_surveys: id int, program_id int, title text, kind text, audience text, first_after_days int, every_days int?, status text, created_by int?, created_at int, updated_at int
-- name: copy_surveys_read (after int, lim int) -> many copy_surveys
-- scan: copy-db reads every row once
SELECT id, program_id, title, kind, audience, first_after_days, every_days, status, created_by, created_at, updated_at FROM surveys WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_surveys_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO surveys (id, program_id, title, kind, audience, first_after_days, every_days, status, created_by, created_at, updated_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10
FROM json_each($1);
-- postgres:
INSERT INTO surveys (id, program_id, title, kind, audience, first_after_days, every_days, status, created_by, created_at, updated_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS TEXT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS TEXT), CAST(r->>8 AS BIGINT), CAST(r->>9 AS BIGINT), CAST(r->>10 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_surveys_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM surveys;

-- name: copy_surveys_ids -> int
-- PostgreSQL: the next id after the largest copied; SQLite continues by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM surveys;
-- postgres:
SELECT setval(pg_get_serial_sequence('surveys', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM surveys;

-- row copy_survey_questions: id int, survey_id int, position int, kind text, prompt text, required int, options text
-- name: copy_survey_questions_read (after int, lim int) -> many copy_survey_questions
-- scan: copy-db reads every row once
SELECT id, survey_id, position, kind, prompt, required, options FROM survey_questions WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_survey_questions_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO survey_questions (id, survey_id, position, kind, prompt, required, options)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6
FROM json_each($1);
-- postgres:
INSERT INTO survey_questions (id, survey_id, position, kind, prompt, required, options)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS TEXT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_survey_questions_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM survey_questions;

-- name: copy_survey_questions_ids -> int
-- PostgreSQL: the next id after the largest copied; SQLite continues by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM survey_questions;
-- postgres:
SELECT setval(pg_get_serial_sequence('survey_questions', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM survey_questions;

-- row copy_survey_responses: id int, survey_id int, relationship_id int, user_id int, role text, round int, sent_at int, answered_at int?
-- name: copy_survey_responses_read (after int, lim int) -> many copy_survey_responses
-- scan: copy-db reads every row once
SELECT id, survey_id, relationship_id, user_id, role, round, sent_at, answered_at FROM survey_responses WHERE id > $1 ORDER BY id LIMIT $2;

-- name: copy_survey_responses_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO survey_responses (id, survey_id, relationship_id, user_id, role, round, sent_at, answered_at)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7
FROM json_each($1);
-- postgres:
INSERT INTO survey_responses (id, survey_id, relationship_id, user_id, role, round, sent_at, answered_at)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS BIGINT), CAST(r->>4 AS TEXT), CAST(r->>5 AS BIGINT), CAST(r->>6 AS BIGINT), CAST(r->>7 AS BIGINT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_survey_responses_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM survey_responses;

-- name: copy_survey_responses_ids -> int
-- PostgreSQL: the next id after the largest copied; SQLite continues by itself.
-- scan: copy-db reads every id once
SELECT COALESCE(MAX(id), 0) FROM survey_responses;
-- postgres:
SELECT setval(pg_get_serial_sequence('survey_responses', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM survey_responses;

-- row copy_survey_answers: response_id int, question_id int, rating int?, choice text?, body text?
-- name: copy_survey_answers_read -> many copy_survey_answers
-- scan: copy-db reads every row once
SELECT response_id, question_id, rating, choice, body FROM survey_answers ORDER BY response_id, question_id;

-- name: copy_survey_answers_write (rows text)
-- scan: none at run time: the foreign-key checks SQLite lists for an INSERT ... SELECT run only while a deferred violation is pending
INSERT INTO survey_answers (response_id, question_id, rating, choice, body)
SELECT value->>0, value->>1, value->>2, value->>3, value->>4
FROM json_each($1);
-- postgres:
INSERT INTO survey_answers (response_id, question_id, rating, choice, body)
SELECT CAST(r->>0 AS BIGINT), CAST(r->>1 AS BIGINT), CAST(r->>2 AS BIGINT), CAST(r->>3 AS TEXT), CAST(r->>4 AS TEXT)
FROM json_array_elements(CAST($1 AS JSON)) r;

-- name: copy_survey_answers_count -> int
-- scan: copy-db counts every row once
SELECT COUNT(*) FROM survey_answers;
