/* End-to-end tests of the guidance library's articles over the real API:
 * editors (administrators and managers) write, edit (every change of
 * content a new version, the old ones kept), publish and archive; readers
 * see published articles only (404 for drafts and archived ones, 403 for
 * what they may see but not change); search finds words in titles and
 * bodies (stemmed, prefix of the last word, punctuation harmless); lists
 * filter by phase, audience and flag and page by id; "was this helpful?"
 * takes one changeable vote per person with the tally in words and what was
 * missing for editors only; comments can be closed per article and
 * moderated; the starter set loads once, covers every phase and every
 * health flag, and relates its articles. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "svc/article.h"

TestSuite(articles, .init = h_setup, .fini = h_teardown, .timeout = 60);

#define MGR "mgr1@example.org"

static const char *art(int64_t id, const char *rest)
{
	return h_fmt("/api/v1/articles/%lld%s", (long long)id, rest);
}

/* A new article by c with body json (the fields after the opening brace). */
static int64_t write_article(h_client_t *c, const char *fields)
{
	h_resp_t *r = h_req(c, "POST", "/api/v1/articles", h_fmt("{%s}", fields));
	h_expect_status(r, 201);
	return h_int(r, "id");
}

static int64_t published(h_client_t *c, const char *fields)
{
	int64_t id = write_article(c, fields);
	h_expect_status(h_req(c, "POST", art(id, "/publish"), NULL), 200);
	return id;
}

/* Whether a list answer holds article id. */
static bool lists(h_resp_t *r, int64_t id)
{
	json_t *items = h_at(r, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		if (json_integer_value(json_object_get(json_array_get(items, i), "id")) == id)
			return true;
	return false;
}

Test(articles, editor_writes_reader_reads_when_published)
{
	h_client_t *m = h_as(MGR), *reader = h_bearer(h_member_email[0]);
	h_resp_t *r = h_req(m, "POST", "/api/v1/articles",
		"{\"title\":\"Your first meeting\",\"summary\":\"Start with people.\","
		"\"body\":\"# Hello\\n\\nBreak the ice.\",\"phases\":[\"working\",\"getting_to_know\",\"working\"],"
		"\"flags\":[\"one_sided\"]}");
	h_expect_status(r, 201);
	int64_t id = h_int(r, "id");
	cr_assert_str_eq(h_str(r, "status"), "draft");
	cr_assert_eq(h_int(r, "version"), 1);
	cr_assert_str_eq(h_str(r, "body"), "# Hello\n\nBreak the ice.");
	cr_assert_eq(json_array_size(h_at(r, "phases")), 2, "repeated values count once: %s", r->body);
	cr_assert_str_eq(h_str(r, "phases.0"), "getting_to_know", "phases in their own order");
	cr_assert_str_eq(h_str(r, "phases.1"), "working");
	cr_assert_eq(json_array_size(h_at(r, "audiences")), 3, "every audience by default");
	cr_assert_str_eq(h_str(r, "flags.0"), "one_sided");
	cr_assert_str_eq(h_str(r, "helpful.text"), "No votes yet");
	cr_assert(json_is_null(h_at(r, "my_vote")));
	cr_assert(json_is_null(h_at(r, "published_at")));
	const char *share = h_str(r, "share_url");
	cr_assert(share && strstr(share, h_fmt("/guides/%lld", (long long)id)), "%s", r->body);

	/* A draft is not found for readers, in lists, searches and directly. */
	h_expect_status(h_req(reader, "GET", art(id, ""), NULL), 404);
	cr_assert(!lists(h_req(reader, "GET", "/api/v1/articles", NULL), id));
	cr_assert(!lists(h_req(reader, "GET", "/api/v1/articles?q=ice", NULL), id));
	h_expect_status(h_req(reader, "GET", art(id, "/votes"), NULL), 404);
	h_expect_status(h_req(reader, "GET", art(id, "/comments"), NULL), 404);
	cr_assert(lists(h_req(m, "GET", "/api/v1/articles?status=draft", NULL), id));

	r = h_req(m, "POST", art(id, "/publish"), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "status"), "published");
	cr_assert(json_is_string(h_at(r, "published_at")));
	r = h_req(reader, "GET", art(id, ""), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "title"), "Your first meeting");
	r = h_req(reader, "GET", "/api/v1/articles", NULL);
	h_expect_status(r, 200);
	cr_assert(lists(r, id));
	cr_assert_null(h_at(r, "items.0.body"), "lists leave the body out: %s", r->body);

	/* Archived: gone for readers, kept for editors; publishing brings it back. */
	h_expect_status(h_req(m, "POST", art(id, "/archive"), NULL), 200);
	h_expect_status(h_req(reader, "GET", art(id, ""), NULL), 404);
	cr_assert(!lists(h_req(reader, "GET", "/api/v1/articles", NULL), id));
	r = h_req(m, "GET", art(id, ""), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "status"), "archived");
	cr_assert(lists(h_req(m, "GET", "/api/v1/articles?status=archived", NULL), id));
	h_expect_status(h_req(m, "POST", art(id, "/publish"), NULL), 200);
	h_expect_status(h_req(reader, "GET", art(id, ""), NULL), 200);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM audit_log WHERE object_id = %lld AND action LIKE 'article.%%'",
				    (long long)id)), 4, "create, publish, archive, publish are audited");
}

Test(articles, readers_may_not_write)
{
	h_client_t *m = h_as(MGR), *reader = h_as(h_member_email[0]);
	int64_t draft = write_article(m, "\"title\":\"Draft\",\"body\":\"x\"");
	int64_t pub = published(m, "\"title\":\"Public\",\"body\":\"x\"");
	h_expect_status(h_req(reader, "POST", "/api/v1/articles", "{\"title\":\"Mine\",\"body\":\"x\"}"), 403);
	/* What they can read: 403; what they cannot: 404. */
	h_expect_status(h_req(reader, "PATCH", art(pub, ""), "{\"title\":\"Hijacked\"}"), 403);
	h_expect_status(h_req(reader, "PATCH", art(draft, ""), "{\"title\":\"Hijacked\"}"), 404);
	h_expect_status(h_req(reader, "POST", art(pub, "/archive"), NULL), 403);
	h_expect_status(h_req(reader, "POST", art(draft, "/publish"), NULL), 404);
	h_expect_status(h_req(reader, "GET", art(pub, "/versions"), NULL), 403);
	h_expect_status(h_req(reader, "GET", art(draft, "/versions"), NULL), 404);
	h_expect_status(h_req(reader, "GET", "/api/v1/articles?status=draft", NULL), 403);
	h_expect_status(h_req(reader, "GET", "/api/v1/articles?status=all", NULL), 403);
	h_expect_status(h_req(reader, "GET", "/api/v1/articles/helpfulness", NULL), 403);
	h_expect_status(h_req(reader, "GET", art(999999, ""), NULL), 404);
	cr_assert_str_eq(h_str(h_req(reader, "GET", art(pub, ""), NULL), "title"), "Public", "nothing changed");
	/* Without credentials, nothing. */
	h_expect_status(h_req(h_client(), "GET", "/api/v1/articles", NULL), 401);
	/* Administrators and the other manager edit too. */
	h_expect_status(h_req(h_bearer("admin@example.org"), "PATCH", art(pub, ""), "{\"summary\":\"By admin\"}"), 200);
	h_expect_status(h_req(h_bearer("mgr2@example.org"), "PATCH", art(pub, ""), "{\"summary\":\"By mgr2\"}"), 200);
}

Test(articles, every_change_of_content_is_a_version)
{
	h_client_t *m = h_as(MGR), *a = h_bearer("admin@example.org");
	int64_t other = published(m, "\"title\":\"Other\",\"body\":\"o\"");
	int64_t id = write_article(m, "\"title\":\"Version one\",\"body\":\"First text\",\"note\":\"started\"");
	h_resp_t *r = h_req(a, "PATCH", art(id, ""),
		h_fmt("{\"title\":\"Version two\",\"related\":[%lld],\"note\":\"retitled\"}", (long long)other));
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "version"), 2);
	cr_assert_eq(h_int(r, "related.0.id"), other);
	cr_assert_str_eq(h_str(r, "related.0.title"), "Other");
	cr_assert_str_eq(h_str(r, "body"), "First text", "unnamed fields are kept");
	/* Closing comments alone, or sending the same content, makes no version. */
	r = h_req(m, "PATCH", art(id, ""), "{\"comments_closed\":true}");
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "version"), 2);
	cr_assert(json_is_true(h_at(r, "comments_closed")));
	r = h_req(m, "PATCH", art(id, ""), "{\"title\":\"Version two\",\"body\":\"First text\"}");
	cr_assert_eq(h_int(r, "version"), 2);
	r = h_req(m, "PATCH", art(id, ""), "{\"body\":\"Second text\",\"audiences\":[\"mentee\"]}");
	cr_assert_eq(h_int(r, "version"), 3);

	r = h_req(m, "GET", art(id, "/versions"), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 3, "%s", r->body);
	cr_assert_eq(h_int(r, "items.0.version"), 3, "newest first");
	cr_assert_str_eq(h_str(r, "items.0.body"), "Second text");
	cr_assert_str_eq(h_str(r, "items.0.audiences.0"), "mentee");
	cr_assert_eq(h_int(r, "items.1.related.0"), other);
	cr_assert_str_eq(h_str(r, "items.1.note"), "retitled");
	cr_assert_str_eq(h_str(r, "items.1.edited_by.name"), "Ada Admin");
	cr_assert_str_eq(h_str(r, "items.2.title"), "Version one", "the first version is kept as it was");
	cr_assert_str_eq(h_str(r, "items.2.body"), "First text");
	cr_assert_str_eq(h_str(r, "items.2.note"), "started");
	cr_assert_eq(json_array_size(h_at(r, "items.2.audiences")), 3);

	/* An archived related article is not shown to readers. */
	h_expect_status(h_req(m, "POST", art(id, "/publish"), NULL), 200);
	h_expect_status(h_req(m, "POST", art(other, "/archive"), NULL), 200);
	r = h_req(h_bearer(h_member_email[0]), "GET", art(id, ""), NULL);
	cr_assert_eq(json_array_size(h_at(r, "related")), 0, "%s", r->body);
	r = h_req(m, "GET", art(id, ""), NULL);
	cr_assert_eq(json_array_size(h_at(r, "related")), 1, "editors still see it");
}

Test(articles, input_is_checked)
{
	h_client_t *m = h_as(MGR);
	int64_t id = write_article(m, "\"title\":\"T\",\"body\":\"b\"");
	h_expect_field(h_req(m, "POST", "/api/v1/articles", "{\"body\":\"b\"}"), "title");
	h_expect_field(h_req(m, "POST", "/api/v1/articles", "{\"title\":\"T\",\"body\":\"\"}"), "body");
	h_expect_field(h_req(m, "POST", "/api/v1/articles", "{\"title\":\"T\",\"body\":\"b\",\"phases\":[\"dating\"]}"),
		       "phases");
	h_expect_field(h_req(m, "POST", "/api/v1/articles", "{\"title\":\"T\",\"body\":\"b\",\"audiences\":[\"ceo\"]}"),
		       "audiences");
	h_expect_field(h_req(m, "POST", "/api/v1/articles", "{\"title\":\"T\",\"body\":\"b\",\"flags\":[\"rude\"]}"),
		       "flags");
	h_expect_field(h_req(m, "POST", "/api/v1/articles", "{\"title\":\"T\",\"body\":\"b\",\"related\":[987654]}"),
		       "related");
	h_expect_field(h_req(m, "POST", "/api/v1/articles", "{\"title\":\"T\",\"body\":\"b\",\"status\":\"archived\"}"),
		       "status");
	h_expect_field(h_req(m, "POST", "/api/v1/articles", "{\"title\":\"T\\u0007\",\"body\":\"b\"}"), "title");
	h_expect_field(h_req(m, "POST", "/api/v1/articles", "{\"title\":\"Two\\nlines\",\"body\":\"b\"}"), "title");
	h_expect_field(h_req(m, "POST", "/api/v1/articles", "{\"title\":\"T\",\"body\":\"b\",\"author\":\"me\"}"),
		       "author");
	h_expect_field(h_req(m, "PATCH", art(id, ""), h_fmt("{\"related\":[%lld]}", (long long)id)), "related");
	h_expect_field(h_req(m, "PATCH", art(id, ""), "{\"title\":\"\"}"), "title");
	/* The body keeps its lines and tabs; raw HTML is stored as written and
	 * dropped only when rendered (the pages' safe Markdown). */
	h_resp_t *r = h_req(m, "PATCH", art(id, ""), "{\"body\":\"a\\n\\tb <script>x</script>\"}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "body"), "a\n\tb <script>x</script>");
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM articles"), 1, "nothing refused was written");
}

Test(articles, search_and_filters)
{
	h_client_t *m = h_as(MGR), *reader = h_bearer(h_member_email[1]);
	int64_t smart = published(m, "\"title\":\"SMART goals\",\"summary\":\"Specific and measurable.\","
				     "\"body\":\"Write goals you can measure.\",\"phases\":[\"goal_setting\"],"
				     "\"audiences\":[\"mentee\"],\"flags\":[\"overdue_goals\"]");
	int64_t touch = published(m, "\"title\":\"Keeping in touch\",\"body\":\"Mentoring goes on after the end, "
				     "over coffee.\",\"phases\":[\"completed\",\"alumni\"],\"audiences\":[\"mentor\"],"
				     "\"flags\":[\"gone_quiet\"]");
	int64_t draft = write_article(m, "\"title\":\"Secret goal plans\",\"body\":\"not yet\"");

	h_resp_t *r = h_req(reader, "GET", "/api/v1/articles?q=goal", NULL);
	h_expect_status(r, 200);
	cr_assert(lists(r, smart), "stemming: goal finds goals: %s", r->body);
	cr_assert(!lists(r, touch) && !lists(r, draft));
	cr_assert(json_is_null(h_at(r, "next")), "a search answers whole");
	cr_assert_eq(h_int(r, "items.0.id"), smart, "the title match first");
	cr_assert(lists(h_req(reader, "GET", "/api/v1/articles?q=mentor", NULL), touch), "the last word is a prefix");
	cr_assert(lists(h_req(reader, "GET", "/api/v1/articles?q=COFFEE%20end", NULL), touch), "case and every word");
	cr_assert(!lists(h_req(reader, "GET", "/api/v1/articles?q=coffee%20measure", NULL), touch));
	/* Punctuation and FTS syntax are just separators. */
	const char *odd[] = {"%22", "goal%22%20OR", "NOT%20(", "*", "goal%20-%20%5E", "%E2%80%94", "a%3Ab"};
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		h_expect_status(h_req(reader, "GET", h_fmt("/api/v1/articles?q=%s", odd[i]), NULL), 200);
	cr_assert(lists(h_req(reader, "GET", "/api/v1/articles?q=%22goals%22%20(%20measure%20*", NULL), smart),
		  "quotes, brackets and stars are separators");
	cr_assert(lists(h_req(m, "GET", "/api/v1/articles?q=secret&status=all", NULL), draft), "editors find drafts");
	cr_assert(lists(h_req(reader, "GET", "/api/v1/articles?q=", NULL), smart), "no words: the list");

	r = h_req(reader, "GET", "/api/v1/articles?phase=goal_setting", NULL);
	cr_assert(lists(r, smart) && !lists(r, touch));
	r = h_req(reader, "GET", "/api/v1/articles?phase=alumni&audience=mentor", NULL);
	cr_assert(lists(r, touch) && !lists(r, smart));
	r = h_req(reader, "GET", "/api/v1/articles?flag=gone_quiet", NULL);
	cr_assert(lists(r, touch) && !lists(r, smart));
	r = h_req(reader, "GET", "/api/v1/articles?q=goals&flag=gone_quiet", NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 0, "search and filters together");
	h_expect_field(h_req(reader, "GET", "/api/v1/articles?phase=dating", NULL), "phase");

	/* Pages by id. */
	r = h_req(reader, "GET", "/api/v1/articles?limit=1", NULL);
	cr_assert_eq(h_int(r, "items.0.id"), smart);
	const char *next = h_str(r, "next");
	cr_assert_not_null(next, "%s", r->body);
	r = h_req(reader, "GET", h_fmt("/api/v1/articles?limit=1&cursor=%s", next), NULL);
	cr_assert_eq(h_int(r, "items.0.id"), touch);
}

Test(articles, was_this_helpful)
{
	h_client_t *m = h_as(MGR), *one = h_as(h_member_email[0]), *two = h_bearer(h_member_email[1]);
	int64_t id = published(m, "\"title\":\"Saying thank you\",\"body\":\"x\"");
	int64_t other = published(m, "\"title\":\"Giving back\",\"body\":\"y\"");
	h_resp_t *r = h_req(one, "POST", art(id, "/votes"), "{\"helpful\":true,\"missing\":\"ignored with a yes\"}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "helpful.text"), "1 out of 1 found this helpful");
	cr_assert(json_is_true(h_at(r, "my_vote")));
	cr_assert_str_eq(h_str(r, "my_missing"), "");
	cr_assert_null(h_at(r, "missing"), "readers never see what others missed");
	r = h_req(two, "POST", art(id, "/votes"), "{\"helpful\":false,\"missing\":\"An example of a note\"}");
	cr_assert_str_eq(h_str(r, "helpful.text"), "1 out of 2 found this helpful");
	cr_assert_str_eq(h_str(r, "my_missing"), "An example of a note");
	r = h_req(two, "POST", art(id, "/votes"), "{\"helpful\":false}");
	cr_assert_str_eq(h_str(r, "my_missing"), "An example of a note", "a no without a note keeps the note");
	/* One vote per person: voting again changes it. */
	r = h_req(one, "POST", art(id, "/votes"), "{\"helpful\":false,\"missing\":\"Fewer words\"}");
	cr_assert_str_eq(h_str(r, "helpful.text"), "0 out of 2 found this helpful");
	cr_assert(json_is_false(h_at(r, "my_vote")));
	r = h_req(one, "POST", art(id, "/votes"), "{\"helpful\":true}");
	cr_assert_str_eq(h_str(r, "helpful.text"), "1 out of 2 found this helpful");
	cr_assert_str_eq(h_str(r, "my_missing"), "", "a yes clears the note");
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM article_votes WHERE article_id = %lld", (long long)id)), 2);

	r = h_req(one, "GET", art(id, ""), NULL);
	cr_assert_eq(h_int(r, "helpful.yes"), 1);
	cr_assert_eq(h_int(r, "helpful.votes"), 2);
	cr_assert(json_is_true(h_at(r, "my_vote")));
	r = h_req(m, "GET", art(id, "/votes"), NULL);
	h_expect_status(r, 200);
	cr_assert(json_is_null(h_at(r, "my_vote")));
	cr_assert_eq(json_array_size(h_at(r, "missing")), 1, "%s", r->body);
	cr_assert_str_eq(h_str(r, "missing.0.text"), "An example of a note");
	cr_assert(!strstr(r->body, "\"user"), "no names with what was missing: %s", r->body);

	/* The table by helpfulness: least helpful first, unvoted last. */
	h_expect_status(h_req(two, "POST", art(other, "/votes"), "{\"helpful\":true}"), 200);
	int64_t unvoted = published(m, "\"title\":\"Nobody read me\",\"body\":\"z\"");
	r = h_req(m, "GET", "/api/v1/articles/helpfulness", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "items.0.id"), id, "%s", r->body);
	cr_assert_eq(h_int(r, "items.0.missing"), 1);
	cr_assert_str_eq(h_str(r, "items.0.text"), "1 out of 2 found this helpful");
	cr_assert_eq(h_int(r, "items.1.id"), other);
	cr_assert_eq(h_int(r, "items.2.id"), unvoted);
	cr_assert(json_is_null(h_at(r, "items.2.share")));
	r = h_req(m, "GET", "/api/v1/articles/helpfulness?order=most", NULL);
	cr_assert_eq(h_int(r, "items.0.id"), other);
	h_expect_field(h_req(m, "GET", "/api/v1/articles/helpfulness?order=random", NULL), "order");

	/* Withdrawing a vote; votes only on published articles. */
	r = h_req(two, "DELETE", art(id, "/votes"), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "helpful.text"), "1 out of 1 found this helpful");
	cr_assert(json_is_null(h_at(r, "my_vote")));
	h_expect_status(h_req(m, "POST", art(other, "/archive"), NULL), 200);
	h_expect_status(h_req(two, "POST", art(other, "/votes"), "{\"helpful\":true}"), 404);
	r = h_req(m, "POST", art(other, "/votes"), "{\"helpful\":true}");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "not_published");
	h_expect_field(h_req(one, "POST", art(id, "/votes"), "{}"), "helpful");
	h_expect_field(h_req(one, "POST", art(id, "/votes"), "{\"helpful\":\"yes\"}"), "helpful");
}

Test(articles, comments_closed_and_moderated)
{
	h_client_t *m = h_as(MGR), *one = h_as(h_member_email[0]), *two = h_bearer(h_member_email[1]);
	int64_t id = published(m, "\"title\":\"Respecting schedules\",\"body\":\"x\"");
	h_resp_t *r = h_req(one, "POST", art(id, "/comments"), "{\"body\":\"We meet on **Mondays**.\"}");
	h_expect_status(r, 201);
	int64_t c1 = h_int(r, "id");
	cr_assert_str_eq(h_str(r, "author.name"), "Mia Member");
	cr_assert(json_is_true(h_at(r, "can_delete")));
	int64_t c2 = h_int(h_req(two, "POST", art(id, "/comments"), "{\"body\":\"Thanks!\"}"), "id");
	r = h_req(two, "GET", art(id, "/comments"), NULL);
	h_expect_status(r, 200);
	cr_assert_eq(json_array_size(h_at(r, "items")), 2);
	cr_assert(json_is_false(h_at(r, "items.0.can_delete")), "not two's comment");
	cr_assert(json_is_false(h_at(r, "closed")));
	cr_assert_eq(h_int(h_req(two, "GET", art(id, ""), NULL), "comment_count"), 2);

	/* Moderation: editors hide; readers then do not see it at all. */
	h_expect_status(h_req(two, "PATCH", h_fmt("/api/v1/article-comments/%lld", (long long)c1), "{\"hidden\":true}"),
			403);
	r = h_req(m, "PATCH", h_fmt("/api/v1/article-comments/%lld", (long long)c1), "{\"hidden\":true}");
	h_expect_status(r, 200);
	cr_assert(json_is_true(h_at(r, "hidden")));
	r = h_req(two, "GET", art(id, "/comments"), NULL);
	cr_assert_eq(json_array_size(h_at(r, "items")), 1);
	cr_assert_eq(h_int(r, "items.0.id"), c2);
	cr_assert_eq(h_int(h_req(two, "GET", art(id, ""), NULL), "comment_count"), 1);
	cr_assert_eq(json_array_size(h_at(h_req(m, "GET", art(id, "/comments"), NULL), "items")), 2);
	h_expect_status(h_req(one, "DELETE", h_fmt("/api/v1/article-comments/%lld", (long long)c1), NULL), 404);
	/* Only its author or an editor deletes a comment. */
	h_expect_status(h_req(one, "DELETE", h_fmt("/api/v1/article-comments/%lld", (long long)c2), NULL), 403);
	r = h_req(two, "DELETE", h_fmt("/api/v1/article-comments/%lld", (long long)c2), NULL);
	h_expect_status(r, 200);
	cr_assert(json_is_true(h_at(r, "deleted")));
	h_expect_status(h_req(m, "DELETE", h_fmt("/api/v1/article-comments/%lld", (long long)c1), NULL), 200);
	h_expect_status(h_req(m, "DELETE", h_fmt("/api/v1/article-comments/%lld", (long long)c1), NULL), 404);

	/* Closed for comments. */
	h_expect_status(h_req(m, "PATCH", art(id, ""), "{\"comments_closed\":true}"), 200);
	r = h_req(one, "POST", art(id, "/comments"), "{\"body\":\"Late\"}");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "comments_closed");
	cr_assert_str_eq(h_str(r, "error.message"), "This article is closed for comments");
	cr_assert(json_is_true(h_at(h_req(one, "GET", art(id, "/comments"), NULL), "closed")));
	h_expect_status(h_req(m, "PATCH", art(id, ""), "{\"comments_closed\":false}"), 200);
	h_expect_status(h_req(one, "POST", art(id, "/comments"), "{\"body\":\"Open again\"}"), 201);

	/* Drafts take no comments; an article's comments go with its visibility. */
	int64_t draft = write_article(m, "\"title\":\"Draft\",\"body\":\"x\"");
	r = h_req(m, "POST", art(draft, "/comments"), "{\"body\":\"early\"}");
	h_expect_status(r, 409);
	cr_assert_str_eq(h_str(r, "error.code"), "not_published");
	h_expect_status(h_req(one, "POST", art(draft, "/comments"), "{\"body\":\"early\"}"), 404);
	int64_t c3 = h_int(h_req(one, "GET", art(id, "/comments"), NULL), "items.0.id");
	h_expect_status(h_req(m, "POST", art(id, "/archive"), NULL), 200);
	h_expect_status(h_req(one, "DELETE", h_fmt("/api/v1/article-comments/%lld", (long long)c3), NULL), 404);
	h_expect_field(h_req(m, "POST", art(draft, "/comments"), "{\"body\":\"\"}"), "body");
}

Test(articles, starter_set)
{
	arena_t *a = arena_new();
	db_t *db = db_pool_acquire(H.app.pool);
	svc_t s;
	svc_init_cli(&s, db, a, (secret_cost_t){0});
	int loaded = 0, kept = 0;
	int st = svc_article_load_starters(&s, &loaded, &kept);
	cr_assert_eq(st, SVC_OK, "%s", s.detail ? s.detail : s.err.message);
	cr_assert_geq(loaded, 12, "one or more per phase and per practice");
	cr_assert_eq(kept, 0);
	/* An editor's change is never overwritten: loading again adds nothing. */
	h_client_t *m = h_as(MGR);
	h_resp_t *r = h_req(m, "GET", "/api/v1/articles?limit=100", NULL);
	int64_t first = h_int(r, "items.0.id");
	h_expect_status(h_req(m, "PATCH", art(first, ""), "{\"title\":\"Our own words\"}"), 200);
	h_expect_status(h_req(m, "POST", art(h_int(r, "items.1.id"), "/archive"), NULL), 200);
	int again = 0;
	svc_init_cli(&s, db, a, (secret_cost_t){0});
	cr_assert_eq(svc_article_load_starters(&s, &again, &kept), SVC_OK);
	cr_assert_eq(again, 0);
	cr_assert_eq(kept, loaded);
	db_pool_release(H.app.pool, db);
	arena_free(a);
	cr_assert_str_eq(h_str(h_req(m, "GET", art(first, ""), NULL), "title"), "Our own words");

	/* Every phase has articles for mentors and mentees; every flag one. */
	h_client_t *reader = h_bearer(h_member_email[0]);
	const char *phases[] = {"getting_to_know", "goal_setting", "working", "closing", "completed", "alumni"};
	for (size_t i = 0; i < sizeof(phases) / sizeof(phases[0]); i++)
		for (int k = 0; k < 2; k++) {
			r = h_req(reader, "GET", h_fmt("/api/v1/articles?phase=%s&audience=%s", phases[i],
						       k ? "mentee" : "mentor"), NULL);
			cr_assert_geq(json_array_size(h_at(r, "items")), 1, "no article for %s", phases[i]);
		}
	const char *flags[] = {"gone_quiet", "schedule_imposed", "credit_taken", "projects_pushed",
			       "repeated_mistakes", "one_sided", "overdue_goals"};
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		r = h_req(reader, "GET", h_fmt("/api/v1/articles?flag=%s", flags[i]), NULL);
		cr_assert_geq(json_array_size(h_at(r, "items")), 1, "no article about %s", flags[i]);
	}
	/* Managers have theirs; the set relates its articles; search finds them. */
	cr_assert_geq(json_array_size(h_at(h_req(reader, "GET", "/api/v1/articles?audience=manager", NULL), "items")), 1);
	r = h_req(reader, "GET", "/api/v1/articles?q=SMART", NULL);
	cr_assert_geq(json_array_size(h_at(r, "items")), 1, "%s", r->body);
	r = h_req(reader, "GET", art(h_int(r, "items.0.id"), ""), NULL);
	cr_assert_geq(json_array_size(h_at(r, "related")), 1, "%s", r->body);
	cr_assert_eq(h_int(r, "version"), 1);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM article_versions WHERE note = 'The starter set of mentord' "
			      "AND edited_by IS NULL"), loaded);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM article_versions v JOIN articles a ON a.id = v.article_id "
			      "WHERE v.version = 1 AND a.starter_key IS NOT NULL AND v.related = ''"), 0,
		     "every starter article relates to others, and version 1 says so");
}
