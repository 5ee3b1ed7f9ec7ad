#!/bin/bash
# e2e_db.sh — writes a SQLite database with one program of N mentees and M
# mentors for the end-to-end benchmark of `mentord match --dry-run`
# (bench/match/e2e.sh). Two kinds:
#   empty   every profile empty, as right after `mentord import`: every
#           pair ties;
#   filled  profiles like the benchmark's generator (bench/match/gen.c):
#           skills Zipf(1) over 2,000 (mentors offer 3-8, mentees want
#           1-4), interests Zipf(1) over 300 (2-6), 90% share English plus
#           0-2 others, 40 departments, seniority, 8 time zones, three
#           2-hour blocks of office hours (one person in five leaves the
#           week empty), 3% of mentees' managers are mentors.
# Mentor capacities 1-5 (30/30/20/10/10). Deterministic: rows come from a
# hash of the ids, not from random().
# usage: bench/match/e2e_db.sh MENTORD DB N M empty|filled
set -euo pipefail
mentord=$1 db=$2 n=$3 m=$4 kind=$5
rm -f "$db" "$db-wal" "$db-shm"
"$mentord" init --db "$db" >/dev/null
total=$((n + m))
# u(id, k, salt): a uniform number in [0, 1) from a multiplicative hash.
u() { echo "((($1 * 7919 + $2 * 104729 + $3 * 15485863) * 2654435761) % 4294967291) / 4294967291.0"; }
sqlite3 "$db" <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE seq(x INTEGER PRIMARY KEY);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < $total)
INSERT INTO seq SELECT x FROM c;
CREATE TEMP TABLE k8(k INTEGER PRIMARY KEY);
INSERT INTO k8 VALUES (1), (2), (3), (4), (5), (6), (7), (8);
INSERT INTO users (id, email, name, role, active, created_at, updated_at)
  SELECT x, 'p' || x || '@example.org', 'Person ' || x, 'member', 1, 0, 0 FROM seq;
INSERT INTO programs (id, name, kind, starts_on, ends_on, matching, cadence_days,
    max_mentors_per_mentee, created_at, updated_at)
  VALUES (1, 'Benchmark', 'one_to_one', '2026-01-01', '2026-12-31', 'optimal', 14, 1, 0, 0);
INSERT INTO participants (program_id, user_id, role, capacity, created_at)
  SELECT 1, x, 'mentee', 1, 0 FROM seq WHERE x <= $n;
INSERT INTO participants (program_id, user_id, role, capacity, created_at)
  SELECT 1, x, 'mentor',
    CASE WHEN $(u x 0 1) < 0.3 THEN 1 WHEN $(u x 0 1) < 0.6 THEN 2
         WHEN $(u x 0 1) < 0.8 THEN 3 WHEN $(u x 0 1) < 0.9 THEN 4 ELSE 5 END, 0
  FROM seq WHERE x > $n;
COMMIT;
SQL
[ "$kind" = empty ] && exit 0
sqlite3 "$db" <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE seq(x INTEGER PRIMARY KEY);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < $total)
INSERT INTO seq SELECT x FROM c;
CREATE TEMP TABLE k8(k INTEGER PRIMARY KEY);
INSERT INTO k8 VALUES (1), (2), (3), (4), (5), (6), (7), (8);
CREATE TEMP TABLE zones(i INTEGER PRIMARY KEY, z TEXT);
INSERT INTO zones VALUES (0, 'America/Los_Angeles'), (1, 'America/New_York'),
  (2, 'America/New_York'), (3, 'Europe/London'), (4, 'Europe/London'),
  (5, 'Europe/Berlin'), (6, 'Europe/Berlin'), (7, 'Europe/Berlin'),
  (8, 'Europe/Athens'), (9, 'Asia/Kolkata'), (10, 'Asia/Singapore'), (11, 'Asia/Tokyo');
INSERT INTO profiles (user_id, department, seniority, manager_id, timezone, updated_at)
  SELECT x,
    'Department ' || CAST(exp($(u x 0 2) * ln(40)) AS INTEGER),
    CASE WHEN x <= $n THEN 1 + CAST($(u x 0 3) * 5 AS INTEGER)
         ELSE 3 + CAST($(u x 0 3) * 7 AS INTEGER) END,
    CASE WHEN x <= $n AND $(u x 0 4) < 0.03 THEN $n + 1 + CAST($(u x 0 5) * $m AS INTEGER) END,
    (SELECT z FROM zones WHERE i = CAST($(u x 0 6) * 12 AS INTEGER)), 0
  FROM seq;
-- Skills: mentors offer 3-8, mentees want 1-4, Zipf(1) over 2,000.
INSERT OR IGNORE INTO profile_items (user_id, kind, position, value, norm)
  SELECT x, CASE WHEN x <= $n THEN 'skill_wanted' ELSE 'skill_offered' END, k,
    'Skill ' || CAST(exp($(u x k 7) * ln(2000)) AS INTEGER),
    'skill ' || CAST(exp($(u x k 7) * ln(2000)) AS INTEGER)
  FROM seq, k8
  WHERE k <= CASE WHEN x <= $n THEN 1 + CAST($(u x 0 8) * 4 AS INTEGER)
                  ELSE 3 + CAST($(u x 0 8) * 6 AS INTEGER) END;
INSERT OR IGNORE INTO profile_items (user_id, kind, position, value, norm)
  SELECT x, 'interest', k,
    'Interest ' || CAST(exp($(u x k 9) * ln(300)) AS INTEGER),
    'interest ' || CAST(exp($(u x k 9) * ln(300)) AS INTEGER)
  FROM seq, k8 WHERE k <= 2 + CAST($(u x 0 10) * 5 AS INTEGER);
INSERT OR IGNORE INTO profile_items (user_id, kind, position, value, norm)
  SELECT x, 'language', 1, 'English', 'english' FROM seq WHERE $(u x 0 11) < 0.9;
INSERT OR IGNORE INTO profile_items (user_id, kind, position, value, norm)
  SELECT x, 'language', 1 + k,
    'Language ' || CAST(exp($(u x k 12) * ln(30)) AS INTEGER),
    'language ' || CAST(exp($(u x k 12) * ln(30)) AS INTEGER)
  FROM seq, k8 WHERE k <= CAST($(u x 0 13) * 3 AS INTEGER)
    OR (k = 1 AND $(u x 0 11) >= 0.9);
-- Three 2-hour blocks, Monday-Friday 9-17 local; one in five none.
INSERT OR IGNORE INTO availability (user_id, day, start_min, end_min)
  SELECT x, 1 + CAST($(u x k 14) * 5 AS INTEGER),
    60 * (9 + CAST($(u x k 15) * 7 AS INTEGER)),
    60 * (11 + CAST($(u x k 15) * 7 AS INTEGER))
  FROM seq, k8 WHERE k <= 3 AND $(u x 0 16) >= 0.2;
COMMIT;
SQL
