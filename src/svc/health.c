/* Program health: every relationship of a program scored by the missteps
 * detector (core/health.h) from the rollups (store/store_health.h), with
 * the figures of the program manager's dashboard and reports; and the
 * health of single relationships as their lists and pages show it. It
 * reads counts and dates only: no message, note or feedback text. */
#include "svc/health.h"
#include "core/timeutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- scoring a program ---- */

/* The latest contact (message, or meeting that has started) of a row. The
 * rollup knows the latest meeting, which may lie ahead; then the latest one
 * that started is looked up, but only when the answer matters: exactly, or
 * when the messages alone do not show contact within the cadence. */
static int contact_of(db_t *db, const health_row_t *row, int cadence, int64_t now, bool exact,
		      int64_t *out)
{
	int64_t known = row->last_message_at;
	if (row->last_meeting_at <= now && row->last_meeting_at > known)
		known = row->last_meeting_at;
	*out = known;
	if (row->last_meeting_at <= now)
		return DB_OK;
	int64_t ref = known > row->started_at ? known : row->started_at;
	if (!exact && now - ref <= (int64_t)cadence * 86400)
		return DB_OK;
	int64_t started = 0;
	int st = store_health_last_started(db, row->rel_id, now, &started);
	if (started > known)
		*out = started;
	return st;
}

static void facts_of(const health_row_t *row, int cadence, int64_t contact, health_facts_t *f)
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
		.first_active_due_on = row->first_active_due_on[0] ? row->first_active_due_on : NULL,
	};
}

static int cadence_of(const health_program_t *hp, const health_row_t *row)
{
	return row->cadence_days > 0 ? row->cadence_days : hp->prog->cadence_days > 0 ? hp->prog->cadence_days : 14;
}

static int bucket5(int score)
{
	return score >= 80 ? 4 : score < 0 ? 0 : score / 20;
}

/* The last twelve calendar months, oldest first, with their meetings. */
static int load_months(db_t *db, health_program_t *hp)
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
	int st = store_health_months(db, hp->prog->id, hp->months[0].month, got, HEALTH_MONTHS + 1, &n);
	for (int i = 0; st == DB_OK && i < n; i++)
		for (int j = 0; j < HEALTH_MONTHS; j++)
			if (!strcmp(got[i].month, hp->months[j].month))
				hp->months[j].meetings = got[i].meetings;
	return st;
}

/* Adds relationship i to the program's figures. */
static void tally(health_program_t *hp, int i, int64_t contact)
{
	const health_row_t *row = &hp->rows[i];
	const health_result_t *res = &hp->res[i];
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
	hp->score_hist[bucket5(res->score)]++;
	hp->score_avg += res->score;
	for (int k = 0; k < res->nflags; k++) {
		hp->flag_counts[res->flags[k].code]++;
		hp->rels_overdue += res->flags[k].code == HF_OVERDUE_GOALS;
	}
	int cadence = cadence_of(hp, row);
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
	out->facts = arena_alloc(a, sizeof(health_facts_t) * (size_t)(out->n + 1));
	out->res = arena_alloc(a, sizeof(health_result_t) * (size_t)(out->n + 1));
	for (int i = 0; i < out->n; i++) {
		const health_row_t *row = &out->rows[i];
		int cadence = cadence_of(out, row);
		int64_t contact = 0;
		if (exact_contact || phase_active((phase_t)row->phase))
			st = contact_of(db, row, cadence, now, exact_contact, &contact);
		if (st != DB_OK)
			return st;
		facts_of(row, cadence, contact, &out->facts[i]);
		/* Scores only: the words are written for the few shown. */
		health_eval(&out->facts[i], &out->t, now, NULL, &out->res[i]);
		tally(out, i, contact);
	}
	if (out->active)
		out->score_avg /= out->active;
	int rating_sum = 0;
	double pct = 0;
	for (int i = 0; i < out->n; i++) {
		rating_sum += out->rows[i].rating_sum;
		pct += out->rows[i].progress_pct_sum;
	}
	out->rating_avg = out->ratings ? (double)rating_sum / out->ratings : 0;
	out->progress_avg = out->progress_goals ? pct / out->progress_goals : 0;
	st = store_health_closures(db, p->id, &out->closures);
	if (st == DB_OK)
		st = load_months(db, out);
	return st;
}

/* qsort has no context argument in C17; each request sorts on its own
 * thread, so a thread-local pointer keeps this reentrant. */
static _Thread_local const health_program_t *sorting;

static int by_score(const void *x, const void *y)
{
	int i = *(const int *)x, j = *(const int *)y;
	int d = sorting->res[i].score - sorting->res[j].score;
	if (d)
		return d;
	return sorting->rows[i].rel_id < sorting->rows[j].rel_id ? -1 : 1;
}

int *health_program_order(arena_t *a, const health_program_t *hp, bool at_risk_only, int *n)
{
	int *idx = arena_alloc(a, sizeof(int) * (size_t)(hp->n + 1));
	*n = 0;
	for (int i = 0; i < hp->n; i++)
		if (!at_risk_only || hp->res[i].at_risk)
			idx[(*n)++] = i;
	sorting = hp;
	qsort(idx, (size_t)*n, sizeof(int), by_score);
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

static unsigned wanted(const health_result_t *res)
{
	unsigned want = 0;
	for (int k = 0; k < res->nflags; k++)
		want |= 1u << res->flags[k].code;
	return want;
}

/* Loads evidence for the flags res raised on facts f (whose ev it sets). */
static int load_evidence(db_t *db, arena_t *a, const health_row_t *row, const health_thresholds_t *t,
			 int64_t now, health_facts_t *f, health_result_t *res)
{
	f->ev = arena_alloc(a, sizeof(health_ev_list_t) * HF_COUNT);
	for (int k = 0; k < res->nflags; k++)
		res->flags[k].ev = &f->ev[res->flags[k].code];
	if (!res->nflags)
		return DB_OK;
	return store_health_evidence(db, row, wanted(res), t->repeat_min, now,
				     overdue_before(a, now, t->overdue_grace_days), f->ev);
}

void health_program_explain(arena_t *a, health_program_t *hp, int i)
{
	health_eval(&hp->facts[i], &hp->t, hp->now, a, &hp->res[i]);
}

int health_program_evidence(db_t *db, arena_t *a, health_program_t *hp, int i)
{
	health_program_explain(a, hp, i);
	return load_evidence(db, a, &hp->rows[i], &hp->t, hp->now, &hp->facts[i], &hp->res[i]);
}

int health_days_since_contact(const health_program_t *hp, int i)
{
	const health_facts_t *f = &hp->facts[i];
	int64_t since = f->last_contact_at > f->started_at ? f->last_contact_at : f->started_at;
	return since > 0 && hp->now >= since ? (int)((hp->now - since) / 86400) : -1;
}

/* ---- one relationship ---- */

void svc_health_result_out(arena_t *a, const health_result_t *res, RelationshipHealth_t *out)
{
	memset(out, 0, sizeof(*out));
	out->score = res->score;
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

int svc_health_rels(svc_t *s, const relationship_t *rels, int n, RelationshipHealth_t *out, bool *known)
{
	int64_t now = time_now();
	for (int i = 0; i < n; i++) {
		const relationship_t *rel = &rels[i];
		health_thresholds_t t;
		health_row_t row;
		bool custom, found = false;
		known[i] = false;
		int st = store_health_settings_get(s->db, rel->program_id, &t, &custom);
		if (st == DB_OK)
			st = store_health_row(s->db, rel->id, t.repeat_min, &row, &found);
		if (st != DB_OK)
			return svc_db(s, st);
		if (!found)
			continue;
		int64_t contact = 0;
		int cadence = row.cadence_days > 0 ? row.cadence_days : rel->program_cadence_days > 0 ?
			      rel->program_cadence_days : 14;
		health_facts_t *f = arena_alloc(s->arena, sizeof(*f));
		health_result_t res;
		if ((st = contact_of(s->db, &row, cadence, now, true, &contact)) != DB_OK)
			return svc_db(s, st);
		facts_of(&row, cadence, contact, f);
		health_eval(f, &t, now, s->arena, &res);
		if ((st = load_evidence(s->db, s->arena, &row, &t, now, f, &res)) != DB_OK)
			return svc_db(s, st);
		svc_health_result_out(s->arena, &res, &out[i]);
		known[i] = true;
	}
	return SVC_OK;
}
