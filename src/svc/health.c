/* Program health: every relationship of a program scored by the missteps
 * detector (core/health.h) from the rollups (store/store_health.h), with
 * the figures of the program manager's dashboard and reports; the health
 * of a page of relationships as their lists show it; and the services of
 * the health operations — a program's relationships lowest score first
 * (GET /programs/{id}/health), its thresholds (GET, PUT .../health-settings)
 * and the dashboard page's figures. Only the program's managers and
 * administrators see a program's health. It reads counts and dates only:
 * no message, note or feedback text. */
#include "svc/health.h"
#include "svc/program.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- scoring a program ---- */

/* The latest contact (message, or meeting that has started) a row shows
 * by itself. The rollup knows the latest meeting, which may lie ahead;
 * then the latest one that started has to be looked up (needs_lookup). */
static int64_t known_contact(const health_row_t *row, int64_t now)
{
	int64_t known = row->last_message_at;
	if (row->last_meeting_at <= now && row->last_meeting_at > known)
		known = row->last_meeting_at;
	return known;
}

/* Whether the latest started meeting of a row must be looked up: only when
 * the answer matters, exactly (reports, single relationships), or when the
 * messages alone do not show contact within the cadence (the dashboard). */
static bool needs_lookup(const health_row_t *row, int cadence, int64_t now, bool exact)
{
	if (row->last_meeting_at <= now)
		return false;
	int64_t known = known_contact(row, now);
	int64_t ref = known > row->started_at ? known : row->started_at;
	/* Whether the pair has met at all: an earlier meeting may have started. */
	bool met_unknown = row->meetings_held == 0 && row->meetings > 1;
	return exact || met_unknown || now - ref > (int64_t)cadence * 86400;
}

/* Whether the pair has met, as far as the row shows by itself. */
static bool row_met(const health_row_t *row, int64_t now)
{
	return row->meetings_held > 0 || (row->last_meeting_at > 0 && row->last_meeting_at <= now);
}

/* Looks up the latest started meetings of the rows marked in need[0..n)
 * with one query and folds them into contact[] and met[]. */
static int lookup_contacts(db_t *db, arena_t *a, const health_row_t *rows, const bool *need, int n,
			   int64_t now, int64_t *contact, bool *met)
{
	int64_t *ids = arena_alloc(a, sizeof(int64_t) * (size_t)(n + 1));
	int *pos = arena_alloc(a, sizeof(int) * (size_t)(n + 1)), k = 0;
	for (int i = 0; i < n; i++)
		if (need[i]) {
			ids[k] = rows[i].rel_id;
			pos[k++] = i;
		}
	if (k == 0)
		return DB_OK;
	int64_t *at = arena_alloc(a, sizeof(int64_t) * (size_t)k);
	int64_t *meeting = arena_alloc(a, sizeof(int64_t) * (size_t)k);
	int st = store_health_last_started(db, a, ids, k, now, at, meeting);
	for (int j = 0; st == DB_OK && j < k; j++) {
		if (at[j] > contact[pos[j]])
			contact[pos[j]] = at[j];
		met[pos[j]] |= at[j] > 0;
	}
	return st;
}

static void facts_of(const health_row_t *row, int cadence, int64_t contact, bool met, health_facts_t *f)
{
	*f = (health_facts_t){
		.rel_id = row->rel_id,
		.phase = row->phase,
		.cadence_days = cadence,
		.started_at = row->started_at,
		.last_contact_at = contact,
		.outside_mentee_hours = row->outside_mentee_hours,
		.mentor_reschedules = row->mentor_reschedules,
		.ideas_credit_moved = row->ideas_credit_moved,
		.mentor_wins_on_mentee_ideas = row->mentor_wins_on_mentee_ideas,
		.unlinked_mentee_actions = row->unlinked_mentee_actions,
		.repeated_tags = row->repeated_tags,
		.repeated_worst = row->repeated_worst,
		.repeated_to_mentee = row->repeated_to_mentee,
		.agenda_by_mentor = row->agenda_by_mentor,
		.agenda_by_mentee = row->agenda_by_mentee,
		.meetings_by_mentor = row->meetings_by_mentor,
		.meetings_by_mentee = row->meetings_by_mentee,
		.met = met,
		.first_active_due_on = row->first_active_due_on[0] ? row->first_active_due_on : NULL,
		.replies = {row->replies[HEALTH_MENTOR], row->replies[HEALTH_MENTEE]},
		.reply_median = {row->reply_median[HEALTH_MENTOR], row->reply_median[HEALTH_MENTEE]},
	};
}

/* The agreement's cadence, else the program's, else a fortnight. */
static int cadence_of(const health_row_t *row, int program_cadence)
{
	return row->cadence_days > 0 ? row->cadence_days : program_cadence > 0 ? program_cadence : 14;
}

static int bucket5(int score)
{
	return score >= 80 ? 4 : score < 0 ? 0 : score / 20;
}

/* The last twelve calendar months, oldest first, with their meetings. */
static int load_months(db_t *db, arena_t *a, health_program_t *hp)
{
	time_t t = (time_t)hp->now;
	struct tm tm;
	gmtime_r(&t, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + 1;
	for (int i = HEALTH_MONTHS - 1; i >= 0; i--) {
		snprintf(hp->months[i].month, sizeof(hp->months[i].month), "%04u-%02u", (unsigned)y % 10000u,
			 (unsigned)m % 100u);
		hp->months[i].meetings = 0;
		if (--m == 0) {
			m = 12;
			y--;
		}
	}
	health_month_t got[HEALTH_MONTHS + 1];
	int n = 0;
	int st = store_health_months(db, a, hp->prog->id, hp->months[0].month, got, HEALTH_MONTHS + 1, &n);
	for (int i = 0; st == DB_OK && i < n; i++)
		for (int j = 0; j < HEALTH_MONTHS; j++)
			if (!strcmp(got[i].month, hp->months[j].month))
				hp->months[j].meetings = got[i].meetings;
	return st;
}

/* A bit per flag code res raised. */
static unsigned wanted(const health_result_t *res)
{
	unsigned want = 0;
	for (int k = 0; k < res->nflags; k++)
		want |= 1u << res->flags[k].code;
	return want;
}

/* Adds relationship i, whose result is res, to the program's figures. */
static void tally(health_program_t *hp, int i, const health_result_t *res)
{
	const health_row_t *row = &hp->rows[i];
	int64_t contact = hp->last_contact[i];
	if (row->phase >= 0 && row->phase < PHASE_COUNT)
		hp->by_phase[row->phase]++;
	hp->meetings += row->meetings;
	hp->meetings_held += row->meetings_held;
	hp->goals += row->goals;
	hp->goals_active += row->goals_active;
	hp->goals_achieved += row->goals_achieved;
	hp->goals_dropped += row->goals_dropped;
	if (row->ratings) {
		hp->ratings += row->ratings;
		int avg = (int)lround((double)row->rating_sum / row->ratings);
		hp->rating_hist[avg < 1 ? 0 : avg > 5 ? 4 : avg - 1]++;
	}
	if (row->progress_goals) {
		hp->progress_goals += row->progress_goals;
		double avg = row->progress_pct_sum / row->progress_goals;
		hp->progress_hist[avg >= 75 ? 3 : avg >= 50 ? 2 : avg >= 25 ? 1 : 0]++;
	}
	if (!phase_active((phase_t)row->phase))
		return;
	hp->active++;
	hp->at_risk += res->at_risk;
	/* A pair that has not met yet has no score: counted on its own. */
	if (!res->started) {
		hp->not_started++;
	} else {
		hp->scored++;
		hp->score_hist[bucket5(res->score)]++;
		hp->score_avg += res->score;
	}
	for (int k = 0; k < res->nflags; k++) {
		hp->flag_counts[res->flags[k].code]++;
		hp->rels_overdue += res->flags[k].code == HF_OVERDUE_GOALS;
	}
	int cadence = cadence_of(row, hp->prog->cadence_days);
	int64_t since = contact > row->started_at ? contact : row->started_at;
	int64_t gap = hp->now - since;
	hp->contact[gap <= (int64_t)cadence * 86400 ? 0
		    : (double)gap <= hp->t.quiet_factor * cadence * 86400.0 ? 1 : 2]++;
}

int health_program_load(db_t *db, arena_t *a, const program_t *p, int64_t now, bool exact_contact,
			health_program_t *out)
{
	memset(out, 0, sizeof(*out));
	out->prog = p;
	out->now = now;
	int st = store_health_settings_get(db, p->id, &out->t, &out->custom);
	if (st == DB_OK)
		st = store_health_rows(db, a, p->id, out->t.repeat_min, &out->rows, &out->n);
	if (st != DB_OK)
		return st;
	int n = out->n;
	int64_t *contact = out->last_contact = arena_alloc(a, sizeof(int64_t) * (size_t)(n + 1));
	bool *met = out->met = arena_alloc(a, sizeof(bool) * (size_t)(n + 1));
	bool *need = arena_alloc(a, sizeof(bool) * (size_t)(n + 1));
	out->brief = arena_alloc(a, sizeof(health_brief_t) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		const health_row_t *row = &out->rows[i];
		met[i] = row_met(row, now);
		/* Inactive relationships' contact matters only to reports. */
		if (exact_contact || phase_active((phase_t)row->phase)) {
			contact[i] = known_contact(row, now);
			need[i] = needs_lookup(row, cadence_of(row, p->cadence_days), now, exact_contact);
		}
	}
	if ((st = lookup_contacts(db, a, out->rows, need, n, now, contact, met)) != DB_OK)
		return st;
	for (int i = 0; i < n; i++) {
		health_facts_t f;
		health_result_t res;
		/* Scores only: the words are written for the few shown. */
		health_program_result(out, i, NULL, &f, &res);
		out->brief[i] = (health_brief_t){.score = (int16_t)res.score, .flags = (uint16_t)wanted(&res),
						 .state = (uint8_t)res.state, .started = res.started,
						 .at_risk = res.at_risk};
		tally(out, i, &res);
	}
	if (out->scored)
		out->score_avg /= out->scored;
	int rating_sum = 0;
	double pct = 0;
	for (int i = 0; i < n; i++) {
		rating_sum += out->rows[i].rating_sum;
		pct += out->rows[i].progress_pct_sum;
	}
	out->rating_avg = out->ratings ? (double)rating_sum / out->ratings : 0;
	out->progress_avg = out->progress_goals ? pct / out->progress_goals : 0;
	return DB_OK;
}

int health_program_outcomes(db_t *db, arena_t *a, health_program_t *hp)
{
	int st = store_health_closures(db, a, hp->prog->id, &hp->closures);
	if (st == DB_OK)
		st = load_months(db, a, hp);
	return st;
}

/* qsort has no context argument in C17; each request sorts on its own
 * thread, so a thread-local pointer keeps this reentrant. */
static _Thread_local const health_program_t *sorting;

/* At risk without ever meeting first, then by score; pairs not started
 * (unscored, not at risk) last. */
static int sort_key(const health_brief_t *b)
{
	if (!b->started)
		return b->at_risk ? -1 : 101;
	return b->score;
}

static int by_score(const void *x, const void *y)
{
	int i = *(const int *)x, j = *(const int *)y;
	int d = sort_key(&sorting->brief[i]) - sort_key(&sorting->brief[j]);
	if (d)
		return d;
	return sorting->rows[i].rel_id < sorting->rows[j].rel_id ? -1 : 1;
}

/* Moves heap[i] down to its place in a heap of m whose root is the last in
 * order (the worst of those kept). */
static void sift_down(int *heap, int m, int i)
{
	for (;;) {
		int c = 2 * i + 1;
		if (c >= m)
			return;
		if (c + 1 < m && by_score(&heap[c + 1], &heap[c]) > 0)
			c++;
		if (by_score(&heap[c], &heap[i]) <= 0)
			return;
		int t = heap[i];
		heap[i] = heap[c];
		heap[c] = t;
		i = c;
	}
}

int *health_program_order(arena_t *a, const health_program_t *hp, bool at_risk_only, int first, int *n)
{
	int *idx = arena_alloc(a, sizeof(int) * (size_t)(hp->n + 1));
	*n = 0;
	for (int i = 0; i < hp->n; i++)
		if (!at_risk_only || hp->brief[i].at_risk)
			idx[(*n)++] = i;
	int m = first < 0 ? 0 : first < *n ? first : *n;
	sorting = hp;
	if (m < *n) {
		/* The first m of the order: a heap of the m best so far, whose
		 * root each better one replaces. */
		for (int i = m / 2 - 1; i >= 0; i--)
			sift_down(idx, m, i);
		for (int i = m; m && i < *n; i++)
			if (by_score(&idx[i], &idx[0]) < 0) {
				int t = idx[0];
				idx[0] = idx[i];
				idx[i] = t;
				sift_down(idx, m, 0);
			}
	}
	qsort(idx, (size_t)m, sizeof(int), by_score);
	sorting = NULL;
	return idx;
}

static const char *overdue_before(arena_t *a, int64_t now, int grace)
{
	time_t t = (time_t)(now - (int64_t)grace * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	return arena_printf(a, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, tm.tm_mon + 1, tm.tm_mday);
}

/* The evidence a relationship's flags ask for: f->ev points at HF_COUNT
 * lists (filled by store_health_evidence) and each flag of res at its own. */
static health_ev_ask_t ask_of(arena_t *a, const health_row_t *row, const health_thresholds_t *t, int64_t now,
			      health_facts_t *f, health_result_t *res)
{
	f->ev = arena_alloc(a, sizeof(health_ev_list_t) * HF_COUNT);
	for (int k = 0; k < res->nflags; k++)
		res->flags[k].ev = &f->ev[res->flags[k].code];
	return (health_ev_ask_t){.row = row, .want = wanted(res), .repeat_min = t->repeat_min,
				 .overdue_before = overdue_before(a, now, t->overdue_grace_days), .ev = f->ev};
}

void health_program_result(const health_program_t *hp, int i, arena_t *a, health_facts_t *f,
			   health_result_t *res)
{
	const health_row_t *row = &hp->rows[i];
	facts_of(row, cadence_of(row, hp->prog->cadence_days), hp->last_contact[i], hp->met[i], f);
	health_eval(f, &hp->t, hp->now, a, res);
}

int health_program_evidence(db_t *db, arena_t *a, const health_program_t *hp, const int *idx, int n,
			    health_result_t *res)
{
	health_ev_ask_t *asks = arena_alloc(a, sizeof(*asks) * (size_t)(n + 1));
	for (int j = 0; j < n; j++) {
		/* The facts are needed until the ask is made: it keeps their
		 * evidence lists (in a), not them. */
		health_facts_t f;
		health_program_result(hp, idx[j], a, &f, &res[j]);
		asks[j] = ask_of(a, &hp->rows[idx[j]], &hp->t, hp->now, &f, &res[j]);
	}
	return store_health_evidence(db, a, hp->now, asks, n);
}

int health_days_since_contact(const health_program_t *hp, int i)
{
	int64_t contact = hp->last_contact[i], started = hp->rows[i].started_at;
	int64_t since = contact > started ? contact : started;
	return since > 0 && hp->now >= since ? (int)((hp->now - since) / 86400) : -1;
}

/* ---- one relationship ---- */

double svc_health_hours(int64_t seconds)
{
	return svc_health_round1((double)seconds / 3600.0);
}

void svc_health_response_out(const int *replies, const int64_t *median, ResponseTimes_t *out)
{
	*out = (ResponseTimes_t){
		.mentor = {replies[HEALTH_MENTOR], svc_health_hours(median[HEALTH_MENTOR]), !replies[HEALTH_MENTOR]},
		.mentee = {replies[HEALTH_MENTEE], svc_health_hours(median[HEALTH_MENTEE]), !replies[HEALTH_MENTEE]}};
}

void svc_health_result_out(arena_t *a, const health_result_t *res, RelationshipHealth_t *out)
{
	memset(out, 0, sizeof(*out));
	svc_health_response_out(res->replies, res->reply_median, &out->response_times);
	out->score = res->score;
	out->score_null = !res->started;
	out->state = health_state_name(res->state);
	out->at_risk = res->at_risk;
	out->flags.v = arena_alloc(a, sizeof(HealthFlag_t) * (size_t)(res->nflags + 1));
	out->flags.n = res->nflags;
	for (int k = 0; k < res->nflags; k++) {
		const health_flag_t *fl = &res->flags[k];
		HealthFlag_t *o = &out->flags.v[k];
		o->code = health_flag_name(fl->code);
		o->title = health_flag_title(fl->code);
		o->severity = health_severity_name(fl->severity);
		o->message = fl->message;
		int nev = fl->ev ? fl->ev->n : 0;
		o->evidence.v = arena_alloc(a, sizeof(HealthEvidence_t) * (size_t)(nev + 1));
		o->evidence.n = nev;
		for (int e = 0; e < nev; e++)
			o->evidence.v[e] = (HealthEvidence_t){.type = health_ev_kind_name(fl->ev->v[e].kind),
							     .id = fl->ev->v[e].id,
							     .href = health_ev_href(a, &fl->ev->v[e])};
	}
}

/* The thresholds of each distinct program of a batch, read once each. */
typedef struct program_thresholds {
	int64_t program_id;
	health_thresholds_t t;
} program_thresholds_t;

static int thresholds_of(svc_t *s, const relationship_t *rels, int n, const health_thresholds_t **t)
{
	program_thresholds_t *seen = arena_alloc(s->arena, sizeof(*seen) * (size_t)(n + 1));
	int nseen = 0;
	for (int i = 0; i < n; i++) {
		int k = 0;
		while (k < nseen && seen[k].program_id != rels[i].program_id)
			k++;
		if (k == nseen) {
			bool custom;
			seen[k].program_id = rels[i].program_id;
			int st = store_health_settings_get(s->db, rels[i].program_id, &seen[k].t, &custom);
			if (st != DB_OK)
				return st;
			nseen++;
		}
		t[i] = &seen[k].t;
	}
	return DB_OK;
}

/* A batch costs the same few queries whatever its length: the thresholds
 * of each program once, the rollups, their tags, the latest started
 * meetings, and one query per kind of evidence the flags raised. */
int svc_health_rels(svc_t *s, const relationship_t *rels, int n, RelationshipHealth_t *out, bool *known)
{
	int64_t now = time_now();
	arena_t *a = s->arena;
	const health_thresholds_t **t = arena_alloc(a, sizeof(*t) * (size_t)(n + 1));
	int64_t *ids = arena_alloc(a, sizeof(int64_t) * (size_t)(n + 1));
	int *repeat_min = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	health_row_t *rows = arena_alloc(a, sizeof(health_row_t) * (size_t)(n + 1));
	int64_t *contact = arena_alloc(a, sizeof(int64_t) * (size_t)(n + 1));
	bool *need = arena_alloc(a, sizeof(bool) * (size_t)(n + 1));
	bool *met = arena_alloc(a, sizeof(bool) * (size_t)(n + 1));
	int st = thresholds_of(s, rels, n, t);
	for (int i = 0; i < n; i++) {
		known[i] = false;
		ids[i] = rels[i].id;
		repeat_min[i] = t[i] ? t[i]->repeat_min : 0;
	}
	if (st == DB_OK)
		st = store_health_rows_of(s->db, a, ids, repeat_min, n, rows, known);
	for (int i = 0; st == DB_OK && i < n; i++)
		if (known[i]) {
			contact[i] = known_contact(&rows[i], now);
			met[i] = row_met(&rows[i], now);
			need[i] = needs_lookup(&rows[i], cadence_of(&rows[i], rels[i].program_cadence_days), now, true);
		}
	if (st == DB_OK)
		st = lookup_contacts(s->db, a, rows, need, n, now, contact, met);
	if (st != DB_OK)
		return svc_db(s, st);
	health_facts_t *facts = arena_alloc(a, sizeof(health_facts_t) * (size_t)(n + 1));
	health_result_t *res = arena_alloc(a, sizeof(health_result_t) * (size_t)(n + 1));
	health_ev_ask_t *asks = arena_alloc(a, sizeof(health_ev_ask_t) * (size_t)(n + 1));
	int nasks = 0;
	for (int i = 0; i < n; i++) {
		if (!known[i])
			continue;
		facts_of(&rows[i], cadence_of(&rows[i], rels[i].program_cadence_days), contact[i], met[i], &facts[i]);
		health_eval(&facts[i], t[i], now, a, &res[i]);
		asks[nasks++] = ask_of(a, &rows[i], t[i], now, &facts[i], &res[i]);
	}
	if ((st = store_health_evidence(s->db, a, now, asks, nasks)) != DB_OK)
		return svc_db(s, st);
	for (int i = 0; i < n; i++)
		if (known[i])
			svc_health_result_out(a, &res[i], &out[i]);
	return SVC_OK;
}

/* ---- the operations ---- */

double svc_health_round1(double v)
{
	return round(v * 10) / 10;
}

void svc_health_thresholds_out(const health_thresholds_t *t, HealthThresholds_t *out)
{
	*out = (HealthThresholds_t){.quiet_factor = t->quiet_factor, .schedule_min = t->schedule_min,
				    .credit_min = t->credit_min, .pushed_min = t->pushed_min,
				    .repeat_min = t->repeat_min, .agenda_balance = t->agenda_balance,
				    .engagement_min = t->engagement_min, .overdue_grace_days = t->overdue_grace_days,
				    .at_risk_below = t->at_risk_below, .slow_reply_hours = t->slow_reply_hours};
}

/* Relationship i of a scored program, whose result is res, as an item of
 * its health list. */
static void item_out(arena_t *a, const health_program_t *hp, int i, const health_result_t *res,
		     const char *mentor, const char *mentee, ProgramHealthItem_t *out)
{
	RelationshipHealth_t h;
	const health_row_t *row = &hp->rows[i];
	svc_health_result_out(a, res, &h);
	*out = (ProgramHealthItem_t){.score = h.score, .score_null = h.score_null, .state = h.state,
				     .at_risk = h.at_risk, .flags = h.flags, .response_times = h.response_times,
				     .relationship_id = row->rel_id, .phase = phase_name((phase_t)row->phase),
				     .mentor = {row->mentor_id, mentor}, .mentee = {row->mentee_id, mentee}};
}

/* Items order[0..n) of a scored program, explained (with their evidence
 * when evidence is set) and named: a fixed number of queries for all. */
static int items_out(svc_t *s, const health_program_t *hp, const int *order, int n, bool evidence,
		     ProgramHealthItem_t *out)
{
	int64_t *ids = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(n + 1));
	const char **mentor = arena_alloc(s->arena, sizeof(char *) * (size_t)(n + 1));
	const char **mentee = arena_alloc(s->arena, sizeof(char *) * (size_t)(n + 1));
	health_result_t *res = arena_alloc(s->arena, sizeof(*res) * (size_t)(n + 1));
	for (int j = 0; j < n; j++) {
		ids[j] = hp->rows[order[j]].rel_id;
		if (!evidence) {
			health_facts_t f;
			health_program_result(hp, order[j], s->arena, &f, &res[j]);
		}
	}
	int st = evidence ? health_program_evidence(s->db, s->arena, hp, order, n, res) : DB_OK;
	if (st == DB_OK)
		st = store_health_names_of(s->db, s->arena, ids, n, mentor, mentee);
	if (st != DB_OK)
		return svc_db(s, st);
	for (int j = 0; j < n; j++)
		item_out(s->arena, hp, order[j], &res[j], mentor[j], mentee[j], &out[j]);
	return SVC_OK;
}

int svc_health_get(svc_t *s, const in_getProgramHealth_t *in, ProgramHealth_t *out)
{
	program_t *p;
	int64_t offset;
	int st = svc_program_access(s, in->id, true, &p);
	if (st)
		return st;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &offset)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	health_program_t hp;
	health_needs_t needs;
	if ((st = health_program_load(s->db, s->arena, p, time_now(), false, &hp)) != DB_OK ||
	    (st = health_needs_of(s->db, &hp, &needs)) != DB_OK)
		return svc_db(s, st);
	int n, limit = in->has_limit ? (int)in->limit : 50;
	/* Only this page and those before it are put in order (a cursor may
	 * be any non-negative number). */
	int upto = offset <= (int64_t)INT_MAX - limit ? (int)offset + limit : INT_MAX;
	int *order = health_program_order(s->arena, &hp, in->has_at_risk, upto, &n);
	int from = offset < n ? (int)offset : n, page = n - from < limit ? n - from : limit;
	ProgramHealthItem_t *items = arena_alloc(s->arena, sizeof(*items) * (size_t)(page + 1));
	if ((st = items_out(s, &hp, order + from, page, true, items)))
		return st;
	*out = (ProgramHealth_t){.program_id = p->id, .generated_at = hp.now, .custom_thresholds = hp.custom,
				 .summary = {.relationships = hp.n, .active = hp.active, .at_risk = hp.at_risk,
					     .not_started = hp.not_started, .awaiting_match = needs.awaiting_match,
					     .pending_requests = needs.pending_requests,
					     .average_score = svc_health_round1(hp.score_avg)},
				 .items = {items, page}};
	svc_health_thresholds_out(&hp.t, &out->thresholds);
	ProgramHealth_summary_flags_t *f = &out->summary.flags;
	const int *c = hp.flag_counts;
	*f = (ProgramHealth_summary_flags_t){c[HF_GONE_QUIET], c[HF_SCHEDULE_IMPOSED], c[HF_CREDIT_TAKEN],
		c[HF_PROJECTS_PUSHED], c[HF_REPEATED_MISTAKES], c[HF_ONE_SIDED], c[HF_OVERDUE_GOALS], c[HF_SLOW_REPLIES]};
	if (from + page < n)
		out->next = arena_printf(s->arena, "%d", from + page);
	return SVC_OK;
}

int health_needs_of(db_t *db, const health_program_t *hp, health_needs_t *out)
{
	int64_t awaiting = 0, pending = 0;
	bool found;
	*out = (health_needs_t){.at_risk = hp->at_risk, .gone_quiet = hp->flag_counts[HF_GONE_QUIET],
				.not_started = hp->not_started};
	int st = sql_health_awaiting_match(db, hp->prog->id, &awaiting, &found);
	if (st == DB_OK)
		st = sql_health_pending_requests(db, hp->prog->id, &pending, &found);
	out->awaiting_match = (int)awaiting;
	out->pending_requests = (int)pending;
	return st;
}

int svc_health_needs(svc_t *s, int64_t program_id, health_needs_t *out)
{
	program_t *p;
	health_program_t hp;
	int st = svc_program_access(s, program_id, true, &p);
	if (st)
		return st;
	if ((st = health_program_load(s->db, s->arena, p, time_now(), false, &hp)) == DB_OK)
		st = health_needs_of(s->db, &hp, out);
	return svc_db(s, st);
}

int svc_health_dashboard(svc_t *s, int64_t program_id, int max_at_risk, health_dashboard_t *out)
{
	program_t *p;
	memset(out, 0, sizeof(*out));
	int st = svc_program_access(s, program_id, true, &p);
	if (st)
		return st;
	out->program = p;
	if ((st = health_program_load(s->db, s->arena, p, time_now(), false, &out->hp)) != DB_OK ||
	    (st = health_program_outcomes(s->db, s->arena, &out->hp)) != DB_OK ||
	    (st = health_needs_of(s->db, &out->hp, &out->needs)) != DB_OK)
		return svc_db(s, st);
	int n;
	int *order = health_program_order(s->arena, &out->hp, true, max_at_risk, &n);
	out->n_at_risk = n < max_at_risk ? n : max_at_risk;
	out->at_risk = arena_alloc(s->arena, sizeof(ProgramHealthItem_t) * (size_t)(out->n_at_risk + 1));
	return items_out(s, &out->hp, order, out->n_at_risk, false, out->at_risk);
}

static void settings_out(const health_thresholds_t *t, bool custom, int64_t program_id, HealthSettings_t *out)
{
	HealthThresholds_t h;
	svc_health_thresholds_out(t, &h);
	*out = (HealthSettings_t){.quiet_factor = h.quiet_factor, .schedule_min = h.schedule_min,
				  .credit_min = h.credit_min, .pushed_min = h.pushed_min, .repeat_min = h.repeat_min,
				  .agenda_balance = h.agenda_balance, .engagement_min = h.engagement_min,
				  .overdue_grace_days = h.overdue_grace_days, .at_risk_below = h.at_risk_below,
				  .slow_reply_hours = h.slow_reply_hours, .program_id = program_id, .custom = custom};
}

int svc_health_settings_get(svc_t *s, const in_getHealthSettings_t *in, HealthSettings_t *out)
{
	program_t *p;
	health_thresholds_t t;
	bool custom;
	int st = svc_program_access(s, in->id, true, &p);
	if (st)
		return st;
	if ((st = store_health_settings_get(s->db, p->id, &t, &custom)) != DB_OK)
		return svc_db(s, st);
	settings_out(&t, custom, p->id, out);
	return SVC_OK;
}

/* Fields left out keep their value; program_id and custom (what a GET
 * answers) are accepted and ignored, so an answer can be sent back. */
int svc_health_settings_put(svc_t *s, const in_putHealthSettings_t *in, HealthSettings_t *out)
{
	const HealthSettingsUpdate_t *b = &in->body;
	program_t *p;
	health_thresholds_t t;
	bool custom;
	int st = svc_program_access(s, in->id, true, &p);
	if (st || (st = svc_program_writable(s, p)) || (st = svc_begin(s)))
		return st;
	int db = store_health_settings_get(s->db, p->id, &t, &custom);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if (b->has_quiet_factor)
		t.quiet_factor = b->quiet_factor;
	if (b->has_schedule_min)
		t.schedule_min = (int)b->schedule_min;
	if (b->has_credit_min)
		t.credit_min = (int)b->credit_min;
	if (b->has_pushed_min)
		t.pushed_min = (int)b->pushed_min;
	if (b->has_repeat_min)
		t.repeat_min = (int)b->repeat_min;
	if (b->has_agenda_balance)
		t.agenda_balance = b->agenda_balance;
	if (b->has_engagement_min)
		t.engagement_min = (int)b->engagement_min;
	if (b->has_overdue_grace_days)
		t.overdue_grace_days = (int)b->overdue_grace_days;
	if (b->has_at_risk_below)
		t.at_risk_below = (int)b->at_risk_below;
	if (b->has_slow_reply_hours)
		t.slow_reply_hours = (int)b->slow_reply_hours;
	/* The document bounds each field; the detector's own check stays for
	 * callers that did not come through it. */
	health_thresholds_check(&t, &s->fields);
	if ((st = svc_check(s)))
		return svc_abort(s, st);
	db = store_health_settings_put(s->db, p->id, &t, s->uid);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "program.health_settings", "program", p->id, "");
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	settings_out(&t, true, p->id, out);
	return SVC_OK;
}
