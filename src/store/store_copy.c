/* mentord copy-db's engine (store_copy.h). The statements are in
 * sql/copy.sql, three per table (read, write, count; a fourth, ids, for
 * tables with an identity); the copy itself is one loop for every table:
 * rows are read (a page at a time where the table has a single-column
 * key) and written in batches of up to two thousand, each batch one JSON
 * array of arrays bound as one parameter, every value as the read's
 * declared column type (stmt_cols) says. So a table needs no code of its
 * own, and a batch costs one statement, not one per row. */
#include "store/store_copy.h"
#include "store/store_base.h"
#include "store/stmts.h"
#include "core/buf.h"

#include <stdio.h>
#include <string.h>

enum { PAGE = 2000 };

typedef struct copy_step {
	const char *table;
	int read, write, count, ids; /* ids: -1 for tables without an identity */
} copy_step_t;

static const copy_step_t steps[] = {
	{"users", STMT_COPY_USERS_READ, STMT_COPY_USERS_WRITE, STMT_COPY_USERS_COUNT, STMT_COPY_USERS_IDS},
	{"profiles", STMT_COPY_PROFILES_READ, STMT_COPY_PROFILES_WRITE, STMT_COPY_PROFILES_COUNT, -1},
	{"user_scim", STMT_COPY_USER_SCIM_READ, STMT_COPY_USER_SCIM_WRITE, STMT_COPY_USER_SCIM_COUNT, -1},
	{"profile_items", STMT_COPY_PROFILE_ITEMS_READ, STMT_COPY_PROFILE_ITEMS_WRITE, STMT_COPY_PROFILE_ITEMS_COUNT, -1},
	{"availability", STMT_COPY_AVAILABILITY_READ, STMT_COPY_AVAILABILITY_WRITE, STMT_COPY_AVAILABILITY_COUNT, -1},
	{"profile_prefs", STMT_COPY_PROFILE_PREFS_READ, STMT_COPY_PROFILE_PREFS_WRITE, STMT_COPY_PROFILE_PREFS_COUNT, -1},
	{"sessions", STMT_COPY_SESSIONS_READ, STMT_COPY_SESSIONS_WRITE, STMT_COPY_SESSIONS_COUNT, STMT_COPY_SESSIONS_IDS},
	{"api_tokens", STMT_COPY_API_TOKENS_READ, STMT_COPY_API_TOKENS_WRITE, STMT_COPY_API_TOKENS_COUNT, STMT_COPY_API_TOKENS_IDS},
	{"account_links", STMT_COPY_ACCOUNT_LINKS_READ, STMT_COPY_ACCOUNT_LINKS_WRITE, STMT_COPY_ACCOUNT_LINKS_COUNT, STMT_COPY_ACCOUNT_LINKS_IDS},
	{"two_factor", STMT_COPY_TWO_FACTOR_READ, STMT_COPY_TWO_FACTOR_WRITE, STMT_COPY_TWO_FACTOR_COUNT, -1},
	{"recovery_codes", STMT_COPY_RECOVERY_CODES_READ, STMT_COPY_RECOVERY_CODES_WRITE, STMT_COPY_RECOVERY_CODES_COUNT, STMT_COPY_RECOVERY_CODES_IDS},
	{"login_challenges", STMT_COPY_LOGIN_CHALLENGES_READ, STMT_COPY_LOGIN_CHALLENGES_WRITE, STMT_COPY_LOGIN_CHALLENGES_COUNT, STMT_COPY_LOGIN_CHALLENGES_IDS},
	{"login_throttle", STMT_COPY_LOGIN_THROTTLE_READ, STMT_COPY_LOGIN_THROTTLE_WRITE, STMT_COPY_LOGIN_THROTTLE_COUNT, -1},
	{"sso_logins", STMT_COPY_SSO_LOGINS_READ, STMT_COPY_SSO_LOGINS_WRITE, STMT_COPY_SSO_LOGINS_COUNT, STMT_COPY_SSO_LOGINS_IDS},
	{"sso_identities", STMT_COPY_SSO_IDENTITIES_READ, STMT_COPY_SSO_IDENTITIES_WRITE, STMT_COPY_SSO_IDENTITIES_COUNT, -1},
	{"org_settings", STMT_COPY_ORG_SETTINGS_READ, STMT_COPY_ORG_SETTINGS_WRITE, STMT_COPY_ORG_SETTINGS_COUNT, -1},
	{"audit_log", STMT_COPY_AUDIT_LOG_READ, STMT_COPY_AUDIT_LOG_WRITE, STMT_COPY_AUDIT_LOG_COUNT, STMT_COPY_AUDIT_LOG_IDS},
	{"programs", STMT_COPY_PROGRAMS_READ, STMT_COPY_PROGRAMS_WRITE, STMT_COPY_PROGRAMS_COUNT, STMT_COPY_PROGRAMS_IDS},
	{"program_managers", STMT_COPY_PROGRAM_MANAGERS_READ, STMT_COPY_PROGRAM_MANAGERS_WRITE, STMT_COPY_PROGRAM_MANAGERS_COUNT, -1},
	{"participants", STMT_COPY_PARTICIPANTS_READ, STMT_COPY_PARTICIPANTS_WRITE, STMT_COPY_PARTICIPANTS_COUNT, STMT_COPY_PARTICIPANTS_IDS},
	{"health_settings", STMT_COPY_HEALTH_SETTINGS_READ, STMT_COPY_HEALTH_SETTINGS_WRITE, STMT_COPY_HEALTH_SETTINGS_COUNT, -1},
	{"relationships", STMT_COPY_RELATIONSHIPS_READ, STMT_COPY_RELATIONSHIPS_WRITE, STMT_COPY_RELATIONSHIPS_COUNT, STMT_COPY_RELATIONSHIPS_IDS},
	{"relationship_events", STMT_COPY_RELATIONSHIP_EVENTS_READ, STMT_COPY_RELATIONSHIP_EVENTS_WRITE, STMT_COPY_RELATIONSHIP_EVENTS_COUNT, STMT_COPY_RELATIONSHIP_EVENTS_IDS},
	{"agreements", STMT_COPY_AGREEMENTS_READ, STMT_COPY_AGREEMENTS_WRITE, STMT_COPY_AGREEMENTS_COUNT, -1},
	{"goals", STMT_COPY_GOALS_READ, STMT_COPY_GOALS_WRITE, STMT_COPY_GOALS_COUNT, STMT_COPY_GOALS_IDS},
	{"goal_progress", STMT_COPY_GOAL_PROGRESS_READ, STMT_COPY_GOAL_PROGRESS_WRITE, STMT_COPY_GOAL_PROGRESS_COUNT, STMT_COPY_GOAL_PROGRESS_IDS},
	{"meetings", STMT_COPY_MEETINGS_READ, STMT_COPY_MEETINGS_WRITE, STMT_COPY_MEETINGS_COUNT, STMT_COPY_MEETINGS_IDS},
	{"meeting_reschedules", STMT_COPY_MEETING_RESCHEDULES_READ, STMT_COPY_MEETING_RESCHEDULES_WRITE, STMT_COPY_MEETING_RESCHEDULES_COUNT, STMT_COPY_MEETING_RESCHEDULES_IDS},
	{"agenda_items", STMT_COPY_AGENDA_ITEMS_READ, STMT_COPY_AGENDA_ITEMS_WRITE, STMT_COPY_AGENDA_ITEMS_COUNT, STMT_COPY_AGENDA_ITEMS_IDS},
	{"meeting_notes", STMT_COPY_MEETING_NOTES_READ, STMT_COPY_MEETING_NOTES_WRITE, STMT_COPY_MEETING_NOTES_COUNT, STMT_COPY_MEETING_NOTES_IDS},
	{"feedback", STMT_COPY_FEEDBACK_READ, STMT_COPY_FEEDBACK_WRITE, STMT_COPY_FEEDBACK_COUNT, STMT_COPY_FEEDBACK_IDS},
	{"concerns", STMT_COPY_CONCERNS_READ, STMT_COPY_CONCERNS_WRITE, STMT_COPY_CONCERNS_COUNT, STMT_COPY_CONCERNS_IDS},
	{"ideas", STMT_COPY_IDEAS_READ, STMT_COPY_IDEAS_WRITE, STMT_COPY_IDEAS_COUNT, STMT_COPY_IDEAS_IDS},
	{"idea_credits", STMT_COPY_IDEA_CREDITS_READ, STMT_COPY_IDEA_CREDITS_WRITE, STMT_COPY_IDEA_CREDITS_COUNT, STMT_COPY_IDEA_CREDITS_IDS},
	{"actions", STMT_COPY_ACTIONS_READ, STMT_COPY_ACTIONS_WRITE, STMT_COPY_ACTIONS_COUNT, STMT_COPY_ACTIONS_IDS},
	{"wins", STMT_COPY_WINS_READ, STMT_COPY_WINS_WRITE, STMT_COPY_WINS_COUNT, STMT_COPY_WINS_IDS},
	{"messages", STMT_COPY_MESSAGES_READ, STMT_COPY_MESSAGES_WRITE, STMT_COPY_MESSAGES_COUNT, STMT_COPY_MESSAGES_IDS},
	{"checkins", STMT_COPY_CHECKINS_READ, STMT_COPY_CHECKINS_WRITE, STMT_COPY_CHECKINS_COUNT, STMT_COPY_CHECKINS_IDS},
	{"learnings", STMT_COPY_LEARNINGS_READ, STMT_COPY_LEARNINGS_WRITE, STMT_COPY_LEARNINGS_COUNT, STMT_COPY_LEARNINGS_IDS},
	{"closures", STMT_COPY_CLOSURES_READ, STMT_COPY_CLOSURES_WRITE, STMT_COPY_CLOSURES_COUNT, -1},
	{"notification_settings", STMT_COPY_NOTIFICATION_SETTINGS_READ, STMT_COPY_NOTIFICATION_SETTINGS_WRITE, STMT_COPY_NOTIFICATION_SETTINGS_COUNT, -1},
	{"outbox", STMT_COPY_OUTBOX_READ, STMT_COPY_OUTBOX_WRITE, STMT_COPY_OUTBOX_COUNT, STMT_COPY_OUTBOX_IDS},
	{"meeting_notices", STMT_COPY_MEETING_NOTICES_READ, STMT_COPY_MEETING_NOTICES_WRITE, STMT_COPY_MEETING_NOTICES_COUNT, -1},
	{"calendar_tokens", STMT_COPY_CALENDAR_TOKENS_READ, STMT_COPY_CALENDAR_TOKENS_WRITE, STMT_COPY_CALENDAR_TOKENS_COUNT, -1},
	{"match_runs", STMT_COPY_MATCH_RUNS_READ, STMT_COPY_MATCH_RUNS_WRITE, STMT_COPY_MATCH_RUNS_COUNT, STMT_COPY_MATCH_RUNS_IDS},
	{"match_run_pairs", STMT_COPY_MATCH_RUN_PAIRS_READ, STMT_COPY_MATCH_RUN_PAIRS_WRITE, STMT_COPY_MATCH_RUN_PAIRS_COUNT, -1},
	{"match_run_unmatched", STMT_COPY_MATCH_RUN_UNMATCHED_READ, STMT_COPY_MATCH_RUN_UNMATCHED_WRITE, STMT_COPY_MATCH_RUN_UNMATCHED_COUNT, -1},
	{"mentor_requests", STMT_COPY_MENTOR_REQUESTS_READ, STMT_COPY_MENTOR_REQUESTS_WRITE, STMT_COPY_MENTOR_REQUESTS_COUNT, STMT_COPY_MENTOR_REQUESTS_IDS},
	{"articles", STMT_COPY_ARTICLES_READ, STMT_COPY_ARTICLES_WRITE, STMT_COPY_ARTICLES_COUNT, STMT_COPY_ARTICLES_IDS},
	{"article_tags", STMT_COPY_ARTICLE_TAGS_READ, STMT_COPY_ARTICLE_TAGS_WRITE, STMT_COPY_ARTICLE_TAGS_COUNT, -1},
	{"article_related", STMT_COPY_ARTICLE_RELATED_READ, STMT_COPY_ARTICLE_RELATED_WRITE, STMT_COPY_ARTICLE_RELATED_COUNT, -1},
	{"article_versions", STMT_COPY_ARTICLE_VERSIONS_READ, STMT_COPY_ARTICLE_VERSIONS_WRITE, STMT_COPY_ARTICLE_VERSIONS_COUNT, -1},
	{"article_votes", STMT_COPY_ARTICLE_VOTES_READ, STMT_COPY_ARTICLE_VOTES_WRITE, STMT_COPY_ARTICLE_VOTES_COUNT, -1},
	{"article_comments", STMT_COPY_ARTICLE_COMMENTS_READ, STMT_COPY_ARTICLE_COMMENTS_WRITE, STMT_COPY_ARTICLE_COMMENTS_COUNT, STMT_COPY_ARTICLE_COMMENTS_IDS},
	{"help_requests", STMT_COPY_HELP_REQUESTS_READ, STMT_COPY_HELP_REQUESTS_WRITE, STMT_COPY_HELP_REQUESTS_COUNT, STMT_COPY_HELP_REQUESTS_IDS},
	{"help_replies", STMT_COPY_HELP_REPLIES_READ, STMT_COPY_HELP_REPLIES_WRITE, STMT_COPY_HELP_REPLIES_COUNT, STMT_COPY_HELP_REPLIES_IDS},
	{"message_reads", STMT_COPY_MESSAGE_READS_READ, STMT_COPY_MESSAGE_READS_WRITE, STMT_COPY_MESSAGE_READS_COUNT, -1},
	{"skill_ratings", STMT_COPY_SKILL_RATINGS_READ, STMT_COPY_SKILL_RATINGS_WRITE, STMT_COPY_SKILL_RATINGS_COUNT, -1},
	{"reply_delays", STMT_COPY_REPLY_DELAYS_READ, STMT_COPY_REPLY_DELAYS_WRITE, STMT_COPY_REPLY_DELAYS_COUNT, STMT_COPY_REPLY_DELAYS_IDS},
	{"surveys", STMT_COPY_SURVEYS_READ, STMT_COPY_SURVEYS_WRITE, STMT_COPY_SURVEYS_COUNT, STMT_COPY_SURVEYS_IDS},
	{"survey_questions", STMT_COPY_SURVEY_QUESTIONS_READ, STMT_COPY_SURVEY_QUESTIONS_WRITE, STMT_COPY_SURVEY_QUESTIONS_COUNT, STMT_COPY_SURVEY_QUESTIONS_IDS},
	{"survey_responses", STMT_COPY_SURVEY_RESPONSES_READ, STMT_COPY_SURVEY_RESPONSES_WRITE, STMT_COPY_SURVEY_RESPONSES_COUNT, STMT_COPY_SURVEY_RESPONSES_IDS},
	{"survey_answers", STMT_COPY_SURVEY_ANSWERS_READ, STMT_COPY_SURVEY_ANSWERS_WRITE, STMT_COPY_SURVEY_ANSWERS_COUNT, -1},
	{"health_activity", STMT_COPY_HEALTH_ACTIVITY_READ, STMT_COPY_HEALTH_ACTIVITY_WRITE, STMT_COPY_HEALTH_ACTIVITY_COUNT, -1},
	{"health_tags", STMT_COPY_HEALTH_TAGS_READ, STMT_COPY_HEALTH_TAGS_WRITE, STMT_COPY_HEALTH_TAGS_COUNT, -1},
	{"health_months", STMT_COPY_HEALTH_MONTHS_READ, STMT_COPY_HEALTH_MONTHS_WRITE, STMT_COPY_HEALTH_MONTHS_COUNT, -1},
	{"manager_messages", STMT_COPY_MANAGER_MESSAGES_READ, STMT_COPY_MANAGER_MESSAGES_WRITE, STMT_COPY_MANAGER_MESSAGES_COUNT, STMT_COPY_MANAGER_MESSAGES_IDS},
	{"manager_notes", STMT_COPY_MANAGER_NOTES_READ, STMT_COPY_MANAGER_NOTES_WRITE, STMT_COPY_MANAGER_NOTES_COUNT, STMT_COPY_MANAGER_NOTES_IDS},
	{"health_watch", STMT_COPY_HEALTH_WATCH_READ, STMT_COPY_HEALTH_WATCH_WRITE, STMT_COPY_HEALTH_WATCH_COUNT, -1},
	{"participant_withdrawals", STMT_COPY_PARTICIPANT_WITHDRAWALS_READ, STMT_COPY_PARTICIPANT_WITHDRAWALS_WRITE,
	 STMT_COPY_PARTICIPANT_WITHDRAWALS_COUNT, STMT_COPY_PARTICIPANT_WITHDRAWALS_IDS},
	{"profile_suggestions", STMT_COPY_PROFILE_SUGGESTIONS_READ, STMT_COPY_PROFILE_SUGGESTIONS_WRITE,
	 STMT_COPY_PROFILE_SUGGESTIONS_COUNT, -1},
};
#define NSTEPS ((int)(sizeof(steps) / sizeof(steps[0])))

int store_copy_tables(const char *const **names, const int **columns)
{
	static const char *n[NSTEPS];
	static int c[NSTEPS];
	for (int i = 0; i < NSTEPS; i++) {
		n[i] = steps[i].table;
		/* outbox.digest_id is written by its own step. */
		c[i] = (int)strlen(stmt_cols[steps[i].read]) + !strcmp(steps[i].table, "outbox");
	}
	*names = n;
	*columns = c;
	return NSTEPS;
}

/* Appends s as a JSON string. */
static void json_str(buf_t *b, const char *s)
{
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*p);
		} else if (*p < 0x20) {
			buf_printf(b, "\\u%04x", *p);
		} else {
			buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '"');
}

/* Appends the current row of s as a JSON array, by the column types. */
static void json_row(buf_t *b, db_stmt_t *s, const char *types)
{
	buf_putc(b, '[');
	for (int i = 0; types[i]; i++) {
		if (i)
			buf_putc(b, ',');
		if (db_col_null(s, i))
			buf_puts(b, "null");
		else if (types[i] == 't')
			json_str(b, db_col_text(s, i));
		else if (types[i] == 'r')
			buf_printf(b, "%.17g", db_col_real(s, i));
		else
			buf_printf(b, "%lld", (long long)db_col_int(s, i));
	}
	buf_putc(b, ']');
}

/* Writes a batch (a JSON array being built in b) and empties b. */
static int flush(db_t *to, int write, buf_t *b, int *n, const char **why)
{
	if (!*n)
		return DB_OK;
	buf_putc(b, ']');
	int st = db_exec_named(to, NULL, write, DB_ARGS(DB_TEXT(buf_cstr(b))));
	if (st != DB_OK)
		*why = db_errmsg(to);
	buf_reset(b);
	*n = 0;
	return st;
}

/* Copies what statement read yields into statement write, in batches. */
static int copy_rows(db_t *from, db_t *to, int read, int write, const char **why)
{
	const char *types = stmt_cols[read];
	bool paged = stmt_params[read][0] != '\0';
	int64_t after = INT64_MIN;
	buf_t b = BUF_INIT;
	int st = DB_OK, batch = 0;
	for (bool more = true; st == DB_OK && more;) {
		db_stmt_t *s;
		st = paged ? db_query_named(from, &s, read, DB_ARGS(DB_INT(after), DB_INT(PAGE)))
			   : db_query_named(from, &s, read, DB_NOARGS);
		if (st != DB_OK) {
			*why = db_errmsg(from);
			break;
		}
		int n = 0, rc;
		while ((rc = db_step(s)) == 1) {
			buf_putc(&b, batch ? ',' : '[');
			json_row(&b, s, types);
			after = db_col_int(s, 0);
			n++;
			if (++batch == PAGE && (st = flush(to, write, &b, &batch, why)) != DB_OK)
				break;
		}
		db_done(s);
		if (st == DB_OK && rc < 0) {
			*why = db_errmsg(from);
			st = rc;
		}
		more = paged && n == PAGE;
	}
	if (st == DB_OK)
		st = flush(to, write, &b, &batch, why);
	buf_free(&b);
	return st;
}

/* The one integer a count (or ids) statement answers. */
static int one_int(db_t *db, int stmt, int64_t *n, const char **why)
{
	db_stmt_t *s;
	*n = 0;
	int st = db_query_named(db, &s, stmt, DB_NOARGS);
	if (st != DB_OK) {
		*why = db_errmsg(db);
		return st;
	}
	int rc = db_step(s);
	if (rc == 1)
		*n = db_col_int(s, 0);
	db_done(s);
	if (rc < 0)
		*why = db_errmsg(db);
	return rc < 0 ? rc : DB_OK;
}

/* The target must be at the source's version and hold nothing yet. */
static int check_target(db_t *from, db_t *to, const char **why)
{
	int vf = 0, vt = 0;
	int st = store_schema_version(from, &vf);
	if (st == DB_OK)
		st = store_schema_version(to, &vt);
	if (st != DB_OK) {
		*why = db_errmsg(st == DB_OK ? to : from);
		return st;
	}
	if (vf != vt) {
		*why = "the two databases are at different schema versions (run this mentord on both first)";
		return DB_ERROR;
	}
	for (int i = 0; i < NSTEPS; i++) {
		int64_t n = 0;
		if ((st = one_int(to, steps[i].count, &n, why)) != DB_OK)
			return st;
		if (n) {
			*why = "the target database is not empty (copy-db fills a new database)";
			return DB_ERROR;
		}
	}
	return DB_OK;
}

static int copy_all(db_t *from, db_t *to, const char **why)
{
	int st = db_exec_named(to, NULL, STMT_COPY_TRIGGERS, DB_ARGS(DB_INT(0)));
	if (st != DB_OK)
		*why = db_errmsg(to);
	for (int i = 0; st == DB_OK && i < NSTEPS; i++) {
		/* The rollups come last: what the triggers built while the rows
		 * arrived makes way for the source's own. */
		/* The reply delays SQLite's message trigger recorded likewise
		 * (on PostgreSQL their trigger fills health_activity, replaced
		 * just after). */
		if (!strcmp(steps[i].table, "reply_delays") &&
		    (st = db_exec_named(to, NULL, STMT_COPY_CLEAR_REPLY_DELAYS, DB_NOARGS)) != DB_OK)
			*why = db_errmsg(to);
		if (st == DB_OK && !strcmp(steps[i].table, "health_activity")) {
			static const int clear[] = {STMT_COPY_CLEAR_HEALTH_ACTIVITY, STMT_COPY_CLEAR_HEALTH_TAGS,
						    STMT_COPY_CLEAR_HEALTH_MONTHS};
			for (int k = 0; st == DB_OK && k < 3; k++)
				if ((st = db_exec_named(to, NULL, clear[k], DB_NOARGS)) != DB_OK)
					*why = db_errmsg(to);
		}
		/* The watch's rows SQLite's trigger made for the relationships
		 * make way for the source's own. */
		if (!strcmp(steps[i].table, "health_watch") &&
		    (st = db_exec_named(to, NULL, STMT_COPY_CLEAR_HEALTH_WATCH, DB_NOARGS)) != DB_OK)
			*why = db_errmsg(to);
		/* So do the suggestions their triggers counted from the profiles. */
		if (st == DB_OK && !strcmp(steps[i].table, "profile_suggestions") &&
		    (st = db_exec_named(to, NULL, STMT_COPY_CLEAR_PROFILE_SUGGESTIONS, DB_NOARGS)) != DB_OK)
			*why = db_errmsg(to);
		if (st == DB_OK)
			st = copy_rows(from, to, steps[i].read, steps[i].write, why);
	}
	if (st == DB_OK)
		st = copy_rows(from, to, STMT_COPY_OUTBOX_DIGESTS_READ, STMT_COPY_OUTBOX_DIGESTS_WRITE, why);
	if (st == DB_OK)
		st = copy_rows(from, to, STMT_COPY_PROGRAM_COUNTS_READ, STMT_COPY_PROGRAM_COUNTS_WRITE, why);
	for (int i = 0; st == DB_OK && i < NSTEPS; i++) {
		int64_t ignored;
		if (steps[i].ids >= 0)
			st = one_int(to, steps[i].ids, &ignored, why);
	}
	if (st == DB_OK && (st = db_exec_named(to, NULL, STMT_COPY_TRIGGERS, DB_ARGS(DB_INT(1)))) != DB_OK)
		*why = db_errmsg(to);
	return st;
}

/* Every table's count, in the source and the target; DB_ERROR unless they
 * agree. */
static int verify(db_t *from, db_t *to, store_copy_table_t *tables, const char **why)
{
	int st = DB_OK;
	bool same = true;
	for (int i = 0; st == DB_OK && i < NSTEPS; i++) {
		tables[i] = (store_copy_table_t){.name = steps[i].table};
		st = one_int(from, steps[i].count, &tables[i].source, why);
		if (st == DB_OK)
			st = one_int(to, steps[i].count, &tables[i].target, why);
		same &= tables[i].source == tables[i].target;
	}
	if (st == DB_OK && !same) {
		*why = "the counts of the copy differ from the source's";
		return DB_ERROR;
	}
	return st;
}

int store_copy(db_t *from, db_t *to, store_copy_table_t *tables, const char **why)
{
	*why = NULL;
	memset(tables, 0, sizeof(*tables) * NSTEPS);
	int st = db_begin(from);
	if (st != DB_OK) {
		*why = db_errmsg(from);
		return st;
	}
	if ((st = db_begin_relaxed(to)) != DB_OK) {
		*why = db_errmsg(to);
		db_rollback(from);
		return st;
	}
	if ((st = check_target(from, to, why)) == DB_OK && (st = copy_all(from, to, why)) == DB_OK &&
	    (st = verify(from, to, tables, why)) == DB_OK && (st = db_commit(to)) != DB_OK)
		*why = db_errmsg(to);
	if (st != DB_OK)
		db_rollback(to);
	db_rollback(from); /* it only read */
	return st;
}
