/* Program health storage (see store_health.h): thresholds, the rollups kept
 * by migration 0004's triggers, evidence queries for one relationship, and
 * the program-wide figures. Scoring a program reads health_activity once
 * and the open repeated tags once, so its cost grows with the number of
 * relationships, not with a year of their activity. */
#include "store/store_base.h"
#include "store/store_health.h"
#include "core/phase.h"
#include "core/timeutil.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int store_health_settings_get(db_t *db, int64_t program_id, health_thresholds_t *out, bool *custom)
{
	db_stmt_t *s;
	health_thresholds_default(out);
	*custom = false;
	int st = db_query(db, &s,
		"SELECT quiet_factor, schedule_min, credit_min, pushed_min, repeat_min, agenda_balance, "
		"engagement_min, overdue_grace_days, at_risk_below FROM health_settings WHERE program_id = $1",
		DB_ARGS(DB_INT(program_id)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		*custom = true;
		out->quiet_factor = db_col_real(s, 0);
		out->schedule_min = (int)db_col_int(s, 1);
		out->credit_min = (int)db_col_int(s, 2);
		out->pushed_min = (int)db_col_int(s, 3);
		out->repeat_min = (int)db_col_int(s, 4);
		out->agenda_balance = db_col_real(s, 5);
		out->engagement_min = (int)db_col_int(s, 6);
		out->overdue_grace_days = (int)db_col_int(s, 7);
		out->at_risk_below = (int)db_col_int(s, 8);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_health_settings_put(db_t *db, int64_t program_id, const health_thresholds_t *t, int64_t by)
{
	return db_exec(db,
		"INSERT INTO health_settings (program_id, quiet_factor, schedule_min, credit_min, pushed_min, "
		"repeat_min, agenda_balance, engagement_min, overdue_grace_days, at_risk_below, updated_by, "
		"updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
		"ON CONFLICT (program_id) DO UPDATE SET quiet_factor = excluded.quiet_factor, "
		"schedule_min = excluded.schedule_min, credit_min = excluded.credit_min, "
		"pushed_min = excluded.pushed_min, repeat_min = excluded.repeat_min, "
		"agenda_balance = excluded.agenda_balance, engagement_min = excluded.engagement_min, "
		"overdue_grace_days = excluded.overdue_grace_days, at_risk_below = excluded.at_risk_below, "
		"updated_by = excluded.updated_by, updated_at = excluded.updated_at",
		DB_ARGS(DB_INT(program_id), DB_REAL(t->quiet_factor), DB_INT(t->schedule_min),
			DB_INT(t->credit_min), DB_INT(t->pushed_min), DB_INT(t->repeat_min),
			DB_REAL(t->agenda_balance), DB_INT(t->engagement_min), DB_INT(t->overdue_grace_days),
			DB_INT(t->at_risk_below), DB_OPT_INT(by, by), DB_INT(time_now())));
}

#define ROW_COLS "h.relationship_id, h.mentor_id, h.mentee_id, h.phase, COALESCE(h.cadence_days, 0), " \
	"h.started_at, h.last_message_at, h.last_meeting_at, h.meetings, h.meetings_held, " \
	"h.meetings_by_mentor, h.meetings_by_mentee, h.agenda_by_mentor, h.agenda_by_mentee, " \
	"h.outside_mentee_hours, h.mentor_reschedules, h.ideas_credit_moved, " \
	"h.mentor_wins_on_mentee_ideas, h.unlinked_mentee_actions, h.goals, h.goals_active, " \
	"h.goals_achieved, h.goals_dropped, h.first_active_due_on, h.progress_goals, " \
	"h.progress_pct_sum, h.ratings, h.rating_sum "

static int phase_of(const char *s)
{
	/* The common case first: most relationships of a running program work. */
	if (s && s[0] == 'w')
		return PHASE_WORKING;
	int p = phase_parse(s);
	return p < 0 ? PHASE_GETTING_TO_KNOW : p;
}

static void read_row(db_stmt_t *s, health_row_t *r)
{
	memset(r, 0, sizeof(*r));
	r->rel_id = db_col_int(s, 0);
	r->mentor_id = db_col_int(s, 1);
	r->mentee_id = db_col_int(s, 2);
	r->phase = phase_of(db_col_text(s, 3));
	r->cadence_days = (int)db_col_int(s, 4);
	r->started_at = db_col_int(s, 5);
	r->last_message_at = db_col_int(s, 6);
	r->last_meeting_at = db_col_int(s, 7);
	int *counts[] = {&r->meetings, &r->meetings_held, &r->meetings_by_mentor, &r->meetings_by_mentee,
			 &r->agenda_by_mentor, &r->agenda_by_mentee, &r->outside_mentee_hours,
			 &r->mentor_reschedules, &r->ideas_credit_moved, &r->mentor_wins_on_mentee_ideas,
			 &r->unlinked_mentee_actions, &r->goals, &r->goals_active, &r->goals_achieved,
			 &r->goals_dropped};
	for (int i = 0; i < (int)(sizeof(counts) / sizeof(counts[0])); i++)
		*counts[i] = (int)db_col_int(s, 8 + i);
	const char *due = db_col_text(s, 23);
	if (due)
		snprintf(r->first_active_due_on, sizeof(r->first_active_due_on), "%s", due);
	r->progress_goals = (int)db_col_int(s, 24);
	r->progress_pct_sum = db_col_real(s, 25);
	r->ratings = (int)db_col_int(s, 26);
	r->rating_sum = (int)db_col_int(s, 27);
}

/* Folds one open repeated tag (receiver, recurrences) into its row. */
static void add_tag(health_row_t *r, int64_t to_id, int n)
{
	r->repeated_tags++;
	if (n > r->repeated_worst) {
		r->repeated_worst = n;
		r->repeated_to_mentee = to_id == r->mentee_id;
	}
}

static int find_row(health_row_t *rows, int n, int64_t id)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (rows[mid].rel_id == id)
			return mid;
		if (rows[mid].rel_id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

int store_health_rows(db_t *db, arena_t *a, int64_t program_id, int repeat_min, health_row_t **rows,
		      int *n)
{
	/* One pass over the program's range, into an array that grows on the
	 * heap and is freed with the arena. */
	size_t cap = 1024;
	health_row_t *v = xmalloc(cap * sizeof(*v));
	arena_defer(a, free, v);
	*rows = v;
	*n = 0;
	db_stmt_t *s;
	int st = db_query(db, &s, "SELECT " ROW_COLS "FROM health_activity h WHERE h.program_id = $1 "
			  "ORDER BY h.relationship_id", DB_ARGS(DB_INT(program_id)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1) {
		if ((size_t)*n == cap) {
			health_row_t *bigger = xmalloc(2 * cap * sizeof(*v));
			memcpy(bigger, v, cap * sizeof(*v));
			arena_defer(a, free, bigger);
			cap *= 2;
			v = *rows = bigger;
		}
		read_row(s, &v[(*n)++]);
	}
	db_done(s);
	if (rc < 0)
		return rc;
	st = db_query(db, &s,
		"SELECT relationship_id, to_id, n FROM health_tags WHERE program_id = $1 "
		"AND corrected_at IS NULL AND n >= $2", DB_ARGS(DB_INT(program_id), DB_INT(repeat_min)));
	if (st != DB_OK)
		return st;
	while ((rc = db_step(s)) == 1) {
		int i = find_row(*rows, *n, db_col_int(s, 0));
		if (i >= 0)
			add_tag(&(*rows)[i], db_col_int(s, 1), (int)db_col_int(s, 2));
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_health_row(db_t *db, int64_t rel_id, int repeat_min, health_row_t *row, bool *found)
{
	db_stmt_t *s;
	*found = false;
	int st = db_query(db, &s, "SELECT " ROW_COLS "FROM health_activity h WHERE h.relationship_id = $1",
			  DB_ARGS(DB_INT(rel_id)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		*found = true;
		read_row(s, row);
	}
	db_done(s);
	if (rc != 1)
		return rc < 0 ? rc : DB_OK;
	st = db_query(db, &s,
		"SELECT to_id, n FROM health_tags WHERE relationship_id = $1 AND corrected_at IS NULL "
		"AND n >= $2", DB_ARGS(DB_INT(rel_id), DB_INT(repeat_min)));
	if (st != DB_OK)
		return st;
	while ((rc = db_step(s)) == 1)
		add_tag(row, db_col_int(s, 0), (int)db_col_int(s, 1));
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_health_last_started(db_t *db, int64_t rel_id, int64_t now, int64_t *at)
{
	*at = 0;
	return db_query_int(db, at, NULL,
		"SELECT COALESCE(MAX(starts_at), 0) FROM meetings WHERE relationship_id = $1 "
		"AND status <> 'cancelled' AND starts_at <= $2", DB_ARGS(DB_INT(rel_id), DB_INT(now)));
}

/* ---- evidence ---- */

static void ev_add(health_ev_list_t *l, health_ev_kind_t kind, int64_t id, int64_t parent)
{
	if (l->n < HEALTH_EV_MAX)
		l->v[l->n++] = (health_ev_t){kind, id, parent};
}

/* Runs sql and adds (col 0, col 1 or parent) of each row as evidence. */
static int ev_query(db_t *db, health_ev_list_t *l, health_ev_kind_t kind, int64_t parent,
		    const char *sql, const db_val_t *args, int nargs)
{
	db_stmt_t *s;
	int st = db_query(db, &s, sql, args, nargs);
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1)
		ev_add(l, kind, db_col_int(s, 0), parent ? parent : db_col_int(s, 1));
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

/* Whether the comma-joined list has tag (compared trimmed, ignoring case). */
static bool has_tag(const char *list, const char *tag)
{
	size_t tn = strlen(tag);
	while (list && *list) {
		size_t n = strcspn(list, ",");
		const char *b = list, *e = list + n;
		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if ((size_t)(e - b) == tn && strncasecmp(b, tag, tn) == 0)
			return true;
		list += n + (list[n] == ',');
	}
	return false;
}

/* The feedbacks carrying each open repeated tag, oldest first. */
static int ev_repeated(db_t *db, const health_row_t *row, int repeat_min, health_ev_list_t *l)
{
	enum { MAX_TAGS = 16 };
	struct { int64_t to; char tag[128]; } tags[MAX_TAGS];
	int ntags = 0, rc;
	db_stmt_t *s;
	int st = db_query(db, &s,
		"SELECT to_id, tag FROM health_tags WHERE relationship_id = $1 AND corrected_at IS NULL "
		"AND n >= $2 ORDER BY n DESC, tag", DB_ARGS(DB_INT(row->rel_id), DB_INT(repeat_min)));
	if (st != DB_OK)
		return st;
	while ((rc = db_step(s)) == 1 && ntags < MAX_TAGS) {
		tags[ntags].to = db_col_int(s, 0);
		snprintf(tags[ntags].tag, sizeof(tags[ntags].tag), "%s", db_col_text(s, 1));
		ntags++;
	}
	db_done(s);
	if (rc < 0 || ntags == 0)
		return rc < 0 ? rc : DB_OK;
	st = db_query(db, &s,
		"SELECT f.id, f.meeting_id, f.to_id, f.tags FROM feedback f JOIN meetings m ON m.id = f.meeting_id "
		"WHERE m.relationship_id = $1 AND f.tags <> '' ORDER BY f.created_at, f.id",
		DB_ARGS(DB_INT(row->rel_id)));
	if (st != DB_OK)
		return st;
	while ((rc = db_step(s)) == 1 && l->n < HEALTH_EV_MAX) {
		for (int i = 0; i < ntags; i++)
			if (db_col_int(s, 2) == tags[i].to && has_tag(db_col_text(s, 3), tags[i].tag)) {
				ev_add(l, HE_FEEDBACK, db_col_int(s, 0), db_col_int(s, 1));
				break;
			}
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

#define WANT(code) (want & (1u << (code)))

int store_health_evidence(db_t *db, const health_row_t *row, unsigned want, int repeat_min,
			  int64_t now, const char *overdue_before, health_ev_list_t ev[HF_COUNT])
{
	int64_t rel = row->rel_id;
	int st = DB_OK;
	for (int i = 0; i < HF_COUNT; i++)
		ev[i].n = 0;
	if (WANT(HF_GONE_QUIET)) {
		int64_t last = 0;
		st = db_query_int(db, &last, NULL,
			"SELECT COALESCE(MAX(id), 0) FROM meetings WHERE relationship_id = $1 AND status <> 'cancelled' "
			"AND starts_at = (SELECT MAX(starts_at) FROM meetings WHERE relationship_id = $1 "
			"AND status <> 'cancelled' AND starts_at <= $2)", DB_ARGS(DB_INT(rel), DB_INT(now)));
		if (last)
			ev_add(&ev[HF_GONE_QUIET], HE_MEETING, last, rel);
		ev_add(&ev[HF_GONE_QUIET], HE_MESSAGES, rel, rel);
	}
	if (st == DB_OK && WANT(HF_SCHEDULE_IMPOSED))
		st = ev_query(db, &ev[HF_SCHEDULE_IMPOSED], HE_MEETING, rel,
			"SELECT id FROM meetings WHERE relationship_id = $1 AND status <> 'cancelled' "
			"AND in_mentee_hours = 0 ORDER BY starts_at DESC, id DESC LIMIT 10", DB_ARGS(DB_INT(rel)));
	if (st == DB_OK && WANT(HF_SCHEDULE_IMPOSED))
		st = ev_query(db, &ev[HF_SCHEDULE_IMPOSED], HE_RESCHEDULE, 0,
			"SELECT x.id, x.meeting_id FROM meeting_reschedules x JOIN meetings m ON m.id = x.meeting_id "
			"WHERE m.relationship_id = $1 AND x.requested_by = $2 ORDER BY x.at DESC, x.id DESC LIMIT 10",
			DB_ARGS(DB_INT(rel), DB_INT(row->mentor_id)));
	if (st == DB_OK && WANT(HF_CREDIT_TAKEN))
		st = ev_query(db, &ev[HF_CREDIT_TAKEN], HE_IDEA, 0,
			"SELECT i.id, i.concern_id FROM ideas i JOIN concerns c ON c.id = i.concern_id "
			"WHERE c.relationship_id = $1 AND i.author_id = $2 AND i.credited_to <> i.author_id "
			"ORDER BY i.id DESC LIMIT 10", DB_ARGS(DB_INT(rel), DB_INT(row->mentee_id)));
	if (st == DB_OK && WANT(HF_CREDIT_TAKEN))
		st = ev_query(db, &ev[HF_CREDIT_TAKEN], HE_WIN, rel,
			"SELECT w.id FROM wins w JOIN ideas i ON i.id = w.idea_id WHERE w.relationship_id = $1 "
			"AND w.author_id = $2 AND i.author_id = $3 ORDER BY w.id DESC LIMIT 10",
			DB_ARGS(DB_INT(rel), DB_INT(row->mentor_id), DB_INT(row->mentee_id)));
	if (st == DB_OK && WANT(HF_PROJECTS_PUSHED))
		st = ev_query(db, &ev[HF_PROJECTS_PUSHED], HE_ACTION, rel,
			"SELECT id FROM actions WHERE relationship_id = $1 AND owner_id = $2 AND goal_id IS NULL "
			"AND status <> 'dropped' ORDER BY id DESC LIMIT 10",
			DB_ARGS(DB_INT(rel), DB_INT(row->mentee_id)));
	if (st == DB_OK && WANT(HF_REPEATED_MISTAKES))
		st = ev_repeated(db, row, repeat_min, &ev[HF_REPEATED_MISTAKES]);
	if (st == DB_OK && WANT(HF_ONE_SIDED))
		ev_add(&ev[HF_ONE_SIDED], HE_MEETINGS, rel, rel);
	if (st == DB_OK && WANT(HF_OVERDUE_GOALS))
		st = ev_query(db, &ev[HF_OVERDUE_GOALS], HE_GOAL, rel,
			"SELECT id FROM goals WHERE relationship_id = $1 AND status = 'active' AND due_on < $2 "
			"ORDER BY due_on, id LIMIT 10", DB_ARGS(DB_INT(rel), DB_TEXT(overdue_before)));
	return st;
}

/* ---- program-wide figures ---- */

int store_health_months(db_t *db, int64_t program_id, const char *from_month, health_month_t *out,
			int max, int *n)
{
	db_stmt_t *s;
	*n = 0;
	int st = db_query(db, &s, "SELECT month, meetings FROM health_months WHERE program_id = $1 "
			  "AND month >= $2 ORDER BY month", DB_ARGS(DB_INT(program_id), DB_TEXT(from_month)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1 && *n < max) {
		snprintf(out[*n].month, sizeof(out[*n].month), "%s", db_col_text(s, 0));
		out[(*n)++].meetings = (int)db_col_int(s, 1);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_health_closures(db_t *db, int64_t program_id, health_closures_t *out)
{
	db_stmt_t *s;
	memset(out, 0, sizeof(*out));
	int st = db_query(db, &s,
		"SELECT c.satisfaction, COALESCE(c.mentor_important, 0), COALESCE(c.goals_met, 0), "
		"COALESCE(c.would_recommend, -1) FROM closures c JOIN relationships r ON r.id = c.relationship_id "
		"WHERE r.program_id = $1", DB_ARGS(DB_INT(program_id)));
	if (st != DB_OK)
		return st;
	int rc;
	double sat = 0, imp = 0, met = 0;
	while ((rc = db_step(s)) == 1) {
		int v = (int)db_col_int(s, 0), i = (int)db_col_int(s, 1), g = (int)db_col_int(s, 2);
		int rec = (int)db_col_int(s, 3);
		out->count++;
		sat += v;
		if (v >= 1 && v <= 5)
			out->sat_hist[v - 1]++;
		if (i) {
			out->important_n++;
			imp += i;
		}
		if (g) {
			out->goals_met_n++;
			met += g;
		}
		if (rec >= 0) {
			out->recommend_n++;
			out->recommend_yes += rec;
		}
	}
	db_done(s);
	out->satisfaction_avg = out->count ? sat / out->count : 0;
	out->important_avg = out->important_n ? imp / out->important_n : 0;
	out->goals_met_avg = out->goals_met_n ? met / out->goals_met_n : 0;
	return rc < 0 ? rc : DB_OK;
}

int store_health_names(db_t *db, arena_t *a, int64_t program_id, const health_row_t *rows, int n,
		       const char ***mentor, const char ***mentee)
{
	*mentor = arena_alloc(a, sizeof(char *) * (size_t)(n + 1));
	*mentee = arena_alloc(a, sizeof(char *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		(*mentor)[i] = (*mentee)[i] = "";
	db_stmt_t *s;
	int st = db_query(db, &s,
		"SELECT r.id, mu.name, me.name FROM relationships r JOIN users mu ON mu.id = r.mentor_id "
		"JOIN users me ON me.id = r.mentee_id WHERE r.program_id = $1 ORDER BY r.id",
		DB_ARGS(DB_INT(program_id)));
	if (st != DB_OK)
		return st;
	int rc, i = 0;
	while ((rc = db_step(s)) == 1) {
		int64_t id = db_col_int(s, 0);
		while (i < n && rows[i].rel_id < id)
			i++;
		if (i < n && rows[i].rel_id == id) {
			(*mentor)[i] = arena_strdup(a, db_col_text(s, 1));
			(*mentee)[i] = arena_strdup(a, db_col_text(s, 2));
		}
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}
