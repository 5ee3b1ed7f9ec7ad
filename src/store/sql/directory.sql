-- The people directory, the organisation's counts, and a person's roles in
-- a program.

-- row person: id int, name text, email text, role text, active bool, department text, headline text,
--   status text, invited_at int?, invite_expires_at int?
-- row counts: people int, programs int, mentors int, mentees int
-- row role_in: role text

-- name: people_first (pattern text?, role text?, status text?, lim int) -> many person
-- The first page of people by name, then id; pattern (store_like_pattern)
-- filters on name, email and department, role and status (invited, active,
-- deactivated: see user.sql) on those.
-- scan: walks the users_name index in order and stops after one page; a filter reads on until the page is full
SELECT u.id, u.name, u.email, u.role, u.active, COALESCE(p.department, ''), COALESCE(p.headline, ''),
       CASE WHEN u.active = 0 THEN 'deactivated'
            WHEN u.password_hash IS NULL AND u.last_login_at IS NULL THEN 'invited' ELSE 'active' END,
       (SELECT MAX(l.created_at) FROM account_links l WHERE l.user_id = u.id AND l.purpose = 'invite'),
       (SELECT MAX(l.expires_at) FROM account_links l WHERE l.user_id = u.id AND l.purpose = 'invite'
          AND l.used_at IS NULL AND l.revoked_at IS NULL)
FROM users u LEFT JOIN profiles p ON p.user_id = u.id
WHERE ($1 IS NULL OR lower(u.name) LIKE $1 ESCAPE '\' OR u.email LIKE $1 ESCAPE '\'
       OR lower(p.department) LIKE $1 ESCAPE '\')
  AND ($2 IS NULL OR u.role = $2)
  AND ($3 IS NULL OR $3 = CASE WHEN u.active = 0 THEN 'deactivated'
                                WHEN u.password_hash IS NULL AND u.last_login_at IS NULL THEN 'invited'
                                ELSE 'active' END)
ORDER BY lower(u.name), u.id LIMIT $4;

-- name: people_after (after int, pattern text?, role text?, status text?, lim int) -> many person
-- The next page: people after the person with id after in (name, id)
-- order, a range of the users_name index (migration 0020).
SELECT u.id, u.name, u.email, u.role, u.active, COALESCE(p.department, ''), COALESCE(p.headline, ''),
       CASE WHEN u.active = 0 THEN 'deactivated'
            WHEN u.password_hash IS NULL AND u.last_login_at IS NULL THEN 'invited' ELSE 'active' END,
       (SELECT MAX(l.created_at) FROM account_links l WHERE l.user_id = u.id AND l.purpose = 'invite'),
       (SELECT MAX(l.expires_at) FROM account_links l WHERE l.user_id = u.id AND l.purpose = 'invite'
          AND l.used_at IS NULL AND l.revoked_at IS NULL)
FROM users u LEFT JOIN profiles p ON p.user_id = u.id
WHERE lower(u.name) >= (SELECT lower(c.name) FROM users c WHERE c.id = $1)
  AND (lower(u.name), u.id) > (SELECT lower(c.name), c.id FROM users c WHERE c.id = $1)
  AND ($2 IS NULL OR lower(u.name) LIKE $2 ESCAPE '\' OR u.email LIKE $2 ESCAPE '\'
       OR lower(p.department) LIKE $2 ESCAPE '\')
  AND ($3 IS NULL OR u.role = $3)
  AND ($4 IS NULL OR $4 = CASE WHEN u.active = 0 THEN 'deactivated'
                                WHEN u.password_hash IS NULL AND u.last_login_at IS NULL THEN 'invited'
                                ELSE 'active' END)
ORDER BY lower(u.name), u.id LIMIT $5;

-- name: directory_counts () -> one counts
-- Active people, programs, and enrolments by role, for the administrator's
-- dashboard; the enrolments are the programs' kept counts (migration 0008).
-- scan: counts the index entries of every active person (users_active, migration 0190) and sums over every program, once per visit of the administrator's home page
SELECT (SELECT COUNT(*) FROM users WHERE active = 1), (SELECT COUNT(*) FROM programs),
       (SELECT COALESCE(SUM(mentors), 0) FROM programs), (SELECT COALESCE(SUM(mentees), 0) FROM programs);

-- name: roles_in (program_id int, user_id int) -> many role_in
-- The roles a person holds in a program (both in peer programs).
SELECT role FROM participants WHERE program_id = $1 AND user_id = $2;
