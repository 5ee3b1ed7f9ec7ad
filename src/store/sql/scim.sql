-- SCIM provisioning (svc/scim.c): an account as the identity provider sees
-- it, found by id, userName or externalId, listed by position; the
-- provider's names kept beside the account; the department and manager of
-- the enterprise extension written onto the profile; relationships ended by
-- the organisation.

-- row scim_user: id int, email text, name text, active bool, created_at int, updated_at int,
--   user_name text?, external_id text?, given_name text?, family_name text?, department text?,
--   manager_id int?, manager_name text?

-- row rel_ended: id int, at int

-- name: scim_user_get (id int) -> one scim_user
SELECT u.id, u.email, u.name, u.active, u.created_at, u.updated_at, s.user_name, s.external_id,
       s.given_name, s.family_name, p.department, p.manager_id, m.name
FROM users u LEFT JOIN user_scim s ON s.user_id = u.id LEFT JOIN profiles p ON p.user_id = u.id
LEFT JOIN users m ON m.id = p.manager_id
WHERE u.id = $1;

-- name: scim_id_by_user_name (user_name text) -> int
-- The account with this userName; one never provisioned answers to its email,
-- so a provider that matches on userName links the accounts that exist.
SELECT COALESCE((SELECT user_id FROM user_scim WHERE lower(user_name) = lower($1)),
                (SELECT u.id FROM users u WHERE u.email = lower($1)
                 AND NOT EXISTS (SELECT 1 FROM user_scim s WHERE s.user_id = u.id)));

-- name: scim_id_by_external_id (external_id text) -> int
SELECT user_id FROM user_scim WHERE external_id = $1;

-- name: scim_user_page (skip int, lim int) -> many scim_user
-- scan: SCIM pages by position (startIndex, count), in id order: the provider reads every account page by page
SELECT u.id, u.email, u.name, u.active, u.created_at, u.updated_at, s.user_name, s.external_id,
       s.given_name, s.family_name, p.department, p.manager_id, m.name
FROM users u LEFT JOIN user_scim s ON s.user_id = u.id LEFT JOIN profiles p ON p.user_id = u.id
LEFT JOIN users m ON m.id = p.manager_id
ORDER BY u.id LIMIT $2 OFFSET $1;

-- name: scim_user_total -> int
-- scan: totalResults of an unfiltered list; SQLite counts the smallest index
SELECT COUNT(*) FROM users;

-- name: scim_link_put (user_id int, user_name text, external_id text?, given_name text, family_name text, now int)
INSERT INTO user_scim (user_id, user_name, external_id, given_name, family_name, updated_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (user_id) DO UPDATE SET user_name = excluded.user_name, external_id = excluded.external_id,
  given_name = excluded.given_name, family_name = excluded.family_name, updated_at = excluded.updated_at;

-- name: scim_profile_put (user_id int, department text, manager_id int?, now int)
-- The enterprise extension's department and manager; the rest of the profile is the person's own.
INSERT INTO profiles (user_id, department, manager_id, updated_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (user_id) DO UPDATE SET department = excluded.department, manager_id = excluded.manager_id,
  updated_at = excluded.updated_at;

-- name: scim_user_touch (id int, now int)
UPDATE users SET updated_at = $2 WHERE id = $1;

-- name: rel_end_by_org_events (user_id int, now int, actor_id int?, detail text)
-- The history line of each live relationship of someone the organisation deactivates.
INSERT INTO relationship_events (relationship_id, at, actor_id, kind, detail)
SELECT id, $2, $3, 'ended_by_organisation', $4 FROM relationships
WHERE (mentor_id = $1 OR mentee_id = $1) AND phase IN ('getting_to_know', 'goal_setting', 'working', 'closing');

-- name: rel_end_by_org (user_id int, now int) -> changes
-- Ends them: completed, and marked as ended by the organisation.
UPDATE relationships SET phase = 'completed', completed_at = $2, updated_at = $2, ended_by_org_at = $2
WHERE (mentor_id = $1 OR mentee_id = $1) AND phase IN ('getting_to_know', 'goal_setting', 'working', 'closing');

-- name: rel_ended_by_org_of_program (program_id int) -> many rel_ended
-- The relationships of a program the organisation ended, for its report (by relationships_program).
SELECT id, ended_by_org_at FROM relationships
WHERE program_id = $1 AND phase = 'completed' AND ended_by_org_at IS NOT NULL ORDER BY id;

-- name: scim_active_admins -> int
-- Whether deactivating an administrator would leave nobody to administer.
-- scan: read only when provisioning deactivates an administrator; administrators are a handful of a users table SQLite reads by its smallest index
SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1;
