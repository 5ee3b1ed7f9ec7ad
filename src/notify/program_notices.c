/* The mail a program sends about its pairs (see program_notices.h). */
#include "notify/program_notices.h"
#include "notify/notices.h"

#include <string.h>

/* At most max bytes of s, cut on a UTF-8 character boundary, marked. */
static const char *cut(arena_t *a, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return s;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return arena_printf(a, "%.*s…", (int)max, s);
}

static const char *rel_page(arena_t *a, const notify_pair_t *p, const char *suffix)
{
	return notice_link(a, arena_printf(a, "/relationships/%lld%s", (long long)p->rel_id, suffix));
}

static int queue(db_t *db, arena_t *a, int64_t to_id, const char *category, const char *kind, const char *key,
		 const char *subject, const char *body)
{
	notify_person_t *to = NULL;
	int st = store_notify_person(db, a, to_id, &to);
	if (st != DB_OK || !to || !to->active)
		return st;
	notify_mail_t mail = {.category = category, .kind = kind, .dedup_key = key, .subject = subject,
			      .body = body};
	return notify_enqueue(db, a, to, &mail, NULL);
}

int notify_matched(db_t *db, arena_t *a, const notify_pair_t *p)
{
	int st = DB_OK;
	for (int k = 0; st == DB_OK && k < 2; k++) {
		bool mentor = k == 1;
		int64_t to = mentor ? p->mentor_id : p->mentee_id;
		const char *other = mentor ? p->mentee_name : p->mentor_name;
		const char *body = arena_printf(a,
			"You have been matched in %s: %s is your %s.\n\n"
			"Your relationship page shows what the two of you have in common and a few conversation "
			"starters. The first step is getting to know each other: %s\n\n%s\n",
			p->program_name, other, mentor ? "mentee" : "mentor",
			mentor ? "propose a kickoff meeting at a time that suits your mentee first."
			       : "suggest a kickoff meeting, or wait for your mentor's proposal.",
			rel_page(a, p, ""));
		st = queue(db, a, to, "messages", "matched",
			   arena_printf(a, "matched:%lld:%lld", (long long)p->rel_id, (long long)to),
			   arena_printf(a, "Meet your %s: %s", mentor ? "mentee" : "mentor", other), body);
	}
	return st;
}

int notify_manager_message(db_t *db, arena_t *a, const notify_pair_t *p, int64_t to_id, int64_t message_id,
			   const char *author, const char *body)
{
	const char *text = arena_printf(a,
		"%s wrote in the conversation between the program managers of %s and %s and %s:\n\n%s\n\n"
		"Reply on the relationship's page: %s\n",
		author, p->program_name, p->mentee_name, p->mentor_name, cut(a, body, 4000),
		rel_page(a, p, "/step-in"));
	return queue(db, a, to_id, "messages", "manager_message",
		     arena_printf(a, "manager_message:%lld:%lld", (long long)message_id, (long long)to_id),
		     arena_printf(a, "%s: a message about %s and %s", p->program_name, p->mentee_name, p->mentor_name),
		     text);
}

int notify_rel_ended(db_t *db, arena_t *a, const notify_pair_t *p, const char *by, const char *reason)
{
	int st = DB_OK;
	for (int k = 0; st == DB_OK && k < 2; k++) {
		int64_t to = k ? p->mentor_id : p->mentee_id;
		const char *other = k ? p->mentee_name : p->mentor_name;
		const char *body = arena_printf(a,
			"%s, a program manager of %s, has ended your mentoring relationship with %s.\n\n"
			"Their reason: %s\n\n"
			"What you did together stays in the relationship's history, and you can still read it: %s\n\n"
			"If you have questions, reply to the program managers there.\n",
			by, p->program_name, other, cut(a, reason, 2000), rel_page(a, p, ""));
		st = queue(db, a, to, "messages", "relationship_ended",
			   arena_printf(a, "ended:%lld:%lld", (long long)p->rel_id, (long long)to),
			   arena_printf(a, "Your mentoring relationship with %s has ended", other), body);
	}
	return st;
}

int notify_at_risk(db_t *db, arena_t *a, const notify_pair_t *p, int64_t manager_id, int64_t nth, int score,
		   const char *flags)
{
	const char *body = arena_printf(a,
		"The relationship of %s (mentee) and %s (mentor) in %s has become at risk%s.\n\n%s%s"
		"See what you can do — message the pair, add a note, or find the mentee another mentor: %s\n\n"
		"You get this mail once each time a relationship becomes at risk.\n",
		p->mentee_name, p->mentor_name, p->program_name,
		score >= 0 ? arena_printf(a, " (health score %d)", score) : " before the two have met",
		flags && *flags ? "What the missteps detector found:\n" : "", flags && *flags ? arena_printf(a, "%s\n", flags) : "",
		rel_page(a, p, "/step-in"));
	return queue(db, a, manager_id, "nudges", "at_risk",
		     arena_printf(a, "at_risk:%lld:%lld:%lld", (long long)p->rel_id, (long long)nth,
				  (long long)manager_id),
		     arena_printf(a, "At risk: %s and %s (%s)", p->mentee_name, p->mentor_name, p->program_name), body);
}

/* The gentle words for each misstep: what was noticed, and one small thing
 * that helps. %1$s is the mentee's name. */
static const struct {
	const char *code, *subject, *text;
} notes[] = {
	{"schedule_imposed", "meeting times",
	 "Some of your meetings fell outside %s's usual hours, or were moved at the mentor's request. "
	 "Mentoring works best on the mentee's schedule: when you plan the next meeting, start from the times "
	 "that suit the mentee."},
	{"credit_taken", "credit for ideas",
	 "Credit for some of %s's ideas has moved to someone else. An idea stays with the person who had it: "
	 "on the cooperation board, check who each idea is credited to."},
	{"projects_pushed", "action items",
	 "Some action items %s owns are not linked to any of the mentee's goals. Mentoring time is for the "
	 "mentee's growth: link each action to one of their goals, or let it go."},
	{"repeated_mistakes", "feedback",
	 "The same feedback to %s has come up several times without a step to act on it. Agreeing on one small "
	 "action after feedback helps it stick: add it to the cooperation board."},
	{"one_sided", "taking part",
	 "Lately one of you (with %s as the mentee) has been bringing most of the agenda items and meetings. "
	 "It works best when both take part: bring a question to the next meeting, or invite the other to lead."},
	{"overdue_goals", "a goal's due date",
	 "A goal %s set with their mentor is past its due date. Look at it together at your next meeting: move "
	 "the date, change the goal, or mark it achieved."},
};

bool notify_flag_has_note(const char *code)
{
	for (size_t k = 0; k < sizeof(notes) / sizeof(notes[0]); k++)
		if (!strcmp(notes[k].code, code))
			return true;
	return false;
}

int notify_flag_raised(db_t *db, arena_t *a, const notify_pair_t *p, int64_t user_id, const char *code)
{
	for (size_t k = 0; k < sizeof(notes) / sizeof(notes[0]); k++) {
		if (strcmp(notes[k].code, code) != 0)
			continue;
		const char *body = arena_printf(a,
			"A gentle note about your mentoring relationship in %s.\n\n%s\n\n"
			"Nothing is wrong with you or the relationship: mentord points this out once, so you can "
			"look at it together. Your program managers see that it was noticed, never what you wrote. "
			"See it on your relationship's page: %s\n",
			p->program_name, arena_printf(a, notes[k].text, p->mentee_name), rel_page(a, p, ""));
		return queue(db, a, user_id, "nudges", "misstep_flagged",
			     arena_printf(a, "flag:%lld:%s:%lld", (long long)p->rel_id, code, (long long)user_id),
			     arena_printf(a, "A note about %s in your mentoring", notes[k].subject), body);
	}
	return DB_OK;
}
