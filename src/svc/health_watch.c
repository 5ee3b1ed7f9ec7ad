/* The health watch (see health_watch.h). A relationship the watch has not
 * looked at since it was made ('new') is announced when it is at risk at
 * the first look; one from before the watch existed (no state) is recorded
 * quietly at its first look, so an upgrade does not mail every manager
 * about every relationship already at risk. Gone quiet has its own nudge to
 * the pair in the job runner, so the pair's note covers the other missteps;
 * every flag counts for the managers' announcement. */
#include "svc/health_watch.h"
#include "svc/health.h"
#include "notify/program_notices.h"
#include "core/buf.h"
#include "store/stmts.h"

#include <string.h>

typedef struct watcher {
	db_t *db;
	arena_t *a;
	int64_t now;
	notify_batch_t *batch;
	notify_job_stats_t *stats;
	const program_t *prog;
	row_stepin_id_t *managers;
	int n_managers;
} watcher_t;

/* "- Gone quiet\n- Credit taken": the titles of the flags (bits), for the
 * managers. */
static const char *flag_titles(arena_t *a, unsigned bits)
{
	buf_t b = BUF_INIT;
	for (int c = 0; c < HF_COUNT; c++)
		if (bits & (1u << c))
			buf_printf(&b, "%s- %s", b.len ? "\n" : "", health_flag_title((health_flag_code_t)c));
	const char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The mail of one relationship's change: the managers' announcement when
 * it became at risk (the nth time), the pair's notes for new flags. */
static int announce(watcher_t *w, arena_t *a, int64_t rel_id, const health_brief_t *b, bool became,
		    int64_t nth, unsigned new_flags)
{
	relationship_t *rel = NULL;
	int st = store_rel_get(w->db, a, rel_id, &rel);
	if (st != DB_OK || !rel)
		return st;
	notify_pair_t p = {.rel_id = rel->id, .program_name = rel->program_name, .mentor_id = rel->mentor_id,
			   .mentee_id = rel->mentee_id, .mentor_name = rel->mentor_name, .mentee_name = rel->mentee_name};
	for (int k = 0; became && st == DB_OK && k < w->n_managers; k++) {
		st = notify_at_risk(w->db, a, &p, w->managers[k].id, nth, b->started ? b->score : -1,
				    flag_titles(a, b->flags));
		w->stats->at_risk += st == DB_OK;
	}
	for (int c = 0; st == DB_OK && c < HF_COUNT; c++) {
		const char *code = health_flag_name((health_flag_code_t)c);
		if (!(new_flags & (1u << c)) || !notify_flag_has_note(code))
			continue;
		st = notify_flag_raised(w->db, a, &p, rel->mentee_id, code);
		if (st == DB_OK)
			st = notify_flag_raised(w->db, a, &p, rel->mentor_id, code);
		w->stats->missteps += st == DB_OK;
	}
	return st;
}

/* Relationship i of hp against what the watch saw of it (seen NULL: no
 * row); writes only what changed. */
static int look(watcher_t *w, const health_program_t *hp, int i, const row_watch_t *seen)
{
	const health_brief_t *b = &hp->brief[i];
	const char *state = health_state_name((health_state_t)b->state);
	unsigned bits = b->flags, known = seen ? (unsigned)seen->flags : 0;
	int64_t count = seen ? seen->at_risk_count : 0;
	bool quiet = !seen || !seen->state; /* first look at a relationship from before the watch */
	if (seen && !quiet && !strcmp(seen->state, state) && (known | bits) == known)
		return DB_OK;
	bool became = !quiet && b->state == HST_AT_RISK && strcmp(seen->state, "at_risk") != 0;
	unsigned fresh = quiet || b->state == HST_ENDED ? 0 : bits & ~known;
	int st = notify_batch_open(w->batch);
	if (st == DB_OK && (became || fresh)) {
		/* The mails' own arena: a first look at fifty thousand new
		 * relationships kept every one's mail in the program's arena
		 * until the program was done. */
		arena_t *a = arena_new();
		st = announce(w, a, hp->rows[i].rel_id, b, became, count + became, fresh);
		arena_free(a);
	}
	if (st == DB_OK)
		st = sql_watch_put(w->db, hp->rows[i].rel_id, state, (int64_t)(known | bits), count + became, w->now);
	return notify_batch_done(w->batch, st);
}

static int watch_program(watcher_t *w, int64_t program_id)
{
	program_t *prog = NULL;
	int st = store_program_get(w->db, w->a, program_id, &prog);
	if (st != DB_OK || !prog)
		return st;
	w->prog = prog;
	health_program_t hp;
	row_watch_t *seen;
	int n_seen = 0;
	if ((st = health_program_load(w->db, w->a, prog, w->now, false, &hp)) != DB_OK ||
	    (st = sql_watch_of_program(w->db, w->a, prog->id, &seen, &n_seen)) != DB_OK ||
	    (st = sql_program_manager_ids(w->db, w->a, prog->id, &w->managers, &w->n_managers)) != DB_OK)
		return st;
	/* Both lists are by relationship id: one walk. */
	int k = 0;
	for (int i = 0; st == DB_OK && i < hp.n; i++) {
		int64_t id = hp.rows[i].rel_id;
		while (k < n_seen && seen[k].relationship_id < id)
			k++;
		st = look(w, &hp, i, k < n_seen && seen[k].relationship_id == id ? &seen[k] : NULL);
	}
	return st;
}

int svc_health_watch_run(db_t *db, int64_t now, notify_batch_t *batch, notify_job_stats_t *stats)
{
	arena_t *a = arena_new();
	row_stepin_id_t *progs;
	int n = 0;
	int st = sql_watch_programs(db, a, &progs, &n);
	for (int k = 0; st == DB_OK && k < n; k++) {
		/* One arena per program: a large one is freed before the next. */
		watcher_t w = {.db = db, .a = arena_new(), .now = now, .batch = batch, .stats = stats};
		st = watch_program(&w, progs[k].id);
		arena_free(w.a);
	}
	arena_free(a);
	return st;
}
