-- Profiles: the scalar fields in one row of profiles, the list fields in
-- profile_items (in the order the person gave them), weekly availability in
-- availability, and what a mentee wants in a mentor in profile_prefs. A put
-- replaces each part whole.

-- row profile: headline text, bio text, department text, seniority int?, manager_id int?,
--   location text, timezone text, preferred_channel text?, meeting_style text?, preferences text,
--   updated_at int
-- row profile_item: kind text, value text
-- row profile_window: day int, start_min int, end_min int

-- name: profile_get (user_id int) -> one profile
SELECT headline, bio, department, seniority, manager_id, location, timezone, preferred_channel,
       meeting_style, preferences, updated_at
FROM profiles WHERE user_id = $1;

-- name: profile_put (user_id int, headline text, bio text, department text, seniority int?, manager_id int?, location text, timezone text, preferred_channel text?, meeting_style text?, preferences text, now int)
INSERT INTO profiles (user_id, headline, bio, department, seniority, manager_id, location, timezone,
                      preferred_channel, meeting_style, preferences, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (user_id) DO UPDATE SET headline = excluded.headline, bio = excluded.bio,
       department = excluded.department, seniority = excluded.seniority,
       manager_id = excluded.manager_id, location = excluded.location, timezone = excluded.timezone,
       preferred_channel = excluded.preferred_channel, meeting_style = excluded.meeting_style,
       preferences = excluded.preferences, updated_at = excluded.updated_at;

-- name: profile_manager_of (user_id int) -> int
-- The person's manager, 0 when none; no row when the person has no profile.
SELECT COALESCE(manager_id, 0) FROM profiles WHERE user_id = $1;

-- name: profile_thin (user_id int) -> int
-- 1 when a person's profile is too thin for matching to work with: no
-- headline, no availability, or no skill offered nor wanted (the home
-- page's nudge), without reading the whole profile.
SELECT CASE WHEN COALESCE((SELECT headline FROM profiles WHERE user_id = $1), '') = ''
              OR NOT EXISTS (SELECT 1 FROM availability WHERE user_id = $1)
              OR (NOT EXISTS (SELECT 1 FROM profile_items WHERE user_id = $1 AND kind = 'skill_offered')
                  AND NOT EXISTS (SELECT 1 FROM profile_items WHERE user_id = $1 AND kind = 'skill_wanted'))
            THEN 1 ELSE 0 END;

-- name: profile_items (user_id int) -> many profile_item
-- Languages, skills offered and wanted, interests, by kind in the given order.
SELECT kind, value FROM profile_items WHERE user_id = $1 ORDER BY kind, position;

-- name: profile_items_clear (user_id int)
DELETE FROM profile_items WHERE user_id = $1;

-- name: profile_item_add (user_id int, kind text, position int, value text, norm text)
INSERT INTO profile_items (user_id, kind, position, value, norm) VALUES ($1, $2, $3, $4, $5);

-- name: profile_windows (user_id int) -> many profile_window
SELECT day, start_min, end_min FROM availability WHERE user_id = $1 ORDER BY day, start_min;

-- name: profile_windows_clear (user_id int)
DELETE FROM availability WHERE user_id = $1;

-- name: profile_window_add (user_id int, day int, start_min int, end_min int)
INSERT INTO availability (user_id, day, start_min, end_min) VALUES ($1, $2, $3, $4);

-- name: profile_prefs (user_id int) -> many profile_item
-- Preferred departments and languages (text), mentors and people to avoid
-- (user ids as text), by kind in the given order.
SELECT kind, value FROM profile_prefs WHERE user_id = $1 ORDER BY kind, position;

-- name: profile_prefs_clear (user_id int)
DELETE FROM profile_prefs WHERE user_id = $1;

-- name: profile_pref_add (user_id int, kind text, position int, value text, norm text)
INSERT INTO profile_prefs (user_id, kind, position, value, norm) VALUES ($1, $2, $3, $4, $5);

-- row suggestion: value text
-- name: profile_suggestions (kind text, min_n int, lim int) -> many suggestion
-- The values most used in profiles of one kind (migration 0150's counts),
-- for the suggestions of the profile's fields.
SELECT value FROM profile_suggestions WHERE kind = $1 AND n >= $2 ORDER BY n DESC, norm LIMIT $3;
