/* The missteps detector: a health score (0-100) for one mentoring
 * relationship and the flags that lower it, each explained in words and
 * carrying links to its evidence. Pure computation over facts the store
 * gathered (counts, dates, ids) and the program's thresholds; no I/O.
 *
 * The score depends only on the counts and dates in health_facts_t, never on
 * the evidence lists, so the dashboard (which scores every relationship from
 * a per-relationship rollup) and the detail view (which also loads evidence)
 * always agree. Messages never quote what people wrote (feedback comments,
 * tags, notes, messages): the program's managers read them too. */
#ifndef MENTORD_HEALTH_H
#define MENTORD_HEALTH_H
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/verr.h"

/* The program settings the detector runs on; see docs/health.md. */
typedef struct health_thresholds {
	double quiet_factor;    /* gone quiet after this many times the cadence without contact */
	int schedule_min;       /* meetings outside the mentee's hours + mentor reschedules */
	int credit_min;         /* mentee ideas credited away + mentor wins on mentee ideas */
	int pushed_min;         /* mentee-owned action items linked to no goal */
	int repeat_min;         /* feedbacks with the same tag to the same person */
	double agenda_balance;  /* share of agenda items and meetings one side starts */
	int engagement_min;     /* ...counted only from this many items on */
	int overdue_grace_days; /* an active goal is overdue this many days after due_on */
	int at_risk_below;      /* a score below this is at risk */
} health_thresholds_t;

void health_thresholds_default(health_thresholds_t *t);
/* Checks every field's range; problems land in errs under the field name. */
void health_thresholds_check(const health_thresholds_t *t, verr_t *errs);

typedef enum {
	HF_GONE_QUIET,
	HF_SCHEDULE_IMPOSED,
	HF_CREDIT_TAKEN,
	HF_PROJECTS_PUSHED,
	HF_REPEATED_MISTAKES,
	HF_ONE_SIDED,
	HF_OVERDUE_GOALS,
	HF_COUNT
} health_flag_code_t;

typedef enum { HS_LOW, HS_MEDIUM, HS_HIGH } health_severity_t;

/* "gone_quiet", "schedule_imposed", ... and "low", "medium", "high". */
const char *health_flag_name(health_flag_code_t c);
const char *health_flag_title(health_flag_code_t c); /* "Gone quiet" */
const char *health_severity_name(health_severity_t s);

/* One piece of evidence: a record and the API path where the pair reads it. */
typedef enum {
	HE_MEETING,     /* id: meeting */
	HE_RESCHEDULE,  /* id: reschedule, parent: meeting */
	HE_IDEA,        /* id: idea, parent: concern */
	HE_WIN,         /* id: win, parent: relationship */
	HE_ACTION,      /* id: action, parent: relationship */
	HE_FEEDBACK,    /* id: feedback, parent: meeting */
	HE_GOAL,        /* id: goal */
	HE_MESSAGES,    /* id: relationship (the message thread) */
	HE_MEETINGS,    /* id: relationship (its meetings and agendas) */
} health_ev_kind_t;

typedef struct health_ev {
	health_ev_kind_t kind;
	int64_t id, parent;
} health_ev_t;

const char *health_ev_kind_name(health_ev_kind_t k);
/* "/api/v1/meetings/12", owned by the arena. */
const char *health_ev_href(arena_t *a, const health_ev_t *e);

/* At most this many pieces of evidence are kept per flag. */
#define HEALTH_EV_MAX 10

typedef struct health_ev_list {
	health_ev_t v[HEALTH_EV_MAX];
	int n;
} health_ev_list_t;

/* What the store knows about one relationship. Times are epoch seconds,
 * 0 meaning never; dates are "YYYY-MM-DD" or NULL. */
typedef struct health_facts {
	int64_t rel_id;
	int phase;              /* phase_t */
	int cadence_days;       /* the agreement's, else the program's */
	int64_t started_at;     /* quiet is counted from here when nothing happened yet */
	int64_t last_contact_at; /* latest message, or meeting that started and was not cancelled */
	int outside_mentee_hours, mentor_reschedules;
	int ideas_credit_moved, mentor_wins_on_mentee_ideas;
	int unlinked_mentee_actions;
	int repeated_tags;      /* tags recurring >= repeat_min to one person, uncorrected */
	int repeated_worst;     /* the most recurrences among them */
	bool repeated_to_mentee; /* whether the worst one is feedback to the mentee */
	int agenda_by_mentor, agenda_by_mentee, meetings_by_mentor, meetings_by_mentee;
	bool met;               /* a meeting took place (held, or started and not cancelled) */
	const char *first_active_due_on; /* earliest due date of an active goal */
	/* Evidence, one list per flag code: NULL on the dashboard, which
	 * scores every relationship; the detail views point it at HF_COUNT
	 * lists and fill them after health_eval for the flags it raised. */
	health_ev_list_t *ev;
} health_facts_t;

typedef struct health_flag {
	health_flag_code_t code;
	health_severity_t severity;
	const char *message; /* a sentence or two; owned by the arena; NULL if none was asked for */
	const health_ev_list_t *ev; /* into the facts' evidence, or NULL */
} health_flag_t;

/* Where a relationship stands: not started (active, no meeting held yet,
 * so no score), on track, at risk, or ended (completed or alumni). */
typedef enum { HST_NOT_STARTED, HST_ON_TRACK, HST_AT_RISK, HST_ENDED } health_state_t;
const char *health_state_name(health_state_t s); /* "not_started", ... */

typedef struct health_result {
	int score;       /* 0..100; meaningless while not started */
	health_state_t state;
	bool started;    /* the pair has met (or the relationship has ended): scored */
	bool at_risk;    /* active and score < at_risk_below; not started and flagged */
	health_flag_t flags[HF_COUNT];
	int nflags;
} health_result_t;

/* Evaluates one relationship at time now ("today" is now's UTC date).
 * Messages are allocated in a; with a NULL arena they are left NULL (the
 * score and flags are the same), which is how a whole program is scored
 * quickly. Flags point at f's evidence, so f must outlive the result. Gone quiet and overdue goals apply only to active
 * relationships (before completion); the other missteps are history and
 * stay visible after it. A pair that has not met yet is not started: it
 * has no score (a new pair is not "100"), and it is at risk only when a
 * flag is raised on it (gone quiet since it began). */
void health_eval(const health_facts_t *f, const health_thresholds_t *t, int64_t now, arena_t *a,
		 health_result_t *out);

/* The score a flag of this severity takes away. */
int health_penalty(health_severity_t s);

#endif
