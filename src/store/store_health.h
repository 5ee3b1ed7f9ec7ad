/* Storage for program health (part of the store interface; store.h
 * includes it): the detector's thresholds per program, the per-relationship
 * rollups that migration 0004 keeps current with triggers, the evidence
 * behind a flag, and the program-wide figures of the dashboard and reports.
 * Same conventions as store.h. Nothing here reads what people wrote.
 *
 * Batches: the functions ending in _of take a page of relationships
 * (ids[0..n), in any order, repeats allowed) and answer position by
 * position with a fixed number of queries, however long the page. */
#ifndef MENTORD_STORE_HEALTH_H
#define MENTORD_STORE_HEALTH_H
#include "core/arena.h"
#include "core/health.h"
#include "store/db.h"

/* The program's thresholds; the defaults (and *custom = false) when it has
 * none saved. */
int store_health_settings_get(db_t *db, int64_t program_id, health_thresholds_t *out, bool *custom);
int store_health_settings_put(db_t *db, int64_t program_id, const health_thresholds_t *t, int64_t by);

/* One relationship's rollup, plus its uncorrected repeated feedback tags. */
typedef struct health_row {
	int64_t rel_id, mentor_id, mentee_id;
	int phase;              /* phase_t */
	int cadence_days;       /* the agreement's; 0: the program's */
	int64_t started_at, last_message_at, last_meeting_at;
	int meetings, meetings_held, meetings_by_mentor, meetings_by_mentee;
	int agenda_by_mentor, agenda_by_mentee;
	int outside_mentee_hours, mentor_reschedules;
	int ideas_credit_moved, mentor_wins_on_mentee_ideas, unlinked_mentee_actions;
	int goals, goals_active, goals_achieved, goals_dropped;
	char first_active_due_on[11]; /* "" when there is none */
	int progress_goals;
	double progress_pct_sum;
	int ratings, rating_sum;
	int held_minutes;       /* of the meetings held */
	int replies[HEALTH_SIDES];          /* reply delays recorded, per side */
	int64_t reply_median[HEALTH_SIDES]; /* their median in seconds; 0 without any */
	int repeated_tags, repeated_worst;
	bool repeated_to_mentee;
} health_row_t;

/* Every relationship of a program, ordered by id, in an array allocated in
 * a. repeat_min decides which tags count as repeated. Two queries. */
int store_health_rows(db_t *db, arena_t *a, int64_t program_id, int repeat_min, health_row_t **rows,
		      int *n);
/* The rows of a batch: rows[i] for ids[i], whose tags count as repeated
 * from repeat_min[i] on; found[i] false when it has no rollup. Two queries. */
int store_health_rows_of(db_t *db, arena_t *a, const int64_t *ids, const int *repeat_min, int n,
			 health_row_t *rows, bool *found);
/* For each of a batch: at[i], the start of its latest meeting (not
 * cancelled) at or before now, and meeting[i], that meeting; 0 and 0 when
 * none. One query. */
int store_health_last_started(db_t *db, arena_t *a, const int64_t *ids, int n, int64_t now, int64_t *at,
			      int64_t *meeting);

/* What evidence to load for one relationship. */
typedef struct health_ev_ask {
	const health_row_t *row;
	unsigned want;              /* a bit per health_flag_code_t raised */
	int repeat_min;             /* the program's thresholds */
	const char *overdue_before; /* an active goal due before this date is overdue */
	health_ev_list_t *ev;       /* HF_COUNT lists, filled here */
} health_ev_ask_t;
/* Fills asks[i].ev[code] for every code asks[i] wants, newest first, at
 * most HEALTH_EV_MAX each: one query per kind of evidence for the whole
 * batch (at most nine), none for kinds nobody wants. */
int store_health_evidence(db_t *db, arena_t *a, int64_t now, health_ev_ask_t *asks, int n);

/* Meetings per month ("YYYY-MM", from from_month on), in month order. */
typedef struct health_month {
	char month[8];
	int meetings;
} health_month_t;
int store_health_months(db_t *db, arena_t *a, int64_t program_id, const char *from_month,
			health_month_t *out, int max, int *n);

/* The closure surveys of a program's relationships. */
typedef struct health_closures {
	int count;               /* answers */
	double satisfaction_avg; /* 1-5 */
	int important_n, goals_met_n, recommend_n, recommend_yes;
	double important_avg, goals_met_avg;
	int sat_hist[5];         /* answers per satisfaction 1..5 */
} health_closures_t;
int store_health_closures(db_t *db, arena_t *a, int64_t program_id, health_closures_t *out);

/* The names of the two people of each relationship of a program, in the
 * order of store_health_rows: arrays of n strings owned by a. */
int store_health_names(db_t *db, arena_t *a, int64_t program_id, const health_row_t *rows, int n,
		       const char ***mentor, const char ***mentee);
/* The same for a batch: mentor[i] and mentee[i] for ids[i] ("" when
 * unknown), owned by a. One query. */
int store_health_names_of(db_t *db, arena_t *a, const int64_t *ids, int n, const char **mentor,
			  const char **mentee);

#endif
