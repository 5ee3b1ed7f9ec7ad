/* Program health as the services share it (svc/health.c, svc/report.c):
 * a program's relationships scored by the missteps detector (core/health.h)
 * from the rollups (store/store_health.h), with the figures of the program
 * manager's dashboard and reports; the dashboard page's service; and the
 * health of a page of relationships in the API's shape, for every list of
 * relationships. Everything is allocated in the arena passed in. The
 * operations' own services (svc_health_get, svc_health_settings_get/put,
 * svc_report_get) are declared in svc/api_types.h. */
#ifndef MENTORD_SVC_HEALTH_H
#define MENTORD_SVC_HEALTH_H
#include "core/health.h"
#include "core/phase.h"
#include "svc/svc.h"

#include <assert.h>

enum { HEALTH_MONTHS = 12, HEALTH_BUCKETS = 5 };

/* What the figures, orders, reports and the watch need of a
 * relationship's result. A program keeps only this of each (8 bytes, not
 * the 368 of its facts and result): a program of 50,000 is scored in
 * about 11 MB instead of 29, and every page of memory a request touches
 * for the first time after a start costs it a fault and a page of
 * zeroes. health_program_result computes the rest again for the few
 * relationships that show it. */
typedef struct health_brief {
	int16_t score;   /* health_result_t's */
	uint16_t flags;  /* a bit per health_flag_code_t raised (a result lists
	                    its flags in the order of their codes) */
	uint8_t state;   /* health_state_t */
	bool started, at_risk;
} health_brief_t;
static_assert(HF_COUNT <= 16, "a brief has a bit for every flag");

typedef struct health_program {
	const program_t *prog;
	health_thresholds_t t;
	bool custom;              /* thresholds saved for this program */
	int64_t now;
	int n;                    /* relationships */
	health_row_t *rows;       /* n each, by relationship id */
	int64_t *last_contact;    /* each one's last contact as scored */
	bool *met;                /* whether each pair has met */
	health_brief_t *brief;    /* each one's result in brief */
	/* figures */
	int by_phase[PHASE_COUNT];
	int active, at_risk;
	int not_started;          /* active, no meeting held yet: not scored */
	int scored;               /* active and started: the score figures' base */
	double score_avg;         /* over active relationships that have started */
	int flag_counts[HF_COUNT]; /* active relationships with each flag */
	int score_hist[HEALTH_BUCKETS]; /* active: 0-19, 20-39, 40-59, 60-79, 80-100 */
	int contact[3];           /* active: in touch within the cadence, within the quiet limit, quiet */
	int meetings, meetings_held;
	int goals, goals_active, goals_achieved, goals_dropped, rels_overdue;
	int ratings;
	double rating_avg;
	int rating_hist[HEALTH_BUCKETS]; /* relationships by average feedback rating, rounded 1..5 */
	int progress_goals;
	double progress_avg;      /* % of the way from baseline to target */
	int progress_hist[4];     /* goals: 0-24, 25-49, 50-74, 75-100 % (by relationship average) */
	health_closures_t closures;
	health_month_t months[HEALTH_MONTHS]; /* the last twelve, oldest first */
} health_program_t;

/* Scores every relationship of p at time now, in a handful of queries
 * whatever the program's size. With exact_contact, the last contact of
 * every relationship is looked up precisely (reports); otherwise only where
 * a decision depends on it (the dashboard); either way in one query. A
 * store status; the caller has checked access. */
int health_program_load(db_t *db, arena_t *a, const program_t *p, int64_t now, bool exact_contact,
			health_program_t *out);
/* Adds what only the dashboard and the report show to a loaded hp: the
 * closure survey's averages and the meetings of the last twelve months (two
 * queries; health_program_load leaves them zero). A store status. */
int health_program_outcomes(db_t *db, arena_t *a, health_program_t *hp);
/* Indices of the relationships by score (lowest first, then id); with
 * at_risk_only just the at-risk ones: *n of them. Only the first `first`
 * (all when first >= *n) are put in order, the rest follow in no order: a
 * page near the top of 50,000 sorts the page's worth, not the program. */
int *health_program_order(arena_t *a, const health_program_t *hp, bool at_risk_only, int first, int *n);
/* Relationship i's facts and result, computed again from what hp keeps:
 * with a, its flags' messages are written in a; without, scores only. */
void health_program_result(const health_program_t *hp, int i, arena_t *a, health_facts_t *f,
			   health_result_t *res);
/* res[j]: relationship idx[j]'s result, its flags explained and their
 * evidence loaded (into a), with one query per kind of evidence for all. */
int health_program_evidence(db_t *db, arena_t *a, const health_program_t *hp, const int *idx, int n,
			    health_result_t *res);
/* Days since relationship i's last contact (or its start), -1 if unknown. */
int health_days_since_contact(const health_program_t *hp, int i);

/* The health of relationships rels[0..n) (a page of a list), as the API
 * shows it: out[i] for rels[i], known[i] false when it cannot be computed
 * (no rollup yet). A constant number of queries however long the page: the
 * thresholds of each program once, the rollups, their repeated tags, the
 * latest meetings, and one query per kind of evidence the flags raised.
 * The caller has checked that the asker may see these relationships. */
int svc_health_rels(svc_t *s, const relationship_t *rels, int n, RelationshipHealth_t *out, bool *known);
/* A detector's result in the API's shape (strings stay res's or a's). */
void svc_health_result_out(arena_t *a, const health_result_t *res, RelationshipHealth_t *out);

/* What needs a program manager's action in a program, the figures the
 * manager's dashboard and the health page lead with: relationships at
 * risk, gone quiet, not started (the pair has not met), mentees awaiting a
 * match, and mentor requests waiting for an answer. */
typedef struct health_needs {
	int at_risk, gone_quiet, not_started, awaiting_match, pending_requests;
} health_needs_t;
/* The needs of a scored program (two queries besides hp). */
int health_needs_of(db_t *db, const health_program_t *hp, health_needs_t *out);
/* The needs of program_id (its managers and administrators). */
int svc_health_needs(svc_t *s, int64_t program_id, health_needs_t *out);

/* The program's health dashboard as its page shows it: access as for the
 * health operations (the program's managers and administrators), the
 * figures of every relationship, and the lowest-scoring relationships at
 * risk (at most max_at_risk), their flags explained, without evidence. */
typedef struct health_dashboard {
	const program_t *program;
	health_program_t hp;
	health_needs_t needs;
	ProgramHealthItem_t *at_risk;
	int n_at_risk;
} health_dashboard_t;
int svc_health_dashboard(svc_t *s, int64_t program_id, int max_at_risk, health_dashboard_t *out);

/* The API's shape of thresholds. */
void svc_health_thresholds_out(const health_thresholds_t *t, HealthThresholds_t *out);
/* v rounded to one decimal, as reports show averages and rates. */
double svc_health_round1(double v);
/* Seconds as hours, one decimal. */
double svc_health_hours(int64_t seconds);
/* Per-side reply counts and medians (seconds), indexed HEALTH_MENTOR and
 * HEALTH_MENTEE, in the API's shape. */
void svc_health_response_out(const int *replies, const int64_t *median, ResponseTimes_t *out);

/* A program's report read row by row, for answers of any size (the API
 * streams it): svc_report_open fills head with the program's figures (its
 * items empty) and keeps what the rows need in s->arena; svc_report_row
 * makes row i (0 to svc_report_rows - 1), its strings in a. Access is
 * checked by svc_report_open (the program's managers and administrators). */
typedef struct svc_report svc_report_t;
int svc_report_open(svc_t *s, int64_t program_id, ProgramReport_t *head, svc_report_t **out);
int svc_report_rows(const svc_report_t *rep);
void svc_report_row(const svc_report_t *rep, int i, arena_t *a, ReportRow_t *out);
/* The whole report at once, its rows in s->arena (the command line). */
int svc_report_get(svc_t *s, const in_getProgramReport_t *in, ProgramReport_t *out);

#endif
