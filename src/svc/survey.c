/* Program surveys (see survey.h). A survey belongs to a program; its
 * managers (and administrators) define it, open, close and archive it,
 * and read its results. The due job sends each member of each live
 * relationship a response per round (survey_responses, one row per
 * member and round); the member answers it once, through the API or the
 * page. The questions can change until the first answer, so results
 * always count answers to the questions they show. */
#include "svc/survey.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <math.h>
#include <string.h>

const char survey_nps_prompt[] =
	"How likely are you to recommend this mentoring program to a friend or colleague?";

/* ---- reading ---- */

/* A choice question's options, kept one per line. */
static strlist_t options_of(arena_t *a, const char *text)
{
	strlist_t out = {NULL, 0};
	int n = *text ? 1 : 0;
	for (const char *p = text; *p; p++)
		n += *p == '\n';
	out.v = arena_alloc(a, sizeof(char *) * (size_t)(n + 1));
	const char *p = text;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		out.v[out.n++] = arena_strndup(a, p, len);
		p += len + (e != NULL);
	}
	return out;
}

static void question_out(arena_t *a, const row_survey_question_t *q, SurveyQuestion_t *out)
{
	*out = (SurveyQuestion_t){.id = q->id, .position = q->position, .kind = q->kind, .prompt = q->prompt,
				  .required = q->required, .options = options_of(a, q->options)};
}

static int questions_load(svc_t *s, int64_t survey_id, row_survey_question_t **qs, int *n)
{
	*n = 0;
	return svc_db(s, sql_survey_questions_of(s->db, s->arena, survey_id, qs, n));
}

static void survey_out(arena_t *a, const row_survey_t *r, const row_survey_question_t *qs, int nq, Survey_t *out)
{
	*out = (Survey_t){.id = r->id, .program_id = r->program_id, .title = r->title, .kind = r->kind,
			  .audience = r->audience, .first_after_days = r->first_after_days,
			  .every_days = r->every_days_null ? 0 : r->every_days, .every_days_null = r->every_days_null,
			  .status = r->status, .sent = r->sent, .answered = r->answered,
			  .created_at = r->created_at, .updated_at = r->updated_at};
	out->questions.v = arena_alloc(a, sizeof(SurveyQuestion_t) * (size_t)(nq + 1));
	out->questions.n = nq;
	for (int i = 0; i < nq; i++)
		question_out(a, &qs[i], &out->questions.v[i]);
}

/* Survey id for its program's managers: 404 when it does not exist or the
 * caller may not see its program, 403 for its participants. */
static int survey_access(svc_t *s, int64_t id, row_survey_t **out)
{
	int db = sql_survey_get(s->db, s->arena, id, out);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!*out)
		return svc_not_found(s, "survey", id);
	program_t *p;
	int st = svc_program_access(s, (*out)->program_id, true, &p);
	if (st == SVC_NOT_FOUND) /* name the survey, not its program */
		return svc_not_found(s, "survey", id);
	return st;
}

static int survey_reply(svc_t *s, int64_t id, Survey_t *out)
{
	row_survey_t *r;
	row_survey_question_t *qs;
	int nq, db = sql_survey_get(s->db, s->arena, id, &r);
	if (db != DB_OK || !r)
		return svc_db(s, db != DB_OK ? db : DB_ERROR);
	int st = questions_load(s, id, &qs, &nq);
	if (st)
		return st;
	survey_out(s->arena, r, qs, nq, out);
	return SVC_OK;
}

int svc_survey_list(svc_t *s, const in_listSurveys_t *in, SurveyList_t *out)
{
	program_t *p;
	row_survey_t *rows;
	int n = 0;
	int st = svc_program_access(s, in->id, true, &p);
	if (st)
		return st;
	if ((st = svc_db(s, sql_surveys_of_program(s->db, s->arena, p->id, &rows, &n))))
		return st;
	out->items.v = arena_alloc(s->arena, sizeof(Survey_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++) {
		row_survey_question_t *qs;
		int nq;
		if ((st = questions_load(s, rows[i].id, &qs, &nq)))
			return st;
		survey_out(s->arena, &rows[i], qs, nq, &out->items.v[i]);
	}
	return SVC_OK;
}

int svc_survey_get(svc_t *s, const in_getSurvey_t *in, Survey_t *out)
{
	row_survey_t *r;
	int st = survey_access(s, in->id, &r);
	return st ? st : survey_reply(s, r->id, out);
}

/* ---- writing ---- */

/* Checks the questions, recording problems under "questions" with the
 * item's number. */
static void check_questions(svc_t *s, const char *kind, const SurveyQuestionInput_list_t *qs)
{
	if (!strcmp(kind, "pulse") && qs->n == 0)
		svc_field(s, "questions", "a pulse survey needs at least one question");
	for (int i = 0; i < qs->n; i++) {
		const SurveyQuestionInput_t *q = &qs->v[i];
		bool choice = !strcmp(q->kind, "choice");
		int n = q->has_options ? q->options.n : 0;
		if (choice && n < 2)
			svc_field(s, "questions", "item %d (%s): a choice question needs at least two options", i + 1,
				  q->prompt);
		else if (!choice && n)
			svc_field(s, "questions", "item %d (%s): only a choice question has options", i + 1, q->prompt);
		for (int k = 0; k < n; k++) {
			if (strchr(q->options.v[k], '\n') || strchr(q->options.v[k], '\r'))
				svc_field(s, "questions", "item %d (%s): option %d is more than one line", i + 1, q->prompt,
					  k + 1);
			for (int j = 0; j < k; j++)
				if (!strcmp(q->options.v[j], q->options.v[k]))
					svc_field(s, "questions", "item %d (%s): the option \"%s\" is listed twice", i + 1,
						  q->prompt, q->options.v[k]);
		}
	}
}

/* Replaces the questions of a survey (inside the caller's transaction). */
static int questions_save(svc_t *s, int64_t id, const char *kind, const SurveyQuestionInput_list_t *qs)
{
	int pos = 0;
	int db = sql_survey_questions_clear(s->db, id, NULL);
	if (db == DB_OK && !strcmp(kind, "nps"))
		db = sql_survey_question_add(s->db, id, ++pos, "nps", survey_nps_prompt, true, "");
	for (int i = 0; db == DB_OK && i < qs->n; i++) {
		const SurveyQuestionInput_t *q = &qs->v[i];
		buf_t opts = BUF_INIT;
		for (int k = 0; q->has_options && k < q->options.n; k++) {
			if (k)
				buf_putc(&opts, '\n');
			buf_puts(&opts, q->options.v[k]);
		}
		db = sql_survey_question_add(s->db, id, ++pos, q->kind, q->prompt, q->has_required && q->required,
					     buf_cstr(&opts));
		buf_free(&opts);
	}
	return db;
}

int svc_survey_create(svc_t *s, const in_createSurvey_t *in, Survey_t *out)
{
	const SurveyCreate_t *b = &in->body;
	program_t *p;
	int st = svc_program_access(s, in->id, true, &p);
	if (st)
		return st;
	check_questions(s, b->kind, &b->questions);
	if ((st = svc_check(s)))
		return st;
	if ((st = svc_begin(s)))
		return st;
	int64_t id = 0, now = time_now();
	bool found = false;
	int db = sql_survey_insert(s->db, p->id, b->title, b->kind, b->audience, b->first_after_days,
				   b->has_every_days ? b->every_days : 0, s->uid, now, &id, &found);
	if (db == DB_OK)
		db = questions_save(s, id, b->kind, &b->questions);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return survey_reply(s, id, out);
}

static int archived(svc_t *s)
{
	return svc_fail(s, SVC_CONFLICT, "archived", "an archived survey is kept as it is");
}

int svc_survey_update(svc_t *s, const in_updateSurvey_t *in, Survey_t *out)
{
	const SurveyUpdate_t *b = &in->body;
	row_survey_t *r;
	int st = survey_access(s, in->id, &r);
	if (st)
		return st;
	if (!strcmp(r->status, "archived"))
		return archived(s);
	if (b->has_questions)
		check_questions(s, r->kind, &b->questions);
	if ((st = svc_check(s)))
		return st;
	if ((st = svc_begin(s)))
		return st;
	int64_t answered = 0;
	bool found = false;
	int db = b->has_questions ? sql_survey_answered_count(s->db, r->id, &answered, &found) : DB_OK;
	if (db == DB_OK && answered > 0)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "has_answers",
					     "the questions stay as they are once someone has answered: "
					     "create a new survey to ask other questions"));
	if (db == DB_OK)
		db = sql_survey_update(s->db, r->id, b->title, b->audience, b->first_after_days,
				       b->has_every_days ? b->every_days : 0, time_now(), NULL);
	if (db == DB_OK && b->has_questions)
		db = questions_save(s, r->id, r->kind, &b->questions);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return survey_reply(s, r->id, out);
}

int svc_survey_status(svc_t *s, const in_setSurveyStatus_t *in, Survey_t *out)
{
	const char *to = in->body.status;
	row_survey_t *r;
	int st = survey_access(s, in->id, &r);
	if (st)
		return st;
	if (!strcmp(r->status, "archived"))
		return archived(s);
	if (!strcmp(to, "closed") && !strcmp(r->status, "draft"))
		return svc_fail(s, SVC_CONFLICT, "not_open", "a draft is not open: open it or archive it");
	if (strcmp(to, r->status)) {
		if ((st = svc_begin(s)))
			return st;
		int db = sql_survey_status_set(s->db, r->id, to, time_now(), NULL);
		if (db != DB_OK)
			return svc_abort(s, svc_db(s, db));
		if ((st = svc_commit(s)))
			return st;
	}
	return survey_reply(s, r->id, out);
}

/* ---- results ---- */

static double round1(double v)
{
	return round(v * 10) / 10;
}

/* % promoters - % detractors, rounded to the nearest integer. */
static int64_t nps_score(int64_t answers, int64_t promoters, int64_t detractors)
{
	return (int64_t)lround(100.0 * (double)(promoters - detractors) / (double)answers);
}

int svc_survey_results(svc_t *s, const in_getSurveyResults_t *in, SurveyResults_t *out)
{
	row_survey_t *r;
	row_survey_question_t *qs;
	row_survey_numeric_t *num;
	row_survey_tally_t *tally;
	row_survey_text_t *texts;
	int nq = 0, nn = 0, nt = 0, nx = 0;
	int st = survey_access(s, in->id, &r);
	if (st || (st = questions_load(s, r->id, &qs, &nq)))
		return st;
	int db = sql_survey_numeric_of(s->db, s->arena, r->id, &num, &nn);
	if (db == DB_OK)
		db = sql_survey_tally_of(s->db, s->arena, r->id, &tally, &nt);
	if (db == DB_OK)
		db = sql_survey_texts_of(s->db, s->arena, r->id, &texts, &nx);
	if (db != DB_OK)
		return svc_db(s, db);
	arena_t *a = s->arena;
	memset(out, 0, sizeof(*out));
	survey_out(a, r, qs, nq, &out->survey);
	out->sent = r->sent;
	out->answered = r->answered;
	out->response_rate = r->sent ? round1(100.0 * (double)r->answered / (double)r->sent) : 0;
	out->response_rate_null = !r->sent;
	out->nps.score_null = true;
	out->questions.v = arena_alloc(a, sizeof(SurveyQuestionResult_t) * (size_t)(nq + 1));
	out->questions.n = nq;
	for (int i = 0; i < nq; i++) {
		const SurveyQuestion_t *q = &out->survey.questions.v[i];
		SurveyQuestionResult_t *x = &out->questions.v[i];
		*x = (SurveyQuestionResult_t){.id = q->id, .position = q->position, .kind = q->kind, .prompt = q->prompt,
					      .average_null = true};
		for (int k = 0; k < nn; k++) {
			if (num[k].question_id != q->id || !num[k].answers)
				continue;
			x->answers = num[k].answers;
			x->average = round1((double)num[k].total / (double)num[k].answers);
			x->average_null = false;
			if (!strcmp(q->kind, "nps") && out->nps.score_null) {
				out->nps = (SurveyNps_t){.answers = num[k].answers, .promoters = num[k].promoters,
					.detractors = num[k].detractors,
					.passives = num[k].answers - num[k].promoters - num[k].detractors,
					.score = nps_score(num[k].answers, num[k].promoters, num[k].detractors)};
			}
		}
		if (!strcmp(q->kind, "choice")) {
			x->choices.v = arena_alloc(a, sizeof(SurveyChoiceCount_t) * (size_t)(q->options.n + 1));
			x->choices.n = q->options.n;
			for (int o = 0; o < q->options.n; o++) {
				x->choices.v[o] = (SurveyChoiceCount_t){q->options.v[o], 0};
				for (int k = 0; k < nt; k++)
					if (tally[k].question_id == q->id && !strcmp(tally[k].choice, q->options.v[o]))
						x->choices.v[o].count = tally[k].n;
				x->answers += x->choices.v[o].count;
			}
		}
		if (!strcmp(q->kind, "text")) {
			x->texts.v = arena_alloc(a, sizeof(SurveyTextAnswer_t) * (size_t)(nx + 1));
			for (int k = 0; k < nx; k++)
				if (texts[k].question_id == q->id)
					x->texts.v[x->texts.n++] =
						(SurveyTextAnswer_t){texts[k].body, texts[k].role, texts[k].answered_at};
			x->answers = x->texts.n;
		}
	}
	return SVC_OK;
}

/* ---- a member's responses ---- */

static void response_out(const svc_t *s, const row_survey_response_t *r, SurveyResponse_t *out)
{
	*out = (SurveyResponse_t){.id = r->id, .survey_id = r->survey_id, .title = r->title, .kind = r->kind,
				  .survey_status = r->survey_status, .relationship_id = r->relationship_id,
				  .other = r->other, .role = r->role, .round = r->round, .sent_at = r->sent_at,
				  .answered_at = r->answered_at_null ? 0 : r->answered_at,
				  .answered_at_null = r->answered_at_null,
				  .can_answer = r->user_id == s->uid && r->answered_at_null &&
						!strcmp(r->survey_status, "open")};
}

int svc_survey_response_list(svc_t *s, SurveyResponseList_t *out)
{
	row_survey_response_t *rows;
	int n = 0;
	int st = svc_db(s, sql_survey_responses_of_user(s->db, s->arena, s->uid, &rows, &n));
	if (st)
		return st;
	out->items.v = arena_alloc(s->arena, sizeof(SurveyResponse_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		response_out(s, &rows[i], &out->items.v[i]);
	return SVC_OK;
}

/* Response id for the caller: the respondent (*mine) and the program's
 * managers and administrators see it; the other member of the
 * relationship gets 403; anyone else 404. */
static int response_access(svc_t *s, int64_t id, row_survey_response_t **out, bool *mine)
{
	int db = sql_survey_response_get(s->db, s->arena, id, out);
	if (db != DB_OK)
		return svc_db(s, db);
	const row_survey_response_t *r = *out;
	if (!r)
		return svc_not_found(s, "survey response", id);
	svc_scope_relationship(s, r->relationship_id);
	*mine = r->user_id == s->uid;
	if (*mine || s->role == ROLE_ADMIN)
		return SVC_OK;
	bool manager = false;
	if (s->role >= ROLE_MANAGER && (db = store_program_is_manager(s->db, r->program_id, s->uid, &manager)))
		return svc_db(s, db);
	if (manager)
		return SVC_OK;
	if (s->uid == r->mentor_id || s->uid == r->mentee_id)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden",
				"survey answers are private to the member who answers and the program's managers");
	return svc_not_found(s, "survey response", id);
}

static int response_reply(svc_t *s, const row_survey_response_t *r, SurveyResponse_t *out)
{
	row_survey_question_t *qs;
	row_survey_answer_t *as;
	int nq = 0, na = 0;
	int st = questions_load(s, r->survey_id, &qs, &nq);
	if (st || (st = svc_db(s, sql_survey_answers_of(s->db, s->arena, r->id, &as, &na))))
		return st;
	response_out(s, r, out);
	out->questions.v = arena_alloc(s->arena, sizeof(SurveyQuestion_t) * (size_t)(nq + 1));
	out->questions.n = nq;
	for (int i = 0; i < nq; i++)
		question_out(s->arena, &qs[i], &out->questions.v[i]);
	out->answers.v = arena_alloc(s->arena, sizeof(SurveyAnswer_t) * (size_t)(na + 1));
	out->answers.n = na;
	for (int i = 0; i < na; i++)
		out->answers.v[i] = (SurveyAnswer_t){.question_id = as[i].question_id,
			.rating = as[i].rating_null ? 0 : as[i].rating, .rating_null = as[i].rating_null,
			.choice = as[i].choice, .choice_null = !as[i].choice, .text = as[i].body, .text_null = !as[i].body};
	return SVC_OK;
}

int svc_survey_response_get(svc_t *s, const in_getSurveyResponse_t *in, SurveyResponse_t *out)
{
	row_survey_response_t *r;
	bool mine;
	int st = response_access(s, in->id, &r, &mine);
	return st ? st : response_reply(s, r, out);
}

/* Whether answer a fits question q; records the problem under "answers". */
static void check_answer(svc_t *s, int item, const SurveyAnswerInput_t *a, const SurveyQuestion_t *q)
{
	const char *k = q->kind;
	bool numeric = !strcmp(k, "nps") || !strcmp(k, "rating"), choice = !strcmp(k, "choice");
	if (a->has_rating != numeric || a->has_choice != choice || a->has_text != !strcmp(k, "text")) {
		svc_field(s, "answers", "item %d (question %d): a %s question is answered with %s", item, (int)q->position,
			  k, numeric ? "rating" : choice ? "choice" : "text");
		return;
	}
	if (!strcmp(k, "rating") && (a->rating < 1 || a->rating > 5))
		svc_field(s, "answers", "item %d (question %d): a rating is from 1 to 5", item, (int)q->position);
	if (choice) {
		bool ok = false;
		for (int o = 0; o < q->options.n; o++)
			ok = ok || !strcmp(q->options.v[o], a->choice);
		if (!ok)
			svc_field(s, "answers", "item %d (question %d): \"%s\" is not one of the options", item,
				  (int)q->position, a->choice);
	}
}

int svc_survey_answer(svc_t *s, const in_answerSurvey_t *in, SurveyResponse_t *out)
{
	const SurveyAnswersPut_t *b = &in->body;
	row_survey_response_t *r;
	bool mine;
	SurveyResponse_t blank;
	int st = response_access(s, in->id, &r, &mine);
	if (st)
		return st;
	if (!mine)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only the member it was sent to answers a survey");
	if (strcmp(r->survey_status, "open"))
		return svc_fail(s, SVC_CONFLICT, "survey_closed", "this survey is closed: answers are no longer taken");
	if (!r->answered_at_null)
		return svc_fail(s, SVC_CONFLICT, "already_answered", "you have answered this round already");
	if ((st = response_reply(s, r, &blank)))
		return st;
	const SurveyQuestion_list_t *qs = &blank.questions;
	int *which = arena_alloc(s->arena, sizeof(int) * (size_t)(b->answers.n + 1));
	for (int i = 0; i < b->answers.n; i++) {
		const SurveyAnswerInput_t *a = &b->answers.v[i];
		which[i] = -1;
		for (int k = 0; k < qs->n; k++)
			if (qs->v[k].id == a->question_id)
				which[i] = k;
		if (which[i] < 0) {
			svc_field(s, "answers", "item %d: question %lld is not one of this survey's", i + 1,
				  (long long)a->question_id);
			continue;
		}
		for (int j = 0; j < i; j++)
			if (which[j] == which[i])
				svc_field(s, "answers", "item %d answers question %d a second time", i + 1,
					  (int)qs->v[which[i]].position);
		check_answer(s, i + 1, a, &qs->v[which[i]]);
	}
	for (int k = 0; k < qs->n; k++) {
		bool given = false;
		for (int i = 0; i < b->answers.n; i++)
			given = given || which[i] == k;
		if (qs->v[k].required && !given)
			svc_field(s, "answers", "question %d (%s) needs an answer", (int)qs->v[k].position, qs->v[k].prompt);
	}
	if ((st = svc_check(s)))
		return st;
	if ((st = svc_begin(s)))
		return st;
	int changes = 0;
	int db = sql_survey_response_answered(s->db, r->id, time_now(), &changes);
	if (db == DB_OK && !changes)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "already_answered", "you have answered this round already"));
	for (int i = 0; db == DB_OK && i < b->answers.n; i++) {
		const SurveyAnswerInput_t *a = &b->answers.v[i];
		db = sql_survey_answer_add(s->db, r->id, a->question_id, a->has_rating ? a->rating : 0,
					   a->has_choice ? a->choice : NULL, a->has_text ? a->text : NULL);
	}
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	if ((db = sql_survey_response_get(s->db, s->arena, r->id, &r)) != DB_OK || !r)
		return svc_db(s, db != DB_OK ? db : DB_ERROR);
	return response_reply(s, r, out);
}

/* ---- the program report ---- */

int survey_report_load(db_t *db, arena_t *a, int64_t program_id, survey_report_t *out)
{
	row_survey_t *sv;
	row_survey_program_figures_t *pf;
	row_survey_rel_figures_t *rf;
	int ns = 0, np = 0, nr = 0;
	memset(out, 0, sizeof(*out));
	int st = sql_surveys_of_program(db, a, program_id, &sv, &ns);
	if (st == DB_OK)
		st = sql_survey_program_figures_of(db, a, program_id, &pf, &np);
	if (st == DB_OK)
		st = sql_survey_rel_figures_of_program(db, a, program_id, &rf, &nr);
	if (st != DB_OK)
		return st;
	out->surveys = arena_alloc(a, sizeof(ProgramReportSurvey_t) * (size_t)(ns + 1));
	for (int i = 0; i < ns; i++) {
		if (!strcmp(sv[i].status, "archived"))
			continue;
		ProgramReportSurvey_t *x = &out->surveys[out->nsurveys++];
		*x = (ProgramReportSurvey_t){.id = sv[i].id, .title = sv[i].title, .kind = sv[i].kind,
			.status = sv[i].status, .sent = sv[i].sent, .answered = sv[i].answered,
			.nps_score_null = true, .average_rating_null = true};
		for (int k = 0; k < np; k++) {
			if (pf[k].survey_id != sv[i].id || !pf[k].answers)
				continue;
			if (!strcmp(pf[k].kind, "nps")) {
				x->nps_score = nps_score(pf[k].answers, pf[k].promoters, pf[k].detractors);
				x->nps_score_null = false;
			} else {
				x->average_rating = round1((double)pf[k].total / (double)pf[k].answers);
				x->average_rating_null = false;
			}
		}
	}
	out->rels = arena_alloc(a, sizeof(survey_rel_t) * (size_t)(nr + 1));
	out->nrels = nr;
	for (int i = 0; i < nr; i++)
		out->rels[i] = (survey_rel_t){.rel_id = rf[i].relationship_id, .answered = (int)rf[i].answered,
			.ratings = (int)rf[i].ratings, .nps_n = (int)rf[i].nps_n,
			.rating_avg = rf[i].ratings ? (double)rf[i].rating_sum / (double)rf[i].ratings : 0,
			.nps_avg = rf[i].nps_n ? (double)rf[i].nps_sum / (double)rf[i].nps_n : 0};
	return DB_OK;
}

const survey_rel_t *survey_report_find(const survey_report_t *r, int64_t rel_id)
{
	int lo = 0, hi = r->nrels - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (r->rels[mid].rel_id == rel_id)
			return &r->rels[mid];
		if (r->rels[mid].rel_id < rel_id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}
