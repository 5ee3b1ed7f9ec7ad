/* SMART checks (see goal.h). "Specific" wants a concrete outcome of a few
 * words, not a wish; "measurable" wants a metric with a baseline and a
 * different target; "relevant" wants the link to the agreement's purpose
 * spelled out; "time-bound" wants a due date between today and the end of
 * the relationship; "attainable" is the mentor's confirmation. */
#include "core/goal.h"

#include <ctype.h>
#include <string.h>

const char *const smart_names[SMART_N] = {"specific", "measurable", "attainable", "relevant",
					  "time_bound"};

static int words(const char *s)
{
	int n = 0;
	bool in = false;
	for (; s && *s; s++) {
		bool w = !isspace((unsigned char)*s);
		n += w && !in;
		in = w;
	}
	return n;
}

static void set(smart_t *s, int k, const char *why)
{
	s->ok[k] = why == NULL;
	s->why[k] = why;
}

void goal_smart_check(const goal_input_t *g, const goal_context_t *ctx, smart_t *out)
{
	set(out, SMART_S, words(g->outcome) >= 4 ? NULL
		: "describe the concrete outcome in a sentence: what will be different when it is done?");
	const char *m = NULL;
	if (!g->metric || !*g->metric)
		m = "name the metric you will measure";
	else if (!g->has_baseline || !g->has_target)
		m = "give the baseline (where you are now) and the target";
	else if (g->baseline == g->target)
		m = "the target must differ from the baseline";
	set(out, SMART_M, m);
	set(out, SMART_A, g->confirmed ? NULL : "the mentor has not yet confirmed it is attainable");
	const char *r = NULL;
	if (!ctx->has_purpose)
		r = "write the agreement's purpose first, so the goal can serve it";
	else if (words(g->relevance) < 3)
		r = "say how this goal serves the purpose of your agreement";
	set(out, SMART_R, r);
	const char *t = NULL;
	if (!g->due_on || !*g->due_on)
		t = "set a due date";
	else if (ctx->today && strcmp(g->due_on, ctx->today) <= 0)
		t = "the due date must be in the future";
	else if (ctx->ends_on && strcmp(g->due_on, ctx->ends_on) > 0)
		t = "the due date must fall inside the relationship";
	set(out, SMART_T, t);
}

bool goal_ready_for_mentor(const smart_t *s)
{
	return s->ok[SMART_S] && s->ok[SMART_M] && s->ok[SMART_R] && s->ok[SMART_T];
}
