/* Program health storage (see store_health.h): thresholds, the rollups kept
 * by migration 0004's triggers, the evidence behind flags, and the
 * program-wide figures, composed from the named statements of
 * sql/health.sql. Scoring a program reads health_activity once and the open
 * repeated tags once, so its cost grows with the number of relationships,
 * not with a year of their activity; a page of relationships (a batch) is
 * read with one query per statement, whatever its length. */
#include "store/store_base.h"
#include "store/store_health.h"
#include "store/stmts.h"
#include "core/bigblock.h"
#include "core/buf.h"
#include "core/phase.h"
#include "core/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- batches ---- */

/* A batch's ids sorted, each with its position in the caller's arrays, so
 * the rows a query returns (in any order) find every position they answer. */
typedef struct id_pos {
	int64_t id;
	int pos;
} id_pos_t;

static int cmp_id_pos(const void *x, const void *y)
{
	const id_pos_t *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id ? 1 : a->pos - b->pos;
}

static id_pos_t *index_of(arena_t *a, const int64_t *ids, int n)
{
	id_pos_t *v = arena_alloc(a, sizeof(*v) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		v[i] = (id_pos_t){ids[i], i};
	qsort(v, (size_t)n, sizeof(*v), cmp_id_pos);
	return v;
}

/* The first entry of v with id, or n. */
static int first_of(const id_pos_t *v, int n, int64_t id)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].id == id ? lo : n;
}

/* Every position k of the batch (sorted as v, n long) that key answers. */
#define EACH_POS(v, n, key, k) for (int k##_ = first_of(v, n, key), k; \
				    k##_ < (n) && (v)[k##_].id == (key) && ((k = (v)[k##_].pos), 1); k##_++)

/* The batch as the statements take it: a JSON array of its distinct ids. */
static const char *ids_text(arena_t *a, const id_pos_t *v, int n)
{
	buf_t b = BUF_INIT;
	buf_putc(&b, '[');
	for (int i = 0; i < n; i++)
		if (i == 0 || v[i].id != v[i - 1].id)
			buf_printf(&b, "%s%lld", b.len > 1 ? "," : "", (long long)v[i].id);
	buf_putc(&b, ']');
	const char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* ---- thresholds ---- */

int store_health_settings_get(db_t *db, int64_t program_id, health_thresholds_t *out, bool *custom)
{
	db_stmt_t *s;
	health_thresholds_default(out);
	*custom = false;
	int st = db_query_named(db, &s, STMT_HEALTH_SETTINGS_GET, DB_ARGS(DB_INT(program_id)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		/* The columns of row health_settings, in order. */
		*custom = true;
		*out = (health_thresholds_t){.quiet_factor = db_col_real(s, 0), .schedule_min = (int)db_col_int(s, 1),
			.credit_min = (int)db_col_int(s, 2), .pushed_min = (int)db_col_int(s, 3),
			.repeat_min = (int)db_col_int(s, 4), .agenda_balance = db_col_real(s, 5),
			.engagement_min = (int)db_col_int(s, 6), .overdue_grace_days = (int)db_col_int(s, 7),
			.at_risk_below = (int)db_col_int(s, 8), .slow_reply_hours = (int)db_col_int(s, 9)};
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_health_settings_put(db_t *db, int64_t program_id, const health_thresholds_t *t, int64_t by)
{
	return sql_health_settings_put(db, program_id, t->quiet_factor, t->schedule_min, t->credit_min,
				       t->pushed_min, t->repeat_min, t->agenda_balance, t->engagement_min,
				       t->overdue_grace_days, t->at_risk_below, by, time_now(), t->slow_reply_hours);
}

/* ---- rollups ---- */

static int phase_of(const char *s)
{
	/* The common case first: most relationships of a running program work. */
	if (s && s[0] == 'w')
		return PHASE_WORKING;
	int p = phase_parse(s);
	return p < 0 ? PHASE_GETTING_TO_KNOW : p;
}

/* One row of health_rows_of_program or health_rows_of (row health_activity
 * of sql/health.sql), read straight into the domain's row: a program may
 * have tens of thousands, so no copy of each through the generated row. */
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
	r->held_minutes = (int)db_col_int(s, 28);
	r->replies[HEALTH_MENTOR] = (int)db_col_int(s, 29);
	r->reply_median[HEALTH_MENTOR] = db_col_int(s, 30);
	r->replies[HEALTH_MENTEE] = (int)db_col_int(s, 31);
	r->reply_median[HEALTH_MENTEE] = db_col_int(s, 32);
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
	/* One pass over the program's range, into a large block that grows in
	 * place (bigblock.h) and is freed with the arena. (On the heap, each
	 * step of the growth stayed until the arena's end: at 50,000 rows the
	 * steps together were twice the array.) */
	size_t cap = 1024;
	health_row_t *v = bigblock_alloc(cap * sizeof(*v));
	*n = 0;
	db_stmt_t *s;
	int st = db_query_named(db, &s, STMT_HEALTH_ROWS_OF_PROGRAM, DB_ARGS(DB_INT(program_id)));
	int rc = st;
	while (st == DB_OK && (rc = db_step(s)) == 1) {
		if ((size_t)*n == cap) {
			cap *= 2;
			v = bigblock_realloc(v, cap * sizeof(*v));
		}
		read_row(s, &v[(*n)++]);
	}
	if (st == DB_OK)
		db_done(s);
	arena_defer(a, bigblock_free, v);
	*rows = v;
	if (rc < 0)
		return rc;
	row_health_tag_t *tags;
	int ntags;
	st = sql_health_tags_of_program(db, a, program_id, repeat_min, &tags, &ntags);
	for (int k = 0; st == DB_OK && k < ntags; k++) {
		int i = find_row(*rows, *n, tags[k].relationship_id);
		if (i >= 0)
			add_tag(&(*rows)[i], tags[k].to_id, (int)tags[k].n);
	}
	return st;
}

/* The lowest repeat_min of a batch: the tags query's floor (each row then
 * keeps only those of its own program's threshold). */
static int min_of(const int *v, int n)
{
	int m = n ? v[0] : 0;
	for (int i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

int store_health_rows_of(db_t *db, arena_t *a, const int64_t *ids, const int *repeat_min, int n,
			 health_row_t *rows, bool *found)
{
	for (int i = 0; i < n; i++)
		found[i] = false;
	if (n == 0)
		return DB_OK;
	id_pos_t *ix = index_of(a, ids, n);
	const char *batch = ids_text(a, ix, n);
	db_stmt_t *s;
	int st = db_query_named(db, &s, STMT_HEALTH_ROWS_OF, DB_ARGS(DB_TEXT(batch)));
	if (st != DB_OK)
		return st;
	int rc;
	health_row_t row;
	while ((rc = db_step(s)) == 1) {
		read_row(s, &row);
		EACH_POS(ix, n, row.rel_id, k) {
			rows[k] = row;
			found[k] = true;
		}
	}
	db_done(s);
	if (rc < 0)
		return rc;
	row_health_tag_t *tags;
	int ntags;
	st = sql_health_tags_of(db, a, batch, min_of(repeat_min, n), &tags, &ntags);
	for (int t = 0; st == DB_OK && t < ntags; t++)
		EACH_POS(ix, n, tags[t].relationship_id, k) {
			if (found[k] && tags[t].n >= repeat_min[k])
				add_tag(&rows[k], tags[t].to_id, (int)tags[t].n);
		}
	return st;
}

int store_health_last_started(db_t *db, arena_t *a, const int64_t *ids, int n, int64_t now, int64_t *at,
			      int64_t *meeting)
{
	for (int i = 0; i < n; i++)
		at[i] = meeting[i] = 0;
	if (n == 0)
		return DB_OK;
	id_pos_t *ix = index_of(a, ids, n);
	row_health_started_t *rows;
	int nrows;
	int st = sql_health_last_started_of(db, a, ids_text(a, ix, n), now, &rows, &nrows);
	for (int r = 0; st == DB_OK && r < nrows; r++)
		EACH_POS(ix, n, rows[r].relationship_id, k) {
			at[k] = rows[r].starts_at;
			meeting[k] = rows[r].meeting_id;
		}
	return st;
}

/* ---- evidence ---- */

static void ev_add(health_ev_list_t *l, health_ev_kind_t kind, int64_t id, int64_t parent)
{
	if (l->n < HEALTH_EV_MAX)
		l->v[l->n++] = (health_ev_t){kind, id, parent};
}

#define WANTS(ask, code) ((ask)->want & (1u << (code)))

/* The asks that want code, as a batch: their positions in asks (*k of
 * them) and the index of their relationships. NULL when none does. */
static id_pos_t *asking(arena_t *a, const health_ev_ask_t *asks, int n, health_flag_code_t code, int *k)
{
	int64_t *ids = arena_alloc(a, sizeof(int64_t) * (size_t)(n + 1));
	*k = 0;
	for (int i = 0; i < n; i++)
		if (WANTS(&asks[i], code))
			ids[(*k)++] = asks[i].row->rel_id;
	if (*k == 0)
		return NULL;
	/* Positions in ids are positions among the asking; map them back. */
	id_pos_t *ix = index_of(a, ids, *k);
	int *back = arena_alloc(a, sizeof(int) * (size_t)(*k + 1)), m = 0;
	for (int i = 0; i < n; i++)
		if (WANTS(&asks[i], code))
			back[m++] = i;
	for (int i = 0; i < *k; i++)
		ix[i].pos = back[ix[i].pos];
	return ix;
}

typedef int (*ev_sql_t)(db_t *db, arena_t *a, const char *ids, row_health_ev_t **rows, int *n);

/* Runs one evidence statement for the asks that want code and adds each
 * row (relationship, id, parent) to their list as kind. */
static int ev_batch(db_t *db, arena_t *a, health_ev_ask_t *asks, int n, health_flag_code_t code,
		    health_ev_kind_t kind, ev_sql_t query)
{
	int k;
	id_pos_t *ix = asking(a, asks, n, code, &k);
	if (!ix)
		return DB_OK;
	row_health_ev_t *rows;
	int nrows;
	int st = query(db, a, ids_text(a, ix, k), &rows, &nrows);
	for (int r = 0; st == DB_OK && r < nrows; r++)
		EACH_POS(ix, k, rows[r].relationship_id, i) {
			ev_add(&asks[i].ev[code], kind, rows[r].id, rows[r].parent);
		}
	return st;
}

/* gone_quiet: the latest meeting that started, and the message thread. */
static int ev_quiet(db_t *db, arena_t *a, int64_t now, health_ev_ask_t *asks, int n)
{
	int k;
	id_pos_t *ix = asking(a, asks, n, HF_GONE_QUIET, &k);
	if (!ix)
		return DB_OK;
	int64_t *ids = arena_alloc(a, sizeof(int64_t) * (size_t)(k + 1));
	int64_t *at = arena_alloc(a, sizeof(int64_t) * (size_t)(k + 1));
	int64_t *meeting = arena_alloc(a, sizeof(int64_t) * (size_t)(k + 1));
	for (int i = 0; i < k; i++)
		ids[i] = ix[i].id;
	int st = store_health_last_started(db, a, ids, k, now, at, meeting);
	for (int i = 0; st == DB_OK && i < k; i++) {
		health_ev_ask_t *q = &asks[ix[i].pos];
		if (meeting[i])
			ev_add(&q->ev[HF_GONE_QUIET], HE_MEETING, meeting[i], q->row->rel_id);
		ev_add(&q->ev[HF_GONE_QUIET], HE_MESSAGES, q->row->rel_id, q->row->rel_id);
	}
	return st;
}

/* overdue_goals: each relationship keeps the goals due before its own
 * program's date (the statement is given the batch's latest). */
static int ev_overdue(db_t *db, arena_t *a, health_ev_ask_t *asks, int n)
{
	int k;
	id_pos_t *ix = asking(a, asks, n, HF_OVERDUE_GOALS, &k);
	if (!ix)
		return DB_OK;
	const char *latest = asks[ix[0].pos].overdue_before;
	for (int i = 1; i < k; i++)
		if (strcmp(asks[ix[i].pos].overdue_before, latest) > 0)
			latest = asks[ix[i].pos].overdue_before;
	row_health_ev_goal_t *rows;
	int nrows;
	int st = sql_health_ev_overdue(db, a, ids_text(a, ix, k), latest, &rows, &nrows);
	for (int r = 0; st == DB_OK && r < nrows; r++)
		EACH_POS(ix, k, rows[r].relationship_id, i) {
			if (strcmp(rows[r].due_on, asks[i].overdue_before) < 0)
				ev_add(&asks[i].ev[HF_OVERDUE_GOALS], HE_GOAL, rows[r].id, rows[r].relationship_id);
		}
	return st;
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

/* Whether feedback f carries one of the open repeated tags of its
 * relationship (tags[from..to), receiver and tag) at the ask's threshold:
 * at most the sixteen most recurring count, as the detector's message does. */
static bool repeats(const row_health_ev_feedback_t *f, const row_health_tag_t *tags, int from, int to,
		    int repeat_min)
{
	enum { MAX_TAGS = 16 };
	for (int t = from, seen = 0; t < to && seen < MAX_TAGS; t++) {
		if (tags[t].n < repeat_min)
			continue;
		seen++;
		if (f->to_id == tags[t].to_id && has_tag(f->tags, tags[t].tag))
			return true;
	}
	return false;
}

/* repeated_mistakes: the feedbacks carrying an open repeated tag, oldest
 * first. Tags are matched here, in the store's caller: they never leave it. */
static int ev_repeated(db_t *db, arena_t *a, health_ev_ask_t *asks, int n)
{
	int k;
	id_pos_t *ix = asking(a, asks, n, HF_REPEATED_MISTAKES, &k);
	if (!ix)
		return DB_OK;
	int floor = asks[ix[0].pos].repeat_min;
	for (int i = 1; i < k; i++)
		floor = asks[ix[i].pos].repeat_min < floor ? asks[ix[i].pos].repeat_min : floor;
	const char *batch = ids_text(a, ix, k);
	row_health_tag_t *tags;
	row_health_ev_feedback_t *fb;
	int ntags, nfb;
	int st = sql_health_tags_of(db, a, batch, floor, &tags, &ntags);
	if (st == DB_OK)
		st = sql_health_ev_feedback(db, a, batch, &fb, &nfb);
	/* Both come ordered by relationship: walk them side by side. */
	for (int f = 0, t = 0; st == DB_OK && f < nfb; f++) {
		int64_t rel = fb[f].relationship_id;
		while (t < ntags && tags[t].relationship_id < rel)
			t++;
		int end = t;
		while (end < ntags && tags[end].relationship_id == rel)
			end++;
		EACH_POS(ix, k, rel, i) {
			if (repeats(&fb[f], tags, t, end, asks[i].repeat_min))
				ev_add(&asks[i].ev[HF_REPEATED_MISTAKES], HE_FEEDBACK, fb[f].id, fb[f].meeting_id);
		}
	}
	return st;
}

int store_health_evidence(db_t *db, arena_t *a, int64_t now, health_ev_ask_t *asks, int n)
{
	for (int i = 0; i < n; i++) {
		for (int c = 0; c < HF_COUNT; c++)
			asks[i].ev[c].n = 0;
		/* The meetings list and the thread need no query: they are the relationship's. */
		if (WANTS(&asks[i], HF_ONE_SIDED))
			ev_add(&asks[i].ev[HF_ONE_SIDED], HE_MEETINGS, asks[i].row->rel_id, asks[i].row->rel_id);
		if (WANTS(&asks[i], HF_SLOW_REPLIES))
			ev_add(&asks[i].ev[HF_SLOW_REPLIES], HE_MESSAGES, asks[i].row->rel_id, asks[i].row->rel_id);
	}
	/* Within a flag, the kinds in the order the pair reads them: the
	 * meetings before the reschedules, the ideas before the wins. */
	int st = ev_quiet(db, a, now, asks, n);
	if (st == DB_OK)
		st = ev_batch(db, a, asks, n, HF_SCHEDULE_IMPOSED, HE_MEETING, sql_health_ev_outside_hours);
	if (st == DB_OK)
		st = ev_batch(db, a, asks, n, HF_SCHEDULE_IMPOSED, HE_RESCHEDULE, sql_health_ev_reschedules);
	if (st == DB_OK)
		st = ev_batch(db, a, asks, n, HF_CREDIT_TAKEN, HE_IDEA, sql_health_ev_ideas);
	if (st == DB_OK)
		st = ev_batch(db, a, asks, n, HF_CREDIT_TAKEN, HE_WIN, sql_health_ev_wins);
	if (st == DB_OK)
		st = ev_batch(db, a, asks, n, HF_PROJECTS_PUSHED, HE_ACTION, sql_health_ev_pushed);
	if (st == DB_OK)
		st = ev_repeated(db, a, asks, n);
	if (st == DB_OK)
		st = ev_overdue(db, a, asks, n);
	return st;
}

/* ---- program-wide figures ---- */

int store_health_months(db_t *db, arena_t *a, int64_t program_id, const char *from_month,
			health_month_t *out, int max, int *n)
{
	row_health_month_t *rows;
	int nrows;
	*n = 0;
	int st = sql_health_months_of_program(db, a, program_id, from_month, &rows, &nrows);
	for (int i = 0; st == DB_OK && i < nrows && *n < max; i++) {
		snprintf(out[*n].month, sizeof(out[*n].month), "%s", rows[i].month);
		out[(*n)++].meetings = (int)rows[i].meetings;
	}
	return st;
}

int store_health_closures(db_t *db, arena_t *a, int64_t program_id, health_closures_t *out)
{
	row_health_closure_t *rows;
	int n;
	memset(out, 0, sizeof(*out));
	int st = sql_health_closures_of_program(db, a, program_id, &rows, &n);
	if (st != DB_OK)
		return st;
	double sat = 0, imp = 0, met = 0;
	for (int k = 0; k < n; k++) {
		int v = (int)rows[k].satisfaction, i = (int)rows[k].mentor_important, g = (int)rows[k].goals_met;
		int rec = (int)rows[k].would_recommend;
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
	out->satisfaction_avg = out->count ? sat / out->count : 0;
	out->important_avg = out->important_n ? imp / out->important_n : 0;
	out->goals_met_avg = out->goals_met_n ? met / out->goals_met_n : 0;
	return DB_OK;
}

int store_health_names(db_t *db, arena_t *a, int64_t program_id, const health_row_t *rows, int n,
		       const char ***mentor, const char ***mentee)
{
	*mentor = arena_alloc(a, sizeof(char *) * (size_t)(n + 1));
	*mentee = arena_alloc(a, sizeof(char *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		(*mentor)[i] = (*mentee)[i] = "";
	row_health_names_t *names;
	int nn;
	int st = sql_health_names_of_program(db, a, program_id, &names, &nn);
	/* Both in id order: walk them side by side. */
	for (int k = 0, i = 0; st == DB_OK && k < nn; k++) {
		while (i < n && rows[i].rel_id < names[k].relationship_id)
			i++;
		if (i < n && rows[i].rel_id == names[k].relationship_id) {
			(*mentor)[i] = names[k].mentor_name;
			(*mentee)[i] = names[k].mentee_name;
		}
	}
	return st;
}

int store_health_names_of(db_t *db, arena_t *a, const int64_t *ids, int n, const char **mentor,
			  const char **mentee)
{
	for (int i = 0; i < n; i++)
		mentor[i] = mentee[i] = "";
	if (n == 0)
		return DB_OK;
	id_pos_t *ix = index_of(a, ids, n);
	row_health_names_t *names;
	int nn;
	int st = sql_health_names_of(db, a, ids_text(a, ix, n), &names, &nn);
	for (int r = 0; st == DB_OK && r < nn; r++)
		EACH_POS(ix, n, names[r].relationship_id, k) {
			mentor[k] = names[r].mentor_name;
			mentee[k] = names[r].mentee_name;
		}
	return st;
}
