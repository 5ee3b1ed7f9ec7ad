/* The missteps detector (see health.h): each rule reads a few counts or
 * dates, decides whether its misstep shows and how badly, and says so in a
 * sentence that names roles and numbers only. */
#include "core/health.h"
#include "core/phase.h"
#include "core/timeutil.h"

#include <stdio.h>

void health_thresholds_default(health_thresholds_t *t)
{
	*t = (health_thresholds_t){
		.quiet_factor = 2.0,
		.schedule_min = 2,
		.credit_min = 1,
		.pushed_min = 2,
		.repeat_min = 2,
		.agenda_balance = 0.8,
		.engagement_min = 6,
		.overdue_grace_days = 0,
		.at_risk_below = 80,
	};
}

static void check_int(verr_t *errs, const char *field, int v, int min, int max, const char *msg)
{
	if (v < min || v > max)
		verr_add(errs, field, msg);
}

void health_thresholds_check(const health_thresholds_t *t, verr_t *errs)
{
	if (!(t->quiet_factor >= 1.0 && t->quiet_factor <= 10.0))
		verr_add(errs, "quiet_factor", "must be from 1 to 10 (times the cadence)");
	if (!(t->agenda_balance >= 0.55 && t->agenda_balance <= 1.0))
		verr_add(errs, "agenda_balance", "must be a share from 0.55 to 1");
	check_int(errs, "schedule_min", t->schedule_min, 1, 100, "must be a whole number from 1 to 100");
	check_int(errs, "credit_min", t->credit_min, 1, 100, "must be a whole number from 1 to 100");
	check_int(errs, "pushed_min", t->pushed_min, 1, 100, "must be a whole number from 1 to 100");
	check_int(errs, "repeat_min", t->repeat_min, 2, 20, "must be a whole number from 2 to 20");
	check_int(errs, "engagement_min", t->engagement_min, 1, 1000,
		  "must be a whole number from 1 to 1000");
	check_int(errs, "overdue_grace_days", t->overdue_grace_days, 0, 365,
		  "must be a whole number of days from 0 to 365");
	check_int(errs, "at_risk_below", t->at_risk_below, 1, 100, "must be a score from 1 to 100");
}

static const struct {
	const char *name, *title;
} flag_names[HF_COUNT] = {
	[HF_GONE_QUIET] = {"gone_quiet", "Gone quiet"},
	[HF_SCHEDULE_IMPOSED] = {"schedule_imposed", "Schedule imposed on the mentee"},
	[HF_CREDIT_TAKEN] = {"credit_taken", "Credit taken"},
	[HF_PROJECTS_PUSHED] = {"projects_pushed", "Mentor's projects pushed on the mentee"},
	[HF_REPEATED_MISTAKES] = {"repeated_mistakes", "Repeated mistakes uncorrected"},
	[HF_ONE_SIDED] = {"one_sided", "One-sided engagement"},
	[HF_OVERDUE_GOALS] = {"overdue_goals", "Overdue goals"},
};

const char *health_flag_name(health_flag_code_t c)
{
	return c < HF_COUNT ? flag_names[c].name : "";
}

const char *health_flag_title(health_flag_code_t c)
{
	return c < HF_COUNT ? flag_names[c].title : "";
}

const char *health_severity_name(health_severity_t s)
{
	return s == HS_HIGH ? "high" : s == HS_MEDIUM ? "medium" : "low";
}

int health_penalty(health_severity_t s)
{
	return s == HS_HIGH ? 25 : s == HS_MEDIUM ? 15 : 8;
}

const char *health_ev_kind_name(health_ev_kind_t k)
{
	static const char *const names[] = {
		[HE_MEETING] = "meeting", [HE_RESCHEDULE] = "reschedule", [HE_IDEA] = "idea",
		[HE_WIN] = "win", [HE_ACTION] = "action", [HE_FEEDBACK] = "feedback",
		[HE_GOAL] = "goal", [HE_MESSAGES] = "messages", [HE_MEETINGS] = "meetings"};
	return k <= HE_MEETINGS ? names[k] : "";
}

const char *health_ev_href(arena_t *a, const health_ev_t *e)
{
	long long id = (long long)e->id, parent = (long long)e->parent;
	switch (e->kind) {
	case HE_MEETING: return arena_printf(a, "/api/v1/meetings/%lld", id);
	case HE_RESCHEDULE: return arena_printf(a, "/api/v1/meetings/%lld", parent);
	case HE_IDEA: return arena_printf(a, "/api/v1/concerns/%lld/ideas", parent);
	case HE_WIN: return arena_printf(a, "/api/v1/relationships/%lld/wins", parent);
	case HE_ACTION: return arena_printf(a, "/api/v1/relationships/%lld/actions", parent);
	case HE_FEEDBACK: return arena_printf(a, "/api/v1/meetings/%lld/feedback", parent);
	case HE_GOAL: return arena_printf(a, "/api/v1/goals/%lld", id);
	case HE_MESSAGES: return arena_printf(a, "/api/v1/relationships/%lld/messages", id);
	case HE_MEETINGS: return arena_printf(a, "/api/v1/relationships/%lld/meetings", id);
	}
	return "";
}

/* "1 meeting" / "3 meetings". */
static const char *count(arena_t *a, int n, const char *one, const char *many)
{
	return arena_printf(a, "%d %s", n, n == 1 ? one : many);
}

static void add(health_result_t *out, const health_facts_t *f, health_flag_code_t code,
		health_severity_t sev, const char *message)
{
	out->flags[out->nflags++] = (health_flag_t){code, sev, message, f->ev ? &f->ev[code] : NULL};
}

static void rule_quiet(const health_facts_t *f, const health_thresholds_t *t, int64_t now, arena_t *a,
		       health_result_t *out)
{
	int cadence = f->cadence_days > 0 ? f->cadence_days : 14;
	int64_t since = f->last_contact_at > f->started_at ? f->last_contact_at : f->started_at;
	double limit = t->quiet_factor * cadence * 86400.0;
	if (since <= 0 || (double)(now - since) <= limit)
		return;
	health_severity_t sev = (double)(now - since) >= 2 * limit ? HS_HIGH : HS_MEDIUM;
	if (!a) {
		add(out, f, HF_GONE_QUIET, sev, NULL);
		return;
	}
	int days = (int)((now - since) / 86400);
	const char *what = f->last_contact_at ?
		arena_printf(a, "No meeting or message for %d days", days) :
		arena_printf(a, "No meeting or message in the %d days since the relationship started", days);
	add(out, f, HF_GONE_QUIET, sev,
	    arena_printf(a, "%s; the agreed cadence is every %s. Check in with both of them.", what,
			 count(a, cadence, "day", "days")));
}

static void rule_schedule(const health_facts_t *f, const health_thresholds_t *t, arena_t *a,
			  health_result_t *out)
{
	int n = f->outside_mentee_hours + f->mentor_reschedules;
	if (n < t->schedule_min || n == 0)
		return;
	health_severity_t sev = n >= 2 * t->schedule_min ? HS_HIGH : HS_MEDIUM;
	if (!a) {
		add(out, f, HF_SCHEDULE_IMPOSED, sev, NULL);
		return;
	}
	const char *outside = f->outside_mentee_hours ?
		arena_printf(a, "%s %s set outside the mentee's availability",
			     count(a, f->outside_mentee_hours, "meeting", "meetings"),
			     f->outside_mentee_hours == 1 ? "was" : "were") : NULL;
	const char *moved = f->mentor_reschedules ?
		arena_printf(a, "the mentor asked for %s", count(a, f->mentor_reschedules, "reschedule",
								  "reschedules")) : NULL;
	const char *both = outside && moved ? arena_printf(a, "%s and %s", outside, moved)
			 : outside ? outside : moved;
	char *msg = arena_printf(a, "%s: plan meetings around the mentee's schedule first.", both);
	if (msg[0] >= 'a' && msg[0] <= 'z')
		msg[0] = (char)(msg[0] - 'a' + 'A');
	add(out, f, HF_SCHEDULE_IMPOSED, sev, msg);
}

static void rule_credit(const health_facts_t *f, const health_thresholds_t *t, arena_t *a,
			health_result_t *out)
{
	int n = f->ideas_credit_moved + f->mentor_wins_on_mentee_ideas;
	if (n < t->credit_min || n == 0)
		return;
	if (!a) {
		add(out, f, HF_CREDIT_TAKEN, HS_HIGH, NULL);
		return;
	}
	const char *moved = f->ideas_credit_moved ?
		arena_printf(a, "%s the mentee proposed %s now credited to someone else",
			     count(a, f->ideas_credit_moved, "idea", "ideas"),
			     f->ideas_credit_moved == 1 ? "is" : "are") : NULL;
	const char *wins = f->mentor_wins_on_mentee_ideas ?
		arena_printf(a, "the mentor posted %s built on the mentee's ideas",
			     count(a, f->mentor_wins_on_mentee_ideas, "win", "wins")) : NULL;
	const char *both = moved && wins ? arena_printf(a, "%s, and %s", moved, wins)
			 : moved ? moved : wins;
	char *msg = arena_printf(a, "%s: credit belongs to the idea's author.", both);
	if (msg[0] >= 'a' && msg[0] <= 'z')
		msg[0] = (char)(msg[0] - 'a' + 'A');
	add(out, f, HF_CREDIT_TAKEN, HS_HIGH, msg);
}

static void rule_pushed(const health_facts_t *f, const health_thresholds_t *t, arena_t *a,
			health_result_t *out)
{
	int n = f->unlinked_mentee_actions;
	if (n < t->pushed_min || n == 0)
		return;
	add(out, f, HF_PROJECTS_PUSHED, n >= 2 * t->pushed_min ? HS_HIGH : HS_MEDIUM, !a ? NULL :
	    arena_printf(a, "%s owned by the mentee %s not linked to any of the mentee's goals: the "
			 "mentee's work should serve the mentee's goals, not the mentor's projects.",
			 count(a, n, "action item", "action items"), n == 1 ? "is" : "are"));
}

static void rule_repeated(const health_facts_t *f, const health_thresholds_t *t, arena_t *a,
			  health_result_t *out)
{
	if (f->repeated_tags <= 0)
		return;
	const char *more = !a ? "" : f->repeated_tags > 1 ?
		arena_printf(a, " (%d different tags in all)", f->repeated_tags) : "";
	add(out, f, HF_REPEATED_MISTAKES, f->repeated_worst >= 2 * t->repeat_min ? HS_HIGH : HS_MEDIUM, !a ? NULL :
	    arena_printf(a, "The same feedback tag came back in %d feedbacks to the %s with no "
			 "corrective action item after the first%s: agree on an action to correct it.",
			 f->repeated_worst, f->repeated_to_mentee ? "mentee" : "mentor", more));
}

static void rule_one_sided(const health_facts_t *f, const health_thresholds_t *t, arena_t *a,
			   health_result_t *out)
{
	int mentor = f->agenda_by_mentor + f->meetings_by_mentor;
	int mentee = f->agenda_by_mentee + f->meetings_by_mentee;
	int total = mentor + mentee;
	if (total < t->engagement_min || total == 0)
		return;
	bool mentor_leads = mentor >= mentee;
	int top = mentor_leads ? mentor : mentee;
	if ((double)top / total < t->agenda_balance)
		return;
	add(out, f, HF_ONE_SIDED, HS_LOW, !a ? NULL :
	    arena_printf(a, "The %s proposed %d of the %d agenda items and meetings: %s", mentor_leads ?
			 "mentor" : "mentee", top, total, mentor_leads ?
			 "nudge the mentee to bring questions and propose meetings." :
			 "nudge the mentor to take a more active part."));
}

static void rule_overdue(const health_facts_t *f, const health_thresholds_t *t, int64_t now,
			 arena_t *a, health_result_t *out)
{
	int64_t due;
	if (!f->first_active_due_on || !date_parse(f->first_active_due_on, &due))
		return;
	int64_t today = now / 86400 - (now % 86400 < 0);
	int64_t late = today - due;
	if (late <= t->overdue_grace_days)
		return;
	add(out, f, HF_OVERDUE_GOALS, late > t->overdue_grace_days + 30 ? HS_HIGH : HS_MEDIUM, !a ? NULL :
	    arena_printf(a, "An active goal is past its due date: the earliest was due on %s, %s ago. "
			 "Finish it, plan it anew or drop it.", f->first_active_due_on,
			 count(a, (int)late, "day", "days")));
}

void health_eval(const health_facts_t *f, const health_thresholds_t *t, int64_t now, arena_t *a,
		 health_result_t *out)
{
	*out = (health_result_t){0};
	bool active = phase_active((phase_t)f->phase);
	if (active)
		rule_quiet(f, t, now, a, out);
	rule_schedule(f, t, a, out);
	rule_credit(f, t, a, out);
	rule_pushed(f, t, a, out);
	rule_repeated(f, t, a, out);
	if (active) {
		rule_one_sided(f, t, a, out);
		rule_overdue(f, t, now, a, out);
	}
	int score = 100;
	for (int i = 0; i < out->nflags; i++)
		score -= health_penalty(out->flags[i].severity);
	out->score = score < 0 ? 0 : score;
	out->started = !active || f->met;
	if (!active)
		out->state = HST_ENDED;
	else if (!f->met)
		out->state = out->nflags ? HST_AT_RISK : HST_NOT_STARTED;
	else
		out->state = out->score < t->at_risk_below ? HST_AT_RISK : HST_ON_TRACK;
	out->at_risk = out->state == HST_AT_RISK;
}

const char *health_state_name(health_state_t s)
{
	static const char *const names[] = {"not_started", "on_track", "at_risk", "ended"};
	return s <= HST_ENDED ? names[s] : "";
}
